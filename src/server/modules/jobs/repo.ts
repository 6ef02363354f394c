import { and, asc, eq, getTableName, gte, inArray, lte, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { JOB_WARNINGS, type JobListQuery } from '../../../shared/jobs';
import { inSequence, prepared, shapeName, type Db } from '../../platform/db';
import { isoMoment, sqlLiteral } from '../../platform/db/json-sql';
import { decodeTextCursor, encodeCursor } from '../../platform/pagination';
import { accounts } from '../accounts/tables';
import { likePattern } from '../accounts';
import { users } from '../users/tables';
import { departments } from '../departments/tables';
import { jobItems, jobs, jobStages } from './tables';

const selection = { job: jobs, accountName: accounts.name, ownerName: users.name };
/** A stage's columns the job page shows (presentStage). */
const stageColumns = {
  id: jobStages.id,
  itemId: jobStages.itemId,
  name: jobStages.name,
  position: jobStages.position,
  standardHours: jobStages.standardHours,
  plannedStart: jobStages.plannedStart,
  plannedEnd: jobStages.plannedEnd,
  plannedSlots: jobStages.plannedSlots,
  pinnedOn: jobStages.pinnedOn,
  machineId: jobStages.machineId,
  machinePinned: jobStages.machinePinned,
  status: jobStages.status,
  blockedReason: jobStages.blockedReason,
  startedAt: jobStages.startedAt,
  finishedAt: jobStages.finishedAt,
};
export type StageRow = { [K in keyof typeof stageColumns]: (typeof jobStages.$inferSelect)[K] };
/** A job's columns a list line shows (presentJobSummary). */
export type JobSummaryRow = Pick<
  typeof jobs.$inferSelect,
  | 'id'
  | 'number'
  | 'title'
  | 'accountId'
  | 'ownerId'
  | 'status'
  | 'priority'
  | 'risk'
  | 'dueDate'
  | 'inHandsDate'
  | 'updatedAt'
>;

export function selectJobs(db: Db) {
  return db
    .select(selection)
    .from(jobs)
    .innerJoin(accounts, eq(accounts.id, jobs.accountId))
    .leftJoin(users, eq(users.id, jobs.ownerId));
}

export async function findJob(db: Db, id: string) {
  const query = prepared(db, 'job_by_id', (d) =>
    selectJobs(d)
      .where(eq(jobs.id, sql.placeholder('id')))
      .prepare('job_by_id'),
  );
  const [row] = await query.execute({ id });
  return row;
}

/** The job page as JSON text (jobPageJson below), or undefined for no such job. */
export async function findJobPageJson(db: Db, id: string, today: string | null): Promise<string | undefined> {
  const query = prepared(db, 'job_page_json', (d) =>
    d
      .select({ json: jobPageJson })
      .from(jobs)
      .innerJoin(accounts, eq(accounts.id, jobs.accountId))
      .leftJoin(users, eq(users.id, jobs.ownerId))
      .where(eq(jobs.id, sql.placeholder('id')))
      .prepare('job_page_json'),
  );
  const [row] = await query.execute({ id, today });
  return row?.json;
}

export async function findJobParts(db: Db, jobId: string) {
  const [items, stages] = await inSequence([
    db.select().from(jobItems).where(eq(jobItems.jobId, jobId)).orderBy(asc(jobItems.position)),
    db.select().from(jobStages).where(eq(jobStages.jobId, jobId)).orderBy(asc(jobStages.position)),
  ]);
  return { items, stages };
}

/** What the job page shows: items, and stages with the name and code of their department, in order. */
export async function findJobWithDepartments(db: Db, jobId: string) {
  const itemsQuery = prepared(db, 'job_page_items', (d) =>
    d
      .select()
      .from(jobItems)
      .where(eq(jobItems.jobId, sql.placeholder('jobId')))
      .orderBy(asc(jobItems.position))
      .prepare('job_page_items'),
  );
  const stagesQuery = prepared(db, 'job_page_stages', (d) =>
    d
      .select({
        stage: stageColumns,
        department: { id: departments.id, code: departments.code, name: departments.name },
      })
      .from(jobStages)
      .innerJoin(departments, eq(departments.id, jobStages.departmentId))
      .where(eq(jobStages.jobId, sql.placeholder('jobId')))
      .orderBy(asc(jobStages.position))
      .prepare('job_page_stages'),
  );
  const items = await itemsQuery.execute({ jobId });
  const stages = await stagesQuery.execute({ jobId });
  return { items, stages };
}

/**
 * The job list, soonest due first, with keyset pagination on (due_date, number). Each combination of filters is
 * built once and sent as its own prepared statement (building this query cost more than running it).
 */
export async function findJobPage(db: Db, q: z.output<typeof JobListQuery>, actorId: string | null) {
  const P = (name: string) => sql.placeholder(name);
  const owner = q.owner === 'me' ? actorId : (q.owner ?? null);
  const cursor = q.cursor ? decodeTextCursor(q.cursor, 2, [0]) : null;
  const shape = {
    s: !!q.status,
    o: !!owner,
    n: q.owner === 'me' && !actorId, // "my jobs" of a caller who is no user: none
    a: !!q.accountId,
    r: !!q.risk,
    f: !!q.dueFrom,
    t: !!q.dueTo,
    d: !!q.departmentId,
    q: !!q.q,
    c: !!cursor,
  };
  const name = shapeName('job_list', shape);
  const query = prepared(db, name, (d) =>
    d
      .select({ json: jobSummaryJson, dueDate: jobs.dueDate, number: jobs.number })
      .from(jobs)
      .innerJoin(accounts, eq(accounts.id, jobs.accountId))
      .leftJoin(users, eq(users.id, jobs.ownerId))
      .where(
        and(
          shape.s ? eq(jobs.status, P('status')) : undefined,
          shape.o ? eq(jobs.ownerId, P('owner')) : undefined,
          shape.n ? sql`false` : undefined,
          shape.a ? eq(jobs.accountId, P('accountId')) : undefined,
          shape.r ? eq(jobs.risk, P('risk')) : undefined,
          shape.f ? gte(jobs.dueDate, P('dueFrom')) : undefined,
          shape.t ? lte(jobs.dueDate, P('dueTo')) : undefined,
          shape.d
            ? inArray(
                jobs.id,
                d
                  .select({ id: jobStages.jobId })
                  .from(jobStages)
                  .where(
                    and(eq(jobStages.departmentId, P('departmentId')), sql`${jobStages.status} <> 'done'`),
                  ),
              )
            : undefined,
          shape.q
            ? or(
                sql`lower(${jobs.title}) like ${P('pattern')}`,
                sql`lower(${jobs.number}) like ${P('pattern')}`,
              )
            : undefined,
          shape.c
            ? or(
                sql`${jobs.dueDate} > ${P('due')}`,
                and(eq(jobs.dueDate, P('due')), sql`${jobs.number} > ${P('number')}`),
              )
            : undefined,
        ),
      )
      .orderBy(asc(jobs.dueDate), asc(jobs.number))
      .limit(P('limit'))
      .prepare(name),
  );
  const rows = await query.execute({
    status: q.status,
    owner,
    accountId: q.accountId,
    risk: q.risk,
    dueFrom: q.dueFrom,
    dueTo: q.dueTo,
    departmentId: q.departmentId,
    pattern: q.q ? likePattern(q.q) : undefined,
    due: cursor?.[0],
    number: cursor?.[1],
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    lines: page.map((r) => r.json),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.dueDate, last.number]) : null,
  };
}

/** A department's queue: its open stages with their jobs, by planned end. */
export async function findDepartmentQueue(db: Db, departmentId: string) {
  return db
    .select({ stage: jobStages, job: jobs, accountName: accounts.name })
    .from(jobStages)
    .innerJoin(jobs, eq(jobs.id, jobStages.jobId))
    .innerJoin(accounts, eq(accounts.id, jobs.accountId))
    .where(
      and(
        eq(jobStages.departmentId, departmentId),
        inArray(jobs.status, ['draft', 'in_production', 'on_hold']),
        or(sql`${jobStages.status} <> 'done'`, gte(jobStages.finishedAt, sql`now() - interval '1 day'`)),
      ),
    )
    .orderBy(asc(jobStages.plannedEnd), asc(jobs.dueDate), asc(jobStages.position))
    .limit(500);
}

/** Open jobs whose risk must be re-assessed (every job still in the plant). */
export async function findOpenJobIds(db: Db, limit: number, afterId?: string) {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.status, ['draft', 'in_production', 'on_hold']),
        afterId ? sql`${jobs.id} > ${afterId}` : undefined,
      ),
    )
    .orderBy(asc(jobs.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Open and late jobs per account, for the accounts' health line. */
export async function countOpenJobsByAccount(db: Db, accountIds: string[]) {
  const query = prepared(db, 'open_jobs_by_account', (d) =>
    d
      .select({
        accountId: jobs.accountId,
        open: sql<number>`count(*)::int`,
        late: sql<number>`(count(*) filter (where ${jobs.risk} = 'late'))::int`,
      })
      .from(jobs)
      .where(
        and(
          sql`${jobs.accountId} = any(${sql.placeholder('ids')}::uuid[])`,
          // Written out, not sent as parameters: a prepared statement's plan may use the partial index of open jobs
          // (jobs_open_account_idx) only when it can see that the statuses are those of the index.
          sql`${jobs.status} in ('draft', 'in_production', 'on_hold')`,
        ),
      )
      .groupBy(jobs.accountId)
      .prepare('open_jobs_by_account'),
  );
  const rows = await query.execute({ ids: accountIds });
  const figures = new Map(accountIds.map((id) => [id, { openJobs: 0, lateJobs: 0 }]));
  for (const r of rows) figures.set(r.accountId, { openJobs: r.open, lateJobs: r.late });
  return figures;
}

/** Jobs in the given statuses, soonest due first, each with its first item's id (for demo data and fixtures). */
export async function findJobsWithFirstItem(
  db: Db,
  statuses: (typeof jobs.$inferSelect)['status'][],
  limit: number,
) {
  const rows = await db
    .select({ job: jobs })
    .from(jobs)
    .where(inArray(jobs.status, statuses))
    .orderBy(asc(jobs.dueDate))
    .limit(limit);
  const out: { job: typeof jobs.$inferSelect; firstItemId: string | null }[] = [];
  for (const { job } of rows) {
    const [item] = await db
      .select({ id: jobItems.id })
      .from(jobItems)
      .where(eq(jobItems.jobId, job.id))
      .orderBy(asc(jobItems.position))
      .limit(1);
    out.push({ job, firstItemId: item?.id ?? null });
  }
  return out;
}

/** Writes one job item's spec (the mailing-to-job flow puts a list's mailing details on its item). */
export async function setJobItemSpec(
  db: Db,
  itemId: string,
  spec: (typeof jobItems.$inferInsert)['spec'],
  at: Date,
) {
  await db.update(jobItems).set({ spec, updatedAt: at }).where(eq(jobItems.id, itemId));
}

/** Each job's number, by id, in one query. */
export async function jobNumbers(db: Db, ids: string[]) {
  const rows = ids.length
    ? await db.select({ id: jobs.id, number: jobs.number }).from(jobs).where(inArray(jobs.id, ids))
    : [];
  return new Map(rows.map((r) => [r.id, r]));
}

// ─── The job page and list lines as JSON written by PostgreSQL ──────────────────────────────────────────────
const ITEMS = `coalesce((
  select json_agg(json_build_object(
    'id', i.id, 'position', i.position, 'productType', i.product_type, 'description', i.description,
    'quantity', i.quantity, 'pages', i.pages, 'spec', i.spec, 'proof', i.proof, 'proofStatus', i.proof_status,
    'proofDecidedBy', i.proof_decided_by, 'proofDecidedAt', ${isoMoment('i.proof_decided_at')},
    'proofComment', i.proof_comment, 'packaging', i.packaging, 'priceCents', i.price_cents
  ) order by i.position)
  from job_items i where i.job_id = "jobs"."id"), '[]'::json)`;

// standardHours: Math.round(hours * 100) / 100 on the float the pg client reads (float4's shortest text).
const STAGES = `coalesce((
  select json_agg(json_build_object(
    'id', s.id, 'itemId', s.item_id,
    'department', json_build_object('id', d.id, 'code', d.code, 'name', d.name),
    'name', s.name, 'position', s.position,
    'standardHours', floor((s.standard_hours::text)::float8 * 100 + 0.5) / 100,
    'plannedStart', s.planned_start, 'plannedEnd', s.planned_end, 'plannedSlots', s.planned_slots,
    'pinnedOn', s.pinned_on, 'machineId', s.machine_id, 'machinePinned', s.machine_pinned,
    'status', s.status, 'blockedReason', s.blocked_reason,
    'startedAt', ${isoMoment('s.started_at')}, 'finishedAt', ${isoMoment('s.finished_at')}
  ) order by s.position)
  from job_stages s join ${getTableName(departments)} d on d.id = s.department_id where s.job_id = "jobs"."id"), '[]'::json)`;

// A line of the job list (the `JobSummary` schema, presentJobSummary), from jobs joined to accounts and users.
const SUMMARY = `'id', "jobs"."id", 'number', "jobs"."number", 'title', "jobs"."title",
  'account', json_build_object('id', "accounts"."id", 'name', "accounts"."name"),
  'owner', case when "users"."name" <> '' then json_build_object('id', "users"."id", 'name', "users"."name") end,
  'status', "jobs"."status", 'priority', "jobs"."priority", 'risk', "jobs"."risk",
  'dueDate', "jobs"."due_date", 'inHandsDate', "jobs"."in_hands_date",
  'updatedAt', ${isoMoment('"jobs"."updated_at"')}`;

/** A job list line as JSON text (the `JobSummary` schema), for the list to send without presenting it in Node. */
const jobSummaryJson = sql<string>`json_build_object(${sql.raw(SUMMARY)})::text`;

// Field by field, as the schema names them: a key stored beside them is not sent.
const SHIP_TO = `case when jsonb_typeof("jobs"."ship_to") = 'object' then json_build_object(${[
  'addressId',
  'label',
  'attention',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'country',
]
  .map((key) => `'${key}', "jobs"."ship_to"->'${key}'`)
  .join(', ')}) end`;

const PRODUCTION_STARTED = `exists(select 1 from job_stages s where s.job_id = "jobs"."id"
  and (s.status in ('done', 'in_progress') or s.started_at is not null))`;

/**
 * The job page (the `Job` schema) as one JSON text PostgreSQL builds in the statement that reads the job with its
 * account and owner (parameters: `today`, the shop's date): what `getJob` and `presentJob` answer, without three
 * results mapped, presented and serialised in Node. A test holds the two equal.
 */
const jobPageJson = sql<string>`json_build_object(${sql.raw(SUMMARY)},
    'contactId', "jobs"."contact_id", 'costCentreId', "jobs"."cost_centre_id", 'clientPo', "jobs"."client_po",
    'statusReason', "jobs"."status_reason", 'description', "jobs"."description",
    'internalNotes', "jobs"."internal_notes", 'clientNotes', "jobs"."client_notes",
    'estimatedPriceCents', "jobs"."estimated_price_cents", 'currency', "jobs"."currency",
    'shipTo', ${sql.raw(SHIP_TO)},
    'productionStarted', ${sql.raw(PRODUCTION_STARTED)},
    'items', ${sql.raw(ITEMS)},
    'stages', ${sql.raw(STAGES)},
    'warnings', array_to_json(array_remove(array[
      case when "jobs"."status" <> 'completed' and exists(select 1 from job_stages s
        where s.job_id = "jobs"."id" and s.status <> 'done' and s.planned_start < ${sql.placeholder('today')}::date)
        then ${sql.raw(sqlLiteral(JOB_WARNINGS.behindPlan))} end,
      case when "jobs"."risk" = 'at_risk' then ${sql.raw(sqlLiteral(JOB_WARNINGS.atRisk))} end,
      case when "jobs"."risk" = 'late' then ${sql.raw(sqlLiteral(JOB_WARNINGS.late))} end
    ], null)),
    'createdAt', ${sql.raw(isoMoment('"jobs"."created_at"'))}
  )::text`;
