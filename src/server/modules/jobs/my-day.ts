import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { MyDay } from '../../../shared/jobs';
import { MY_DAY_CAP, type DayStage, type DepartmentDay } from '../../../shared/my-day';
import { listDepartments } from '../departments';
import { purchasingMyDay } from '../purchasing';
import { getUser } from '../users';
import { inSequence, type Db } from '../../platform/db';
import type { Clock } from '../../platform/service-context';
import { presentJobSummary } from './presenter';
import { selectJobs } from './repo';
import { addDays } from '../../platform/calendar/working-days';
import { jobItems, jobs, jobStages } from './tables';

const OPEN = ['draft', 'in_production', 'on_hold'] as const;

const STAGE_URGENCY = sql`case ${jobStages.status} when 'blocked' then 0 when 'in_progress' then 1 when 'ready' then 2 else 3 end`;

/**
 * A production user's department: its open stages of open jobs, blocked first, then those under way, ready
 * and still waiting, each by planned end; the first few and how many in all.
 */
async function departmentDay(db: Db, code: string | null, today: string): Promise<DepartmentDay | null> {
  const department = code ? (await listDepartments({ db })).find((d) => d.code === code) : undefined;
  if (!department) return null;
  const open = and(
    eq(jobStages.departmentId, department.id),
    ne(jobStages.status, 'done'),
    inArray(jobs.status, [...OPEN]),
  );
  const [rows, [count]] = await inSequence([
    db
      .select({
        stage: jobStages,
        job: { id: jobs.id, number: jobs.number, title: jobs.title, dueDate: jobs.dueDate },
      })
      .from(jobStages)
      .innerJoin(jobs, eq(jobs.id, jobStages.jobId))
      .where(open)
      .orderBy(STAGE_URGENCY, asc(jobStages.plannedEnd), asc(jobs.dueDate), asc(jobs.number))
      .limit(MY_DAY_CAP),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobStages)
      .innerJoin(jobs, eq(jobs.id, jobStages.jobId))
      .where(open),
  ]);
  const ids = [...new Set(rows.map((r) => r.job.id))];
  const names = new Map(
    ids.length
      ? (await selectJobs(db).where(inArray(jobs.id, ids))).map((r) => [r.job.id, r.accountName])
      : [],
  );
  return {
    department: { id: department.id, code: department.code, name: department.name },
    stages: {
      total: count?.n ?? 0,
      items: rows.map(({ stage: s, job }): DayStage => {
        return {
          id: s.id,
          name: s.name,
          status: s.status as DayStage['status'],
          blockedReason: s.blockedReason,
          plannedEnd: s.plannedEnd,
          late: s.plannedEnd < today,
          job: { ...job, account: names.get(job.id) ?? '' },
        };
      }),
    },
  };
}

/**
 * The signed-in user's day. Account managers (and managers): open jobs they own that are due today or this
 * week, at risk, late, blocked in a department, or waiting on a client's proof decision. Production: their
 * department's open stages. Purchasing: shortages, late and due purchase orders, receipts.
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
  const user = await getUser({ db, id: userId });
  return {
    today,
    department: user.role === 'production' ? await departmentDay(db, user.department, today) : null,
    purchasing: user.role === 'purchasing' ? await purchasingMyDay({ db, clock: opts.clock }) : null,
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
