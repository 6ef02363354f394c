import { systemActor } from '../platform/actor';
import { todayIn } from '../platform/clock';
import type { Db } from '../platform/db';
import type { Mailer } from '../platform/mail';
import type { Queue } from '../platform/queue';
import { assessAllOpenJobs, type JobAlert, type RiskNotifier } from '../modules/jobs/risk';
import { getUser } from '../modules/users/service';
import { notifyUser } from '../modules/notifications/service';

export const ASSESS_RISK_QUEUE = 'jobs.assess-risk';

const headline: Record<JobAlert['kind'], string> = { at_risk: 'At risk', late: 'Late', blocked: 'Blocked' };

/** Job alerts reach the account manager who owns the job by e-mail, through the queue (after commit). */
export function jobAlertNotifier(mailer: Mailer, publicUrl: string): RiskNotifier {
  return async (db: Db, alert: JobAlert) => {
    if (!alert.ownerId) return;
    const owner = await getUser({ db, id: alert.ownerId });
    if (!owner.active) return;
    await notifyUser(db, {
      userId: owner.id,
      kind: `job.${alert.kind}`,
      title: `${headline[alert.kind]}: ${alert.detail}`,
      link: `/jobs/${alert.jobId}`,
    });
    await mailer.queueMail(db, {
      to: owner.email,
      subject: `[${alert.number}] ${headline[alert.kind]}: ${alert.title}`,
      text: `${alert.detail}\n\nOpen the job: ${publicUrl}/jobs/${alert.jobId}\n`,
    });
  };
}

/** The periodic risk check (every 15 minutes): jobs slip into risk as time passes, not only when edited. */
export function registerRiskCheck(opts: {
  db: Db;
  queue: Queue;
  mailer: Mailer;
  publicUrl: string;
  timeZone: string;
}) {
  const notify = jobAlertNotifier(opts.mailer, opts.publicUrl);
  opts.queue.define(ASSESS_RISK_QUEUE, async () => {
    await assessAllOpenJobs({ db: opts.db, actor: systemActor, today: todayIn(opts.timeZone), notify });
  });
  opts.queue.defineSchedule(ASSESS_RISK_QUEUE, '*/15 * * * *');
}
