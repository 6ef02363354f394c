import { eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit';
import { emit } from '../../platform/events';
import './events';
import type { Db } from '../../platform/db';
import type { Clock, ServiceContext } from '../../platform/service-context';
import { findJobParts, findOpenJobIds } from './repo';
import type { Risk } from '../../platform/calendar/working-days';
import { finishDate } from '../../platform/calendar/working-hours';
import { forecastJob } from './planning';
import { jobs } from './tables';

/** Something outside the job's stages that puts it at risk (a late purchase order); returns why, or null. */
export type RiskFactor = (opts: { db: Db; jobId: string; clock: Clock }) => Promise<string | null>;
const riskFactors: RiskFactor[] = [];

/** Adds a risk factor (the composition root wires them at start-up; registering one twice keeps one). */
export function registerRiskFactor(factor: RiskFactor) {
  if (!riskFactors.includes(factor)) riskFactors.push(factor);
}

/**
 * Re-assesses one job: its remaining stages are forecast from today at standard durations, in working hours,
 * where their departments have room; at risk when that ends on or after the due date. A change of risk is written once (audit, timeline) and alerted once.
 */
export async function assessJobRisk(opts: ServiceContext & { jobId: string }) {
  const { db, jobId } = opts;
  const today = opts.clock.today();
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (!job) return null;
  const open = ['draft', 'in_production'].includes(job.status);
  let risk: Risk = 'on_track';
  let overbooking = false;
  if (open) {
    const { stages } = await findJobParts(db, jobId);
    if (stages.some((s) => s.status !== 'done')) {
      const forecast = await forecastJob(db, job, today);
      if (today > job.dueDate) risk = 'late';
      else if (forecast.finish && finishDate(forecast.finish) >= job.dueDate) {
        risk = 'at_risk';
        overbooking = forecast.fitsOnlyByOverbooking;
      }
    }
  }
  let factorReason: string | null = null;
  if (open && risk === 'on_track') {
    for (const factor of riskFactors) {
      factorReason = await factor({ db, jobId, clock: opts.clock });
      if (factorReason) {
        risk = 'at_risk';
        break;
      }
    }
  }
  if (risk === job.risk) return risk;
  await db.update(jobs).set({ risk, riskChangedAt: new Date() }).where(eq(jobs.id, jobId));
  const detail =
    risk === 'on_track'
      ? `Job ${job.number} is back on track`
      : risk === 'late'
        ? `Job ${job.number} is late: it was due ${job.dueDate}`
        : factorReason
          ? `Job ${job.number} is at risk: ${factorReason}`
          : overbooking
            ? `Job ${job.number} is at risk: it meets ${job.dueDate} only if a department works beyond its hours`
            : `Job ${job.number} is at risk: its remaining stages cannot finish before ${job.dueDate} at standard times around the current load`;
  await recordAudit(db, opts.actor, {
    action: `job.risk.${risk}`,
    entityType: 'job',
    entityId: jobId,
    accountId: job.accountId,
    summary: detail,
    before: { risk: job.risk },
    after: { risk },
  });
  await emit(
    db,
    opts.actor,
    'job.risk_changed',
    { entityType: 'job', entityId: jobId, accountId: job.accountId },
    {
      jobId,
      number: job.number,
      title: job.title,
      ownerId: job.ownerId,
      detail,
      risk,
      previousRisk: job.risk,
    },
  );
  return risk;
}

/** The periodic check: re-assesses every open job, each in its own transaction. */
export async function assessAllOpenJobs(opts: ServiceContext): Promise<number> {
  let changed = 0;
  let after: string | undefined;
  for (;;) {
    const ids = await findOpenJobIds(opts.db, 200, after);
    if (!ids.length) return changed;
    for (const jobId of ids) {
      await opts.db.transaction(async (tx) => {
        const before = await tx.select({ risk: jobs.risk }).from(jobs).where(eq(jobs.id, jobId));
        const risk = await assessJobRisk({ ...opts, db: tx, jobId });
        if (risk && before[0]?.risk !== risk) changed++;
      });
    }
    after = ids.at(-1);
  }
}
