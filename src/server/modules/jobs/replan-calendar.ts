import { and, asc, eq, gt, inArray, lte, ne } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit';
import type { ServiceContext } from '../../platform/service-context';
import { PLANNED_JOB_STATUSES, replanOpenStages } from './planning';
import { assessJobRisk } from './risk';
import { jobs, jobStages } from './tables';

export type CalendarChange = { date: string | null; departmentId: string | null; detail: string };
export type ReplanResult = {
  replanned: number;
  atRisk: { id: string; number: string; title: string; ownerId: string | null; risk: string }[];
};

/**
 * The open jobs a calendar change touches: for a day opened or closed, those with an open stage planned on or
 * before it and due after it (their plan can move across it); for a department's hours, those with an open
 * stage there. Soonest due first, so earlier promises get the room first.
 */
async function affectedJobs(db: ServiceContext['db'], change: CalendarChange) {
  const rows = await db
    .selectDistinct({ id: jobs.id, dueDate: jobs.dueDate, number: jobs.number })
    .from(jobStages)
    .innerJoin(jobs, eq(jobs.id, jobStages.jobId))
    .where(
      and(
        ne(jobStages.status, 'done'),
        inArray(jobs.status, [...PLANNED_JOB_STATUSES]),
        change.departmentId ? eq(jobStages.departmentId, change.departmentId) : undefined,
        change.date ? lte(jobStages.plannedStart, change.date) : undefined,
        change.date ? gt(jobs.dueDate, change.date) : undefined,
      ),
    )
    .orderBy(asc(jobs.dueDate), asc(jobs.number));
  return rows.map((r) => r.id);
}

/**
 * Plans again every open job a calendar change touches and re-assesses its risk, each job in its own
 * transaction (the job's lock, then the planner's); a job that becomes at risk or late alerts its account
 * manager through `job.risk_changed`. One audit entry lists what changed.
 */
export async function replanForCalendarChange(
  opts: ServiceContext & { change: CalendarChange },
): Promise<ReplanResult> {
  const ids = await affectedJobs(opts.db, opts.change);
  const result: ReplanResult = { replanned: 0, atRisk: [] };
  for (const jobId of ids) {
    await opts.db.transaction(async (tx) => {
      const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
      if (!job || !(PLANNED_JOB_STATUSES as readonly string[]).includes(job.status)) return;
      await replanOpenStages({ db: tx, jobId, dueDate: job.dueDate });
      const risk = await assessJobRisk({ ...opts, db: tx, jobId });
      result.replanned++;
      if (risk && risk !== 'on_track' && risk !== job.risk)
        result.atRisk.push({ id: job.id, number: job.number, title: job.title, ownerId: job.ownerId, risk });
    });
  }
  if (result.replanned) {
    await recordAudit(opts.db, opts.actor, {
      action: 'job.replan.calendar',
      entityType: 'job',
      entityId: null,
      summary:
        `Re-planned ${result.replanned} open job${result.replanned === 1 ? '' : 's'} because ${opts.change.detail}` +
        (result.atRisk.length
          ? `; now at risk: ${result.atRisk.map((j) => j.number).join(', ')}`
          : '; none became at risk'),
    });
  }
  return result;
}
