import type { z } from 'zod';
import type { CreateEscalation } from '../../../shared/escalations';
import { recordAudit } from '../../platform/audit';
import { addBusinessMinutes, type BusinessHours } from '../../platform/calendar/business-hours';
import { nextNumber } from '../../platform/db/sequences';
import { invalid } from '../../platform/errors';
import { emit } from '../../platform/events';
import type { ServiceContext } from '../../platform/service-context';
import { findConversationLinks } from '../inbox';
import { announceOwner, entry, type EscalationMail } from './history';
import { DUE_BY, getLevels, ownerAt } from './levels';
import { accountExists, findOrderLinks, jobAccountId, userExists } from './repo';
import { escalations } from './tables';

/**
 * Opens an escalation at level 1 (or a given owner), due by its severity in business hours, and tells the
 * owner. `automatic` says why the breach check opened it (null when a person did).
 */
export async function createEscalation(
  opts: ServiceContext & {
    hours: BusinessHours;
    mail: EscalationMail;
    input: z.output<typeof CreateEscalation>;
    automatic?: string;
  },
) {
  const { db, actor, input } = opts;
  const now = opts.clock.now();
  let accountId = input.accountId ?? null;
  let jobId = input.jobId ?? null;
  if (input.orderId) {
    const o = await findOrderLinks(db, input.orderId);
    if (!o) throw invalid('The order was not found', [{ path: 'orderId', message: 'Unknown order' }]);
    if (accountId && o.accountId !== accountId)
      throw invalid('The order belongs to another client', [
        { path: 'orderId', message: 'Another client’s order' },
      ]);
    if (jobId && o.jobId && jobId !== o.jobId)
      throw invalid('The order is made by another job', [{ path: 'jobId', message: 'Not this order’s job' }]);
    accountId = o.accountId;
    jobId ??= o.jobId;
  }
  if (input.conversationId) {
    const c = await findConversationLinks(db, input.conversationId);
    if (!c)
      throw invalid('The conversation was not found', [
        { path: 'conversationId', message: 'Unknown conversation' },
      ]);
    if (!c.accountId)
      throw invalid('Link the sender to a client first', [
        { path: 'conversationId', message: 'Unmatched sender' },
      ]);
    if (accountId && c.accountId !== accountId)
      throw invalid('The conversation belongs to another client', [
        { path: 'conversationId', message: 'Another client’s conversation' },
      ]);
    accountId = c.accountId;
    jobId ??= c.jobId;
  }
  if (jobId) {
    const jobAccount = await jobAccountId(db, jobId);
    if (!jobAccount) throw invalid('The job was not found', [{ path: 'jobId', message: 'Unknown job' }]);
    if (accountId && jobAccount !== accountId)
      throw invalid('The job belongs to another client', [
        { path: 'jobId', message: 'Another client’s job' },
      ]);
    accountId = jobAccount;
  }
  if (!accountId || !(await accountExists(db, accountId)))
    throw invalid('The account was not found', [{ path: 'accountId', message: 'Unknown account' }]);
  if (input.ownerId && !(await userExists(db, input.ownerId, { active: true })))
    throw invalid('The owner is not an active user', [{ path: 'ownerId', message: 'Unknown user' }]);
  const levels = await getLevels({ db });
  const ownerId = input.ownerId ?? (await ownerAt(db, levels[0], accountId));
  const automatic = opts.automatic ?? null;
  const [row] = await db
    .insert(escalations)
    .values({
      number: await nextNumber(db, 'escalation', 'ESC', Number(now.toISOString().slice(0, 4))),
      accountId,
      conversationId: input.conversationId ?? null,
      jobId,
      orderId: input.orderId ?? null,
      title: input.title,
      description: input.description ?? null,
      severity: input.severity,
      category: input.category,
      level: 1,
      ownerId,
      dueAt: addBusinessMinutes(now, DUE_BY[input.severity], opts.hours),
      automatic,
      history: [entry('opened', automatic ?? `Opened at ${levels[0]?.label ?? 'level 1'}`, actor, now)],
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await recordAudit(db, actor, {
    action: 'escalation.opened',
    entityType: 'escalation',
    entityId: row!.id,
    accountId,
    summary: `Escalation ${row!.number} (${input.severity}, ${input.category.replace('_', ' ')}): ${input.title}${automatic ? ` — ${automatic}` : ''}`,
    after: input,
  });
  await emit(
    db,
    actor,
    'escalation.opened',
    { entityType: 'escalation', entityId: row!.id, accountId },
    {
      escalationId: row!.id,
      number: row!.number,
      title: input.title,
      ownerId: ownerId ?? null,
      severity: input.severity,
      category: input.category,
      automatic: !!automatic,
    },
  );
  await announceOwner(
    db,
    actor,
    opts.mail,
    ownerId,
    row!,
    automatic ? 'Escalated automatically' : 'Escalated to you',
  );
  return row!;
}
