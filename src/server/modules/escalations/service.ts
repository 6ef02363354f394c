import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateEscalation,
  Escalation,
  EscalationLevel,
  EscalationListQuery,
  ResolveEscalation,
  Severity,
  UpdateEscalation,
} from '../../../shared/escalations';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { nextNumber } from '../../platform/db/sequences';
import { conflict, invalid, notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import { accounts } from '../accounts/tables';
import { conversations } from '../inbox/tables';
import { addBusinessMinutes } from '../../platform/calendar/business-hours';
import type { InboxDeps } from '../inbox';
import { jobs } from '../jobs/tables';
import { orders } from '../portals/tables';
import { notifyUser } from '../notifications';
import { users } from '../users/tables';
import { escalationLevels, escalations, type EscalationHistoryEntry } from './tables';

type Row = typeof escalations.$inferSelect;

/** Business minutes an escalation may stay at one level before it moves up, by severity. */
export const DUE_BY: Record<Severity, number> = { S1: 120, S2: 480, S3: 1440, S4: 2400 };

export const DEFAULT_LEVELS: EscalationLevel[] = [
  { level: 1, label: 'Account manager', owner: 'account_manager', userId: null },
  { level: 2, label: 'Manager', owner: 'manager', userId: null },
  { level: 3, label: 'Operations director', owner: 'admin', userId: null },
];

export async function getLevels(db: Db): Promise<EscalationLevel[]> {
  const rows = await db.select().from(escalationLevels).orderBy(asc(escalationLevels.level));
  return rows.length
    ? rows.map((r) => ({ level: r.level, label: r.label, owner: r.owner, userId: r.userId }))
    : DEFAULT_LEVELS;
}

/** Replaces the escalation path; levels are numbered 1…n in order. */
export async function saveLevels(db: Db, actor: Actor, items: EscalationLevel[]) {
  for (const [i, l] of items.entries()) {
    if (l.level !== i + 1)
      throw invalid('Levels must be numbered 1, 2, 3… in order', [
        { path: `items.${i}.level`, message: `Expected ${i + 1}` },
      ]);
    if (l.owner === 'user') {
      const [u] = l.userId ? await db.select({ id: users.id }).from(users).where(eq(users.id, l.userId)) : [];
      if (!u)
        throw invalid('A level owned by a named user needs that user', [
          { path: `items.${i}.userId`, message: 'Unknown user' },
        ]);
    }
  }
  const before = await getLevels(db);
  await db.delete(escalationLevels);
  await db
    .insert(escalationLevels)
    .values(items.map((l) => ({ ...l, userId: l.owner === 'user' ? l.userId : null })));
  await recordAudit(db, actor, {
    action: 'escalation-levels.updated',
    entityType: 'escalation-levels',
    entityId: null,
    summary: `Escalation path: ${items.map((l) => l.label).join(' → ')}`,
    before,
    after: items,
  });
  return getLevels(db);
}

async function ownerAt(
  db: Db,
  level: EscalationLevel | undefined,
  accountId: string,
): Promise<string | null> {
  if (!level) return null;
  if (level.owner === 'user') return level.userId;
  if (level.owner === 'account_manager') {
    const [a] = await db
      .select({ ownerId: accounts.ownerId })
      .from(accounts)
      .where(eq(accounts.id, accountId));
    return a?.ownerId ?? null;
  }
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, level.owner), eq(users.active, true)))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return u?.id ?? null;
}

const selectEscalations = (db: Db) =>
  db
    .select({
      e: escalations,
      account: { id: accounts.id, name: accounts.name },
      owner: { id: users.id, name: users.name },
      conversation: { id: conversations.id, subject: conversations.subject },
      job: { id: jobs.id, number: jobs.number, title: jobs.title, dueDate: jobs.dueDate },
      order: { id: orders.id, number: orders.number },
    })
    .from(escalations)
    .innerJoin(accounts, eq(accounts.id, escalations.accountId))
    .leftJoin(users, eq(users.id, escalations.ownerId))
    .leftJoin(conversations, eq(conversations.id, escalations.conversationId))
    .leftJoin(jobs, eq(jobs.id, escalations.jobId))
    .leftJoin(orders, eq(orders.id, escalations.orderId));
type Selected = Awaited<ReturnType<ReturnType<typeof selectEscalations>['where']>>[number];

function present(r: Selected, levels: EscalationLevel[], now: Date): Escalation {
  const e = r.e;
  return {
    id: e.id,
    number: e.number,
    title: e.title,
    description: e.description,
    severity: e.severity,
    category: e.category,
    status: e.status,
    level: e.level,
    levelLabel: levels.find((l) => l.level === e.level)?.label ?? `Level ${e.level}`,
    owner: r.owner?.id ? r.owner : null,
    account: r.account,
    conversation: r.conversation?.id ? r.conversation : null,
    job: r.job?.id ? r.job : null,
    order: r.order?.id ? r.order : null,
    dueAt: e.dueAt.toISOString(),
    overdue: e.status === 'open' && e.dueAt < now,
    automatic: Boolean(e.automatic),
    rootCause: e.rootCause,
    correctiveAction: e.correctiveAction,
    resolvedAt: e.resolvedAt?.toISOString() ?? null,
    history: e.history,
    createdAt: e.createdAt.toISOString(),
  };
}

export async function getEscalation(db: Db, id: string, now = new Date()) {
  const [row] = await selectEscalations(db).where(eq(escalations.id, id));
  if (!row) throw notFound('Escalation');
  return present(row, await getLevels(db), now);
}

export async function listEscalations(
  db: Db,
  actor: Actor,
  q: z.output<typeof EscalationListQuery>,
  now = new Date(),
): Promise<Page<Escalation>> {
  const after = q.cursor ? decodeCursor(q.cursor, 2) : null;
  const rows = await selectEscalations(db)
    .where(
      and(
        q.status === 'all' ? undefined : eq(escalations.status, q.status),
        q.mine === 'true'
          ? eq(escalations.ownerId, actor.id ?? '00000000-0000-0000-0000-000000000000')
          : undefined,
        q.accountId ? eq(escalations.accountId, q.accountId) : undefined,
        q.severity ? eq(escalations.severity, q.severity) : undefined,
        q.orderId ? eq(escalations.orderId, q.orderId) : undefined,
        q.jobId ? eq(escalations.jobId, q.jobId) : undefined,
        after
          ? or(
              lt(escalations.createdAt, new Date(String(after[0]))),
              and(
                eq(escalations.createdAt, new Date(String(after[0]))),
                lt(escalations.id, String(after[1])),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(escalations.createdAt), desc(escalations.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const levels = await getLevels(db);
  const last = page.at(-1)?.e;
  return {
    items: page.map((r) => present(r, levels, now)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

const entry = (kind: string, text: string, actor: Actor, now: Date): EscalationHistoryEntry => ({
  at: now.toISOString(),
  kind,
  text,
  actor: actor.kind === 'system' ? 'Jobjacket' : actor.name,
});

async function tellOwner(db: Db, deps: InboxDeps, ownerId: string | null, e: Row, why: string) {
  if (!ownerId) return;
  const [u] = await db.select().from(users).where(eq(users.id, ownerId));
  if (!u?.active) return;
  const title = `${e.number} ${e.severity}: ${e.title}`;
  await notifyUser({
    db,
    userId: u.id,
    kind: 'escalation',
    title: `${why}: ${title}`,
    link: `/escalations/${e.id}`,
  });
  await deps.mailer.queueMail(db, {
    to: u.email,
    subject: `[${e.number}] ${why}: ${e.title}`,
    text: `${why}.\n\n${title}\nDue by: ${e.dueAt.toISOString()}\n\nOpen it: ${deps.publicUrl}/escalations/${e.id}\n`,
  });
}

/** Opens an escalation at level 1 (or a given owner), due by its severity, and tells the owner. */
export async function createEscalation(
  db: Db,
  deps: InboxDeps,
  actor: Actor,
  input: z.output<typeof CreateEscalation>,
  opts: { now?: Date; automatic?: string } = {},
) {
  const now = opts.now ?? new Date();
  let accountId = input.accountId ?? null;
  let jobId = input.jobId ?? null;
  if (input.orderId) {
    const [o] = await db
      .select({ accountId: orders.accountId, jobId: orders.jobId })
      .from(orders)
      .where(eq(orders.id, input.orderId));
    if (!o) throw invalid('The order was not found', [{ path: 'orderId', message: 'Unknown order' }]);
    if (accountId && o.accountId !== accountId)
      throw invalid('The order belongs to another client', [
        { path: 'orderId', message: 'Another client’s order' },
      ]);
    if (jobId && o.jobId && jobId !== o.jobId)
      throw invalid('The order is made by another job', [{ path: 'jobId', message: 'Not this order’s job' }]);
    accountId = o.accountId;
    jobId ??= o.jobId;
  }
  if (input.conversationId) {
    const [c] = await db.select().from(conversations).where(eq(conversations.id, input.conversationId));
    if (!c)
      throw invalid('The conversation was not found', [
        { path: 'conversationId', message: 'Unknown conversation' },
      ]);
    if (!c.accountId)
      throw invalid('Link the sender to a client first', [
        { path: 'conversationId', message: 'Unmatched sender' },
      ]);
    if (accountId && c.accountId !== accountId)
      throw invalid('The conversation belongs to another client', [
        { path: 'conversationId', message: 'Another client’s conversation' },
      ]);
    accountId = c.accountId;
    jobId ??= c.jobId;
  }
  if (jobId) {
    const [j] = await db.select({ accountId: jobs.accountId }).from(jobs).where(eq(jobs.id, jobId));
    if (!j) throw invalid('The job was not found', [{ path: 'jobId', message: 'Unknown job' }]);
    if (accountId && j.accountId !== accountId)
      throw invalid('The job belongs to another client', [
        { path: 'jobId', message: 'Another client’s job' },
      ]);
    accountId = j.accountId;
  }
  const [account] = accountId
    ? await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId))
    : [];
  if (!account)
    throw invalid('The account was not found', [{ path: 'accountId', message: 'Unknown account' }]);
  if (input.ownerId) {
    const [u] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.ownerId), eq(users.active, true)));
    if (!u) throw invalid('The owner is not an active user', [{ path: 'ownerId', message: 'Unknown user' }]);
  }
  const levels = await getLevels(db);
  const ownerId = input.ownerId ?? (await ownerAt(db, levels[0], account.id));
  const hours = await deps.hours(db);
  const [row] = await db
    .insert(escalations)
    .values({
      number: await nextNumber(db, 'escalation', 'ESC', Number(now.toISOString().slice(0, 4))),
      accountId: account.id,
      conversationId: input.conversationId ?? null,
      jobId,
      orderId: input.orderId ?? null,
      title: input.title,
      description: input.description ?? null,
      severity: input.severity,
      category: input.category,
      level: 1,
      ownerId,
      dueAt: addBusinessMinutes(now, DUE_BY[input.severity], hours),
      automatic: opts.automatic ?? null,
      history: [entry('opened', opts.automatic ?? `Opened at ${levels[0]?.label ?? 'level 1'}`, actor, now)],
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await recordAudit(db, actor, {
    action: 'escalation.opened',
    entityType: 'escalation',
    entityId: row!.id,
    accountId: account.id,
    summary: `Escalation ${row!.number} (${input.severity}, ${input.category.replace('_', ' ')}): ${input.title}${opts.automatic ? ` — ${opts.automatic}` : ''}`,
    after: input,
  });
  await tellOwner(db, deps, ownerId, row!, opts.automatic ? 'Escalated automatically' : 'Escalated to you');
  return row!;
}

/** Moves an open escalation to the next level of the path (a new owner and a new due-by). */
export async function raiseEscalation(
  db: Db,
  deps: InboxDeps,
  actor: Actor,
  id: string,
  why: string,
  now = new Date(),
) {
  const [e] = await db.select().from(escalations).where(eq(escalations.id, id)).for('update');
  if (!e) throw notFound('Escalation');
  if (e.status !== 'open') throw conflict('The escalation is resolved');
  const levels = await getLevels(db);
  const next = levels.find((l) => l.level === e.level + 1);
  const hours = await deps.hours(db);
  const ownerId = next ? ((await ownerAt(db, next, e.accountId)) ?? e.ownerId) : e.ownerId;
  const text = next
    ? `${why}: raised to ${next.label}`
    : `${why}: already at the top level (${levels.at(-1)?.label})`;
  const [after] = await db
    .update(escalations)
    .set({
      level: next ? next.level : e.level,
      ownerId,
      dueAt: addBusinessMinutes(now, DUE_BY[e.severity], hours),
      history: [...e.history, entry(next ? 'raised' : 'overdue', text, actor, now)],
      updatedAt: now,
    })
    .where(eq(escalations.id, id))
    .returning();
  await recordAudit(db, actor, {
    action: 'escalation.raised',
    entityType: 'escalation',
    entityId: id,
    accountId: e.accountId,
    summary: `Escalation ${e.number}: ${text}`,
    before: { level: e.level, ownerId: e.ownerId },
    after: { level: after!.level, ownerId },
  });
  await tellOwner(db, deps, ownerId, after!, next ? `Escalated to ${next.label}` : 'Still overdue');
  return after!;
}

export async function updateEscalation(
  db: Db,
  deps: InboxDeps,
  actor: Actor,
  id: string,
  input: z.output<typeof UpdateEscalation>,
  now = new Date(),
) {
  if (input.raise) await raiseEscalation(db, deps, actor, id, 'Raised by hand', now);
  const { raise: _raise, ...fields } = input;
  if (Object.keys(fields).length) {
    const [e] = await db.select().from(escalations).where(eq(escalations.id, id)).for('update');
    if (!e) throw notFound('Escalation');
    if (fields.ownerId) {
      const [u] = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, fields.ownerId), eq(users.active, true)));
      if (!u)
        throw invalid('The owner is not an active user', [{ path: 'ownerId', message: 'Unknown user' }]);
    }
    const changes = Object.entries(fields)
      .map(([k, v]) => `${k} → ${String(v ?? '—')}`)
      .join(', ');
    await db
      .update(escalations)
      .set({ ...fields, history: [...e.history, entry('changed', changes, actor, now)], updatedAt: now })
      .where(eq(escalations.id, id));
    await recordAudit(db, actor, {
      action: 'escalation.updated',
      entityType: 'escalation',
      entityId: id,
      accountId: e.accountId,
      summary: `Escalation ${e.number} changed: ${changes}`,
      before: { severity: e.severity, category: e.category, ownerId: e.ownerId },
      after: fields,
    });
    if (fields.ownerId && fields.ownerId !== e.ownerId)
      await tellOwner(db, deps, fields.ownerId, e, 'Handed to you');
  }
  return getEscalation(db, id, now);
}

/** Closes an escalation with what caused it and what was changed so it does not happen again. */
export async function resolveEscalation(
  db: Db,
  actor: Actor,
  id: string,
  input: z.output<typeof ResolveEscalation>,
  now = new Date(),
) {
  const [e] = await db.select().from(escalations).where(eq(escalations.id, id)).for('update');
  if (!e) throw notFound('Escalation');
  if (e.status === 'resolved') throw conflict(`${e.number} is already resolved`);
  await db
    .update(escalations)
    .set({
      status: 'resolved',
      rootCause: input.rootCause,
      correctiveAction: input.correctiveAction,
      resolvedAt: now,
      resolvedBy: actor.id,
      history: [...e.history, entry('resolved', `Resolved — root cause: ${input.rootCause}`, actor, now)],
      updatedAt: now,
    })
    .where(eq(escalations.id, id));
  await recordAudit(db, actor, {
    action: 'escalation.resolved',
    entityType: 'escalation',
    entityId: id,
    accountId: e.accountId,
    summary: `Escalation ${e.number} resolved. Root cause: ${input.rootCause.slice(0, 200)}. Corrective action: ${input.correctiveAction.slice(0, 200)}`,
    after: input,
  });
  return getEscalation(db, id, now);
}

/** Open escalations of a conversation (for automatic escalation of a breached target). */
export async function openEscalationOf(db: Db, conversationId: string) {
  const [row] = await db
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(eq(escalations.conversationId, conversationId), eq(escalations.status, 'open')))
    .orderBy(desc(escalations.createdAt))
    .limit(1);
  return row?.id ?? null;
}

const LATE_JOB = ['draft', 'in_production', 'on_hold'] as const;

/** The open escalation of a job, if any (a late job with one is raised through it, not escalated anew). */
export async function openEscalationOfJob(db: Db, jobId: string) {
  const [row] = await db
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(eq(escalations.jobId, jobId), eq(escalations.status, 'open')))
    .limit(1);
  return row?.id ?? null;
}

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

export const countOpen = (db: Db, userId: string) =>
  db
    .select({ n: sql<number>`count(*)::int` })
    .from(escalations)
    .where(and(eq(escalations.ownerId, userId), eq(escalations.status, 'open')));
