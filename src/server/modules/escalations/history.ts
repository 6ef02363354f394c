import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import type { Mailer } from '../../platform/mail';
import { activeUserEmail } from './repo';
import type { EscalationHistoryEntry, escalations } from './tables';

/** The escalations module's own e-mail: the owner's "it is yours" message links back to the app. */
export type EscalationMail = { mailer: Mailer; publicUrl: string };

/** One line of an escalation's history. */
export const entry = (kind: string, text: string, actor: Actor, now: Date): EscalationHistoryEntry => ({
  at: now.toISOString(),
  kind,
  text,
  actor: actor.kind === 'system' ? 'Jobjacket' : actor.name,
});

/**
 * Tells whoever now holds the escalation: the `escalation.assigned` event (the app's notification hangs on
 * it) and an e-mail, queued in the transaction and sent after commit. Inactive owners get neither.
 */
export async function announceOwner(
  db: Db,
  actor: Actor,
  mail: EscalationMail,
  ownerId: string | null,
  e: typeof escalations.$inferSelect,
  why: string,
) {
  if (!ownerId) return;
  const email = await activeUserEmail(db, ownerId);
  if (!email) return;
  const title = `${e.number} ${e.severity}: ${e.title}`;
  await emit(
    db,
    actor,
    'escalation.assigned',
    { entityType: 'escalation', entityId: e.id, accountId: e.accountId },
    { escalationId: e.id, number: e.number, title, ownerId, why },
  );
  await mail.mailer.queueMail(db, {
    to: email,
    subject: `[${e.number}] ${why}: ${e.title}`,
    text: `${why}.\n\n${title}\nDue by: ${e.dueAt.toISOString()}\n\nOpen it: ${mail.publicUrl}/escalations/${e.id}\n`,
  });
}
