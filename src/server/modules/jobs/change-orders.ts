import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ChangeOrder, ChangeOrderChanges, ChangeOrderInput, Job } from '../../../shared/jobs';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import { emit } from '../../platform/events';
import type { ServiceContext } from '../../platform/service-context';
import { getContact } from '../accounts';
import { getUserContact, userNames } from '../users';
import { dollars } from './change-text';
import './events';
import { jobChangeOrders, jobs } from './tables';

type Input = z.output<typeof ChangeOrderInput>;
type Kind = (typeof jobChangeOrders.$inferSelect)['kind'];
const CLOSED = ['completed', 'closed', 'cancelled'];

/** Locks the job row for a change (concurrent edits wait) and refuses a job that can no longer change. */
export async function lockJobForChange(db: Db, jobId: string) {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (!job) throw notFound('Job');
  if (CLOSED.includes(job.status)) {
    throw conflict(`Job ${job.number} is ${job.status}: it can no longer change`);
  }
  return job;
}

/** Once a stage has started, a change to the job needs a change order: why, and who asked. */
export function requireChangeOrder(job: Job, input: Input | undefined, path = 'changeOrder.reason') {
  if (job.productionStarted && !input) {
    throw invalid(`Job ${job.number} is in production: record the change as a change order`, [
      { path, message: 'Give the reason and who asked (a client contact or a staff user)' },
    ]);
  }
}

/** The job's price: its estimate, or the sum of its items' prices when it has no estimate (null: unpriced). */
export function priceOf(job: Pick<Job, 'estimatedPriceCents' | 'items'>) {
  if (job.estimatedPriceCents !== null) return job.estimatedPriceCents;
  const priced = job.items.filter((i) => i.priceCents !== null);
  return priced.length ? priced.reduce((sum, i) => sum + i.priceCents!, 0) : null;
}

const nameOf = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`.trim();

/** Who asked: exactly one of a contact of the job's account or an active staff user. */
async function requester(db: Db, accountId: string, input: Input) {
  const { requestedByContactId: contactId, requestedByUserId: userId } = input;
  if (Boolean(contactId) === Boolean(userId)) {
    throw invalid('Say who asked for the change: a client contact or a staff user, not both', [
      { path: 'changeOrder.requestedByContactId', message: 'Give exactly one of contact or user' },
    ]);
  }
  if (contactId) {
    const contact = await getContact({ db, id: contactId }).catch(() => null);
    if (!contact || contact.accountId !== accountId) {
      throw invalid('The contact who asked is not one of this account', [
        { path: 'changeOrder.requestedByContactId', message: 'Unknown contact' },
      ]);
    }
    return { contactId, userId: null, name: nameOf(contact), email: contact.emails[0] ?? null };
  }
  const user = await getUserContact({ db, id: userId! }).catch(() => null);
  if (!user?.active) {
    throw invalid('The staff user who asked is unknown or inactive', [
      { path: 'changeOrder.requestedByUserId', message: 'Unknown user' },
    ]);
  }
  return { contactId: null, userId: user.id, name: user.name, email: null };
}

/** Who gets the client's confirmation: the contact who asked, else the job's contact; one with an e-mail. */
async function confirmationTo(db: Db, job: Job, asked: { name: string; email: string | null }) {
  if (asked.email) return { email: asked.email, name: asked.name };
  const contact = job.contactId ? await getContact({ db, id: job.contactId }).catch(() => null) : null;
  if (contact?.emails[0]) return { email: contact.emails[0], name: nameOf(contact) };
  throw invalid(
    'Nobody to send the confirmation to: neither the requester nor the job’s contact has an e-mail',
    [{ path: 'changeOrder.confirmToClient', message: 'No client e-mail' }],
  );
}

/**
 * Records a change order for a change already applied (under the job's row lock): numbers it, prices it,
 * audits it (so it is on the job's activity and the account's timeline) and emits `job.change_order`, which
 * tells the departments with open stages and, when asked, the client.
 */
export async function recordChangeOrder(
  opts: ServiceContext & {
    before: Job;
    after: Job;
    kind: Kind;
    changes: ChangeOrderChanges;
    summary: string;
    input: Input;
  },
) {
  const { db, actor, before, after, input } = opts;
  const asked = await requester(db, after.account.id, input);
  const confirmTo = input.confirmToClient ? await confirmationTo(db, after, asked) : null;
  const [{ next }] = (await db
    .select({ next: sql<number>`coalesce(max(${jobChangeOrders.number}), 0)::int + 1` })
    .from(jobChangeOrders)
    .where(eq(jobChangeOrders.jobId, after.id))) as [{ next: number }];
  const priceBeforeCents = priceOf(before);
  const priceAfterCents = priceOf(after);
  const [row] = await db
    .insert(jobChangeOrders)
    .values({
      jobId: after.id,
      accountId: after.account.id,
      number: next,
      kind: opts.kind,
      reason: input.reason,
      requestedByContactId: asked.contactId,
      requestedByUserId: asked.userId,
      requestedByName: asked.name,
      summary: opts.summary,
      changes: opts.changes,
      priceBeforeCents,
      priceAfterCents,
      confirmationTo: confirmTo?.email ?? null,
      createdBy: actor.id,
    })
    .returning();
  const difference = priceDifference(priceBeforeCents, priceAfterCents);
  const money = difference === null ? '' : `; price ${difference >= 0 ? '+' : ''}${dollars(difference)}`;
  await recordAudit(db, actor, {
    action: 'job.change_order',
    entityType: 'job',
    entityId: after.id,
    accountId: after.account.id,
    summary: `Change order CO-${next} on ${after.number}: ${opts.summary} — ${input.reason} (asked by ${asked.name})${money}`,
    before: opts.changes.before,
    after: opts.changes.after,
  });
  const departments = new Map(
    after.stages.filter((s) => s.status !== 'done').map((s) => [s.department.id, s.department]),
  );
  await emit(
    db,
    actor,
    'job.change_order',
    { entityType: 'job', entityId: after.id, accountId: after.account.id },
    {
      jobId: after.id,
      number: after.number,
      title: after.title,
      ownerId: after.owner?.id ?? null,
      detail: `CO-${next} on ${after.number}: ${opts.summary}`,
      changeOrderId: row!.id,
      changeOrderNumber: next,
      reason: input.reason,
      requestedBy: asked.name,
      summary: opts.summary,
      dueDate: after.dueDate,
      priceBeforeCents,
      priceAfterCents,
      departments: [...departments.values()],
      confirmTo,
    },
  );
  return row!;
}

const priceDifference = (before: number | null, after: number | null) =>
  before === null && after === null ? null : (after ?? 0) - (before ?? 0);

/** A job's change orders, oldest first. */
export async function listChangeOrders(opts: { db: Db; jobId: string }): Promise<ChangeOrder[]> {
  const rows = await opts.db
    .select()
    .from(jobChangeOrders)
    .where(eq(jobChangeOrders.jobId, opts.jobId))
    .orderBy(asc(jobChangeOrders.number));
  const names = await userNames(
    opts.db,
    rows.flatMap((r) => (r.createdBy ? [r.createdBy] : [])),
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    reason: r.reason,
    requestedBy: {
      kind: r.requestedByContactId ? 'contact' : 'staff',
      id: r.requestedByContactId ?? r.requestedByUserId,
      name: r.requestedByName,
    },
    summary: r.summary,
    changes: r.changes,
    priceBeforeCents: r.priceBeforeCents,
    priceAfterCents: r.priceAfterCents,
    priceDifferenceCents: priceDifference(r.priceBeforeCents, r.priceAfterCents),
    confirmationTo: r.confirmationTo,
    createdBy: r.createdBy ? { id: r.createdBy, name: names.get(r.createdBy) ?? '—' } : null,
    createdAt: r.createdAt.toISOString(),
  }));
}
