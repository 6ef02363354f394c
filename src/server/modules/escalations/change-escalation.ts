import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ResolveEscalation, UpdateEscalation } from '../../../shared/escalations';
import { recordAudit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { addBusinessMinutes, type BusinessHours } from '../../platform/calendar/business-hours';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { getEscalation } from './escalation-queries';
import { announceOwner, entry, type EscalationMail } from './history';
import { DUE_BY, getLevels, ownerAt } from './levels';
import { userExists } from './repo';
import { escalations } from './tables';

/** Moves an open escalation to the next level of the path (a new owner and a new due-by). */
export async function raiseEscalation(
  opts: ServiceContext & { hours: BusinessHours; mail: EscalationMail; id: string; why: string },
) {
  const { db, actor, id, why } = opts;
  const now = opts.clock.now();
  const [e] = await db.select().from(escalations).where(eq(escalations.id, id)).for('update');
  if (!e) throw notFound('Escalation');
  if (e.status !== 'open') throw conflict('The escalation is resolved');
  const levels = await getLevels({ db });
  const next = levels.find((l) => l.level === e.level + 1);
  const ownerId = next ? ((await ownerAt(db, next, e.accountId)) ?? e.ownerId) : e.ownerId;
  const text = next
    ? `${why}: raised to ${next.label}`
    : `${why}: already at the top level (${levels.at(-1)?.label})`;
  const [after] = await db
    .update(escalations)
    .set({
      level: next ? next.level : e.level,
      ownerId,
      dueAt: addBusinessMinutes(now, DUE_BY[e.severity], opts.hours),
      history: [...e.history, entry(next ? 'raised' : 'overdue', text, actor, now)],
      updatedAt: now,
    })
    .where(eq(escalations.id, id))
    .returning();
  await recordAudit(db, actor, {
    action: 'escalation.raised',
    entityType: 'escalation',
    entityId: id,
    accountId: e.accountId,
    summary: `Escalation ${e.number}: ${text}`,
    before: { level: e.level, ownerId: e.ownerId },
    after: { level: after!.level, ownerId },
  });
  await announceOwner(
    db,
    actor,
    opts.mail,
    ownerId,
    after!,
    next ? `Escalated to ${next.label}` : 'Still overdue',
  );
  return after!;
}

/** Changes severity, category or owner, or raises the escalation by hand. */
export async function updateEscalation(
  opts: ServiceContext & {
    hours: BusinessHours;
    mail: EscalationMail;
    id: string;
    input: z.output<typeof UpdateEscalation>;
  },
) {
  const { db, actor, id, input } = opts;
  const now = opts.clock.now();
  if (input.raise) await raiseEscalation({ ...opts, why: 'Raised by hand' });
  const { raise: _raise, ...fields } = input;
  if (Object.keys(fields).length) {
    const [e] = await db.select().from(escalations).where(eq(escalations.id, id)).for('update');
    if (!e) throw notFound('Escalation');
    if (fields.ownerId && !(await userExists(db, fields.ownerId, { active: true })))
      throw invalid('The owner is not an active user', [{ path: 'ownerId', message: 'Unknown user' }]);
    const changes = Object.entries(fields)
      .map(([k, v]) => `${k} → ${String(v ?? '—')}`)
      .join(', ');
    await db
      .update(escalations)
      .set({ ...fields, history: [...e.history, entry('changed', changes, actor, now)], updatedAt: now })
      .where(eq(escalations.id, id));
    await recordAudit(db, actor, {
      action: 'escalation.updated',
      entityType: 'escalation',
      entityId: id,
      accountId: e.accountId,
      summary: `Escalation ${e.number} changed: ${changes}`,
      before: { severity: e.severity, category: e.category, ownerId: e.ownerId },
      after: fields,
    });
    if (fields.ownerId && fields.ownerId !== e.ownerId)
      await announceOwner(db, actor, opts.mail, fields.ownerId, e, 'Handed to you');
  }
  return getEscalation({ db, clock: opts.clock, id });
}

/** Closes an escalation with what caused it and what was changed so it does not happen again. */
export async function resolveEscalation(
  opts: ServiceContext & { id: string; input: z.output<typeof ResolveEscalation> },
) {
  const { db, actor, id, input } = opts;
  const now = opts.clock.now();
  const [e] = await db.select().from(escalations).where(eq(escalations.id, id)).for('update');
  if (!e) throw notFound('Escalation');
  if (e.status === 'resolved') throw conflict(`${e.number} is already resolved`);
  await db
    .update(escalations)
    .set({
      status: 'resolved',
      rootCause: input.rootCause,
      correctiveAction: input.correctiveAction,
      resolvedAt: now,
      resolvedBy: actor.id,
      history: [...e.history, entry('resolved', `Resolved — root cause: ${input.rootCause}`, actor, now)],
      updatedAt: now,
    })
    .where(eq(escalations.id, id));
  await recordAudit(db, actor, {
    action: 'escalation.resolved',
    entityType: 'escalation',
    entityId: id,
    accountId: e.accountId,
    summary: `Escalation ${e.number} resolved. Root cause: ${input.rootCause.slice(0, 200)}. Corrective action: ${input.correctiveAction.slice(0, 200)}`,
    after: input,
  });
  await emit(
    db,
    actor,
    'escalation.resolved',
    { entityType: 'escalation', entityId: id, accountId: e.accountId },
    { escalationId: id, number: e.number, title: e.title, ...input },
  );
  return getEscalation({ db, clock: opts.clock, id });
}
