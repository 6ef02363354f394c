import type { Job } from '../../../shared/jobs';
import { changedFields } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { ServiceContext } from '../../platform/service-context';

/** Fields that move with the status or the plan, not with an edit of the job (each has its own event). */
const NOT_EDITS = new Set([
  'status',
  'statusReason',
  'completedAt',
  'updatedAt',
  'risk',
  'riskChangedAt',
  'warnings',
  'stages',
]);

/**
 * Tells the integrations what an edit of the job did, in its transaction: a status move (hold, release,
 * cancel, complete by hand) and an edit of the job's own fields — unless a change order records that edit
 * (the change order is published as its own event, so one edit is never told twice).
 */
export async function emitJobChanges(
  opts: Pick<ServiceContext, 'db' | 'actor'> & { id: string },
  before: Job,
  after: Job,
  reason: string | null | undefined,
  recordsOrder: boolean,
) {
  const subject = { entityType: 'job', entityId: opts.id, accountId: after.account.id };
  const named = { jobId: opts.id, number: after.number, title: after.title };
  if (after.status !== before.status)
    await emit(opts.db, opts.actor, 'job.status_changed', subject, {
      ...named,
      from: before.status,
      to: after.status,
      reason: reason ?? null,
    });
  const fields = changedFields(before, after).filter((f) => !NOT_EDITS.has(f));
  if (fields.length && !recordsOrder)
    await emit(opts.db, opts.actor, 'job.updated', subject, { ...named, fields });
}
