import { recordAudit } from '../platform/audit';
import { subscribe } from '../platform/events';
import type { Clock } from '../platform/service-context';
import { getJob, setJobItemSpec } from '../modules/jobs';

/**
 * A mailing list attached to a job item carries its mail class, drop date and piece count into the item's
 * mailing spec (`spec.mailing`, read by the job page and the mailing stage) whenever the list is applied
 * to the job or a drop is recorded — in the same transaction, audited as a change of the job.
 */
export function subscribeMailingToJob(opts: { clock: Clock }) {
  subscribe('mailing_list.mailing_changed', 'mailing-to-job', async (db, { payload: m, actor }) => {
    const job = await getJob({ db, id: m.jobId });
    const item = job.items.find((i) => i.id === m.jobItemId);
    if (!item) return;
    const before = item.spec.mailing;
    const dropDate = m.dropDate ?? before?.dropDate;
    const pieces = m.pieces || before?.pieces;
    const mailing = {
      mailClass: m.mailClass,
      ...(dropDate ? { dropDate } : {}),
      ...(pieces ? { pieces } : {}),
    };
    await setJobItemSpec(db, item.id, { ...item.spec, mailing }, opts.clock.now());
    await recordAudit(db, actor, {
      action: 'job.update',
      entityType: 'job',
      entityId: job.id,
      accountId: job.account.id,
      summary: `Mailing for item ${item.position} of job ${job.number}: ${mailing.pieces ?? '?'} pieces, drop ${mailing.dropDate ?? 'not set'} (from list "${m.listName}")`,
      before: { mailing: before ?? null },
      after: { mailing },
    });
  });
}
