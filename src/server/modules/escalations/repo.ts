import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { StaffRole } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { accounts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { orders } from '../portals/tables';
import { users } from '../users/tables';
import { escalations } from './tables';

// The escalations module's reads of the clients, jobs, orders and users its escalations point at: one
// file, so the reads of other modules' tables (listed in the dependency baseline) stay in one place.

/** Escalations with their client, owner, job and order; callers add the where clause. */
export const selectEscalations = (db: Db) =>
  db
    .select({
      e: escalations,
      account: { id: accounts.id, name: accounts.name },
      owner: { id: users.id, name: users.name },
      job: { id: jobs.id, number: jobs.number, title: jobs.title, dueDate: jobs.dueDate },
      order: { id: orders.id, number: orders.number },
    })
    .from(escalations)
    .innerJoin(accounts, eq(accounts.id, escalations.accountId))
    .leftJoin(users, eq(users.id, escalations.ownerId))
    .leftJoin(jobs, eq(jobs.id, escalations.jobId))
    .leftJoin(orders, eq(orders.id, escalations.orderId));
export type EscalationRow = Awaited<ReturnType<ReturnType<typeof selectEscalations>['where']>>[number];

/** Whether an account exists. */
export async function accountExists(db: Db, accountId: string) {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  return Boolean(row);
}

/** The account manager who owns a client, if any. */
export async function accountOwnerId(db: Db, accountId: string) {
  const [row] = await db
    .select({ ownerId: accounts.ownerId })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row?.ownerId ?? null;
}

/** Whether a user exists (and, when asked, is active). */
export async function userExists(db: Db, userId: string, opts: { active?: boolean } = {}) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), opts.active ? eq(users.active, true) : undefined));
  return Boolean(row);
}

/** A user's e-mail address when the user is active, else null (inactive owners are not told). */
export async function activeUserEmail(db: Db, userId: string) {
  const [row] = await db
    .select({ email: users.email, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  return row?.active ? row.email : null;
}

/** The longest-serving active user of a role (who holds a level owned by a role). */
export async function firstActiveUserOf(db: Db, role: StaffRole) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, role), eq(users.active, true)))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return row?.id ?? null;
}

/** A job's account, or null when there is no such job. */
export async function jobAccountId(db: Db, jobId: string) {
  const [row] = await db.select({ accountId: jobs.accountId }).from(jobs).where(eq(jobs.id, jobId));
  return row?.accountId ?? null;
}

/** A portal order's account and job, or null when there is no such order. */
export async function findOrderLinks(db: Db, orderId: string) {
  const [row] = await db
    .select({ accountId: orders.accountId, jobId: orders.jobId })
    .from(orders)
    .where(eq(orders.id, orderId));
  return row ?? null;
}

const LATE_JOB = ['draft', 'in_production', 'on_hold'] as const;

/**
 * Jobs past their due date, still to be made, with no open escalation and whose lateness at this due date
 * has not been acted on (breach rows of a job carry the due date as yyyymmdd in `level`).
 */
export async function lateJobsWithoutEscalation(db: Db, today: string) {
  return db
    .select({
      id: jobs.id,
      number: jobs.number,
      title: jobs.title,
      dueDate: jobs.dueDate,
      priority: jobs.priority,
    })
    .from(jobs)
    .where(
      and(
        lt(jobs.dueDate, today),
        inArray(jobs.status, [...LATE_JOB]),
        sql`not exists (select 1 from escalations e where e.job_id = ${jobs.id} and e.status = 'open')`,
        sql`not exists (select 1 from escalation_breaches b where b.subject_type = 'job' and b.subject_id = ${jobs.id}
              and b.kind = 'job_due' and b.level = replace(${jobs.dueDate}::text, '-', '')::int)`,
      ),
    )
    .orderBy(asc(jobs.dueDate))
    .limit(500);
}

/** Open escalations past their due-by, and open ones whose job is past its due date. */
export async function breachedEscalations(db: Db, now: Date, today: string) {
  const rows = await db
    .select({
      id: escalations.id,
      level: escalations.level,
      dueAt: escalations.dueAt,
      jobId: escalations.jobId,
      jobDue: jobs.dueDate,
      jobStatus: jobs.status,
    })
    .from(escalations)
    .leftJoin(jobs, eq(jobs.id, escalations.jobId))
    .where(
      and(
        eq(escalations.status, 'open'),
        or(lt(escalations.dueAt, now), and(lt(jobs.dueDate, today), inArray(jobs.status, [...LATE_JOB]))),
      ),
    )
    .orderBy(asc(escalations.dueAt))
    .limit(500);
  return rows.map((r) => ({
    id: r.id,
    level: r.level,
    dueBy: r.dueAt < now,
    /** The job's due date when the job is late, else null. */
    lateJob:
      r.jobId &&
      r.jobDue &&
      r.jobDue < today &&
      r.jobStatus &&
      (LATE_JOB as readonly string[]).includes(r.jobStatus)
        ? { id: r.jobId, dueDate: r.jobDue }
        : null,
  }));
}
