import { and, count, desc, eq, inArray, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type { MailMessage, MailQuery, MailSummary } from '../../../shared/audit';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import type { Mailer } from '../../platform/mail';
import { mailMessages } from '../../platform/mail-tables';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import type { ServiceContext } from '../../platform/service-context';

type Row = typeof mailMessages.$inferSelect;
const present = (m: Row): MailMessage => ({
  id: m.id,
  to: m.to,
  subject: m.subject,
  text: m.text,
  status: m.status,
  error: m.error,
  attempts: m.attempts,
  sentAt: m.sentAt?.toISOString() ?? null,
  createdAt: m.createdAt.toISOString(),
});

/** Outbound e-mail newest first, optionally of one status (with no SMTP configured, mail waits here). */
export async function listMailMessages(opts: { db: Db; query: z.output<typeof MailQuery> }) {
  const { limit, cursor, status } = opts.query;
  const before = cursor ? new Date(String(decodeCursor(cursor, 1)[0])) : null;
  const rows = await opts.db
    .select()
    .from(mailMessages)
    .where(
      and(
        status ? eq(mailMessages.status, status) : undefined,
        before && !Number.isNaN(before.getTime()) ? lt(mailMessages.createdAt, before) : undefined,
      ),
    )
    .orderBy(desc(mailMessages.createdAt))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return {
    items: items.map(present),
    nextCursor: rows.length > limit ? encodeCursor([items.at(-1)!.createdAt.toISOString()]) : null,
  };
}

/** One outbound e-mail; "not found" for an unknown id. */
export async function getMailMessage(opts: { db: Db; id: string }) {
  const [row] = await opts.db.select().from(mailMessages).where(eq(mailMessages.id, opts.id));
  if (!row) throw notFound('Message');
  return present(row);
}

/** How many messages wait (queued, being sent or held without SMTP) and how many failed. */
export async function mailSummary(opts: { db: Db; mailer: Mailer }): Promise<MailSummary> {
  const rows = await opts.db
    .select({ status: mailMessages.status, n: count() })
    .from(mailMessages)
    .where(inArray(mailMessages.status, ['queued', 'sending', 'outbox', 'failed']))
    .groupBy(mailMessages.status);
  const of = (...statuses: string[]) =>
    rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + Number(r.n), 0);
  return {
    waiting: of('queued', 'sending', 'outbox'),
    failed: of('failed'),
    smtpConfigured: opts.mailer.canSend,
  };
}

/**
 * Sends a failed message again. The row is locked, so two admins pressing Resend at once queue it once; the
 * second is told it is already queued.
 */
export async function resendMailMessage(opts: ServiceContext & { id: string; mailer: Mailer }) {
  const { db, actor, id } = opts;
  const [row] = await db.select().from(mailMessages).where(eq(mailMessages.id, id)).for('update');
  if (!row) throw notFound('Message');
  if (row.status !== 'failed') {
    throw conflict(`This message is ${row.status}: only a failed message can be sent again`);
  }
  await opts.mailer.requeue(db, id);
  await recordAudit(db, actor, {
    action: 'mail.resent',
    entityType: 'mail-message',
    entityId: id,
    summary: `E-mail “${row.subject}” to ${row.to} sent again`,
    before: { status: row.status, error: row.error, attempts: row.attempts },
  });
  return getMailMessage({ db, id });
}
