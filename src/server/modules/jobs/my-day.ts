import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { MyDay } from '../../../shared/jobs';
import { inSequence, type Db } from '../../platform/db';
import type { Clock } from '../../platform/service-context';
import { presentJobSummary } from './presenter';
import { selectJobs } from './repo';
import { addDays } from '../../platform/calendar/working-days';
import { jobItems, jobs, jobStages } from './tables';

const OPEN = ['draft', 'in_production', 'on_hold'] as const;

/**
 * The account manager's day: open jobs they own that are due today or this week, at risk, late, blocked in
 * a department, or waiting on a client's proof decision.
 */
export async function myDay(opts: { db: Db; clock: Clock; userId: string }): Promise<MyDay> {
  const { db, userId } = opts;
  const today = opts.clock.today();
  const weekEnd = addDays(today, 7);
  const mine = and(eq(jobs.ownerId, userId), inArray(jobs.status, [...OPEN]));
  const rows = await selectJobs(db)
    .where(
      and(
        mine,
        sql`(${jobs.dueDate} <= ${weekEnd} or ${jobs.risk} <> 'on_track'
          or exists (select 1 from job_stages s where s.job_id = ${jobs.id} and s.status = 'blocked')
          or exists (select 1 from job_items i where i.job_id = ${jobs.id} and i.proof_status in ('pending', 'changes_requested')))`,
      ),
    )
    .orderBy(asc(jobs.dueDate), asc(jobs.number))
    .limit(500);
  const ids = rows.map((r) => r.job.id);
  const [blocked, proofs] = ids.length
    ? await inSequence([
        db
          .select({ jobId: jobStages.jobId, name: jobStages.name, reason: jobStages.blockedReason })
          .from(jobStages)
          .where(and(inArray(jobStages.jobId, ids), eq(jobStages.status, 'blocked'))),
        db
          .select({ jobId: jobItems.jobId, n: sql<number>`count(*)::int` })
          .from(jobItems)
          .where(
            and(
              inArray(jobItems.jobId, ids),
              inArray(jobItems.proofStatus, ['pending', 'changes_requested']),
            ),
          )
          .groupBy(jobItems.jobId),
      ])
    : [[], []];
  const blockedBy = new Map(blocked.map((b) => [b.jobId, b]));
  const proofsBy = new Map(proofs.map((p) => [p.jobId, p.n]));
  const summary = rows.map((r) => presentJobSummary(r.job, r));
  return {
    today,
    dueToday: summary.filter((j) => j.dueDate === today),
    dueThisWeek: summary.filter((j) => j.dueDate > today && j.dueDate <= weekEnd),
    atRisk: summary.filter((j) => j.risk === 'at_risk'),
    late: summary.filter((j) => j.risk === 'late'),
    blocked: summary.flatMap((j) => {
      const b = blockedBy.get(j.id);
      return b ? [{ ...j, blockedStage: b.name, blockedReason: b.reason }] : [];
    }),
    awaitingProof: summary.flatMap((j) => (proofsBy.has(j.id) ? [{ ...j, items: proofsBy.get(j.id)! }] : [])),
  };
}
