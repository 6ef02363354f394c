import { systemActor } from '../platform/actor';
import { shopClock } from '../platform/service-context';
import type { Db } from '../platform/db';
import { subscribe } from '../platform/events';
import type { Mailer } from '../platform/mail';
import type { Queue } from '../platform/queue';
import { assessAllOpenJobs, type JobAlertPayload } from '../modules/jobs';
import { getUserContact } from '../modules/users';
import { notifyUser } from '../modules/notifications';

export const ASSESS_RISK_QUEUE = 'jobs.assess-risk';

type AlertKind = 'at_risk' | 'late' | 'blocked';
const headline: Record<AlertKind, string> = { at_risk: 'At risk', late: 'Late', blocked: 'Blocked' };

/** Tells the job's account manager: a notification in the app and an e-mail through the queue (after commit). */
async function alertOwner(
  db: Db,
  mailer: Mailer,
  publicUrl: string,
  kind: AlertKind,
  alert: JobAlertPayload,
) {
  if (!alert.ownerId) return;
  const owner = await getUserContact({ db, id: alert.ownerId });
  if (!owner.active) return;
  await notifyUser({
    db,
    userId: owner.id,
    kind: `job.${kind}`,
    title: `${headline[kind]}: ${alert.detail}`,
    link: `/jobs/${alert.jobId}`,
  });
  await mailer.queueMail(db, {
    to: owner.email,
    subject: `[${alert.number}] ${headline[kind]}: ${alert.title}`,
    text: `${alert.detail}\n\nOpen the job: ${publicUrl}/jobs/${alert.jobId}\n`,
  });
}

/**
 * Job alerts reach the owning account manager whichever path changed the job — a staff edit, a stage
 * move, a portal order, a late purchase order or the periodic check — because they hang on the event.
 */
export function subscribeJobAlerts(opts: { mailer: Mailer; publicUrl: string }) {
  subscribe('job.risk_changed', 'job-alerts', async (db, { payload }) => {
    if (payload.risk !== 'on_track') await alertOwner(db, opts.mailer, opts.publicUrl, payload.risk, payload);
  });
  subscribe('job.stage_blocked', 'job-alerts', async (db, { payload }) => {
    await alertOwner(db, opts.mailer, opts.publicUrl, 'blocked', payload);
  });
}

/** The periodic risk check (every 15 minutes): jobs slip into risk as time passes, not only when edited. */
export function registerRiskCheck(opts: { db: Db; queue: Queue; timeZone: string }) {
  opts.queue.define(ASSESS_RISK_QUEUE, async () => {
    await assessAllOpenJobs({ db: opts.db, actor: systemActor, clock: shopClock(opts.timeZone) });
  });
  opts.queue.defineSchedule(ASSESS_RISK_QUEUE, '*/15 * * * *');
}
