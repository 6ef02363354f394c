import { and, asc, desc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import type { z } from 'zod';
import {
  CreateSchedule,
  UpdateSchedule,
  type Delivery,
  type Schedule,
  type ScheduleListQuery,
} from '../../../shared/reports';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import type { Clock, ServiceContext } from '../../platform/service-context';
import { users } from '../users/tables';
import { invalid, notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import { listContacts } from '../accounts';
import { findReport } from './catalogue';
import { prepareReport } from './engine';
import { findPack, preparePack } from './packs';
import { describeTiming, nextRunAfter, normaliseTiming, parseMonthDay, type Timing } from './schedule-time';
import { reportDeliveries, reportSchedules } from './tables';

type Row = typeof reportSchedules.$inferSelect;

export const timingOf = (row: Row): Timing => ({
  frequency: row.frequency,
  time: row.time,
  weekday: row.weekday,
  monthDay: parseMonthDay(row.monthDay),
  timeZone: row.timeZone,
});

export function presentSchedule(row: Row): Schedule {
  const timing = timingOf(row);
  return {
    id: row.id,
    name: row.name,
    reportId: row.reportId,
    reportTitle: findReport(row.reportId)?.title ?? findPack(row.reportId)?.title ?? row.reportId,
    parameters: row.parameters,
    formats: row.formats as Schedule['formats'],
    recipientUserIds: row.recipientUserIds,
    recipientEmails: row.recipientEmails,
    recipientContactIds: row.recipientContactIds,
    frequency: row.frequency,
    time: row.time,
    weekday: timing.weekday ?? null,
    monthDay: timing.monthDay ?? null,
    timeZone: row.timeZone,
    active: row.active,
    description: describeTiming(timing),
    nextRunAt: row.active ? (row.nextRunAt?.toISOString() ?? null) : null,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    ownerId: row.ownerId,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentDelivery(row: typeof reportDeliveries.$inferSelect): Delivery {
  return {
    id: row.id,
    scheduleId: row.scheduleId,
    dueAt: row.dueAt.toISOString(),
    kind: row.kind,
    status: row.status,
    recipients: row.recipients,
    rowCount: row.rowCount,
    files: row.files,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The shop's zone (a schedule's default) and the clock its first run counts from. */
type Env = { clock: Clock; timeZone: string };

/** Checks the report, its saved parameters (as the owner would run it) and the staff recipients. */
async function check(
  db: Db,
  actor: Actor,
  env: Env,
  s: {
    reportId: string;
    parameters: Record<string, unknown>;
    recipientUserIds: string[];
    recipientEmails: string[];
    recipientContactIds: string[];
  },
) {
  const common = { db, actor, clock: env.clock, timeZone: env.timeZone, parameters: s.parameters };
  if (findPack(s.reportId)) await preparePack({ ...common, packId: s.reportId });
  else await prepareReport({ ...common, reportId: s.reportId });
  if (!s.recipientUserIds.length && !s.recipientEmails.length && !s.recipientContactIds.length)
    throw invalid('Add at least one recipient', [
      { path: 'recipientEmails', message: 'Add at least one recipient' },
    ]);
  if (s.recipientUserIds.length) {
    const found = await db
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.id, s.recipientUserIds), eq(users.active, true)));
    if (found.length !== new Set(s.recipientUserIds).size)
      throw invalid('A recipient is not an active user', [
        { path: 'recipientUserIds', message: 'Unknown or inactive user' },
      ]);
  }
  if (s.recipientContactIds.length) {
    const accountId = s.parameters.accountId;
    const wrong = (message: string) => invalid(message, [{ path: 'recipientContactIds', message }]);
    if (typeof accountId !== 'string') throw wrong('Contacts can receive client reports only');
    const reachable = new Set((await accountContacts(db, accountId)).filter((c) => c.email).map((c) => c.id));
    if (!s.recipientContactIds.every((id) => reachable.has(id)))
      throw wrong("A recipient is not a current contact of the report's account with an e-mail address");
  }
}

/** The account's current contacts and the address a report goes to (their first). */
export async function accountContacts(db: Db, accountId: string) {
  const list = await listContacts({ db, accountId, includeArchived: false });
  return list.map((c) => ({ id: c.id, name: c.name, email: c.emails[0] ?? null }));
}

/** The addresses a delivery goes to: active staff recipients, typed addresses, and the contacts picked. */
export async function recipientAddresses(db: Db, row: Row): Promise<string[]> {
  const staff = row.recipientUserIds.length
    ? await db
        .select({ email: users.email })
        .from(users)
        .where(and(inArray(users.id, row.recipientUserIds), eq(users.active, true)))
    : [];
  const accountId = row.parameters.accountId;
  const picked = new Set(row.recipientContactIds);
  // A contact archived since, or whose account no longer exists, is dropped rather than failing the run.
  const contacts =
    picked.size && typeof accountId === 'string'
      ? (await accountContacts(db, accountId).catch(() => [])).filter((c) => picked.has(c.id) && c.email)
      : [];
  const all = [...staff.map((u) => u.email), ...row.recipientEmails, ...contacts.map((c) => c.email!)];
  const seen = new Set<string>();
  return all.filter((e) => !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
}

const canManage = (actor: Actor, row: Row) =>
  row.ownerId === actor.id || ['admin', 'manager'].includes(actor.role);

/** Saves a schedule; its first run is the next due moment in the shop's time zone. */
export async function createSchedule(
  opts: ServiceContext & { timeZone: string; input: z.output<typeof CreateSchedule> },
) {
  const { db, actor, input } = opts;
  const timing = normaliseTiming(input);
  await check(db, actor, opts, input);
  const now = opts.clock.now();
  const [row] = await db
    .insert(reportSchedules)
    .values({
      name: input.name,
      reportId: input.reportId,
      parameters: input.parameters,
      formats: [...new Set(input.formats)],
      recipientUserIds: [...new Set(input.recipientUserIds)],
      recipientEmails: [...new Set(input.recipientEmails.map((e) => e.toLowerCase()))],
      recipientContactIds: [...new Set(input.recipientContactIds)],
      frequency: timing.frequency,
      time: timing.time,
      weekday: timing.weekday ?? null,
      monthDay: timing.monthDay == null ? null : String(timing.monthDay),
      timeZone: input.timeZone ?? opts.timeZone,
      active: input.active,
      nextRunAt: nextRunAfter({ ...timing, timeZone: input.timeZone ?? opts.timeZone }, now),
      ownerId: actor.id,
    })
    .returning();
  await recordAudit(db, actor, {
    action: 'report_schedule.create',
    entityType: 'report_schedule',
    entityId: row!.id,
    summary: `Scheduled "${row!.name}" (${describeTiming(timingOf(row!))})`,
    after: presentSchedule(row!),
  });
  return presentSchedule(row!);
}

async function findSchedule(db: Db, actor: Actor, id: string, lock = false) {
  const q = db
    .select()
    .from(reportSchedules)
    .where(and(eq(reportSchedules.id, id), isNull(reportSchedules.deletedAt)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || !canManage(actor, row)) throw notFound('The schedule');
  return row;
}

export async function getSchedule(opts: { db: Db; actor: Actor; id: string }) {
  return presentSchedule(await findSchedule(opts.db, opts.actor, opts.id));
}

/** Schedules, newest first: admins and managers see all, others the ones they own. */
export async function listSchedules(opts: {
  db: Db;
  actor: Actor;
  query: z.output<typeof ScheduleListQuery>;
}): Promise<Page<Schedule>> {
  const { db, actor, query } = opts;
  const all = ['admin', 'manager'].includes(actor.role);
  let after;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, 2) as [string, string];
    after = or(
      gt(reportSchedules.createdAt, new Date(at)),
      and(eq(reportSchedules.createdAt, new Date(at)), gt(reportSchedules.id, id)),
    );
  }
  const rows = await db
    .select()
    .from(reportSchedules)
    .where(
      and(
        isNull(reportSchedules.deletedAt),
        all ? undefined : eq(reportSchedules.ownerId, actor.id ?? ''),
        query.reportId ? eq(reportSchedules.reportId, query.reportId) : undefined,
        after,
      ),
    )
    .orderBy(asc(reportSchedules.createdAt), asc(reportSchedules.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentSchedule),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** Changes a schedule; new timing (or switching it back on) moves the next run to the next due moment. */
export async function updateSchedule(
  opts: ServiceContext & { timeZone: string; id: string; input: z.output<typeof UpdateSchedule> },
) {
  const { db, actor, input } = opts;
  const before = await findSchedule(db, actor, opts.id, true);
  const merged = {
    reportId: before.reportId,
    parameters: input.parameters ?? before.parameters,
    recipientUserIds: input.recipientUserIds ?? before.recipientUserIds,
    recipientEmails: (input.recipientEmails ?? before.recipientEmails).map((e) => e.toLowerCase()),
    recipientContactIds: input.recipientContactIds ?? before.recipientContactIds,
  };
  await check(db, actor, opts, merged);
  const timing = normaliseTiming({
    frequency: input.frequency ?? before.frequency,
    time: input.time ?? before.time,
    weekday: input.weekday === undefined ? before.weekday : input.weekday,
    monthDay: input.monthDay === undefined ? parseMonthDay(before.monthDay) : input.monthDay,
  });
  const active = input.active ?? before.active;
  const timeZone = input.timeZone ?? before.timeZone;
  const retimed =
    timeZone !== before.timeZone ||
    timing.frequency !== before.frequency ||
    timing.time !== before.time ||
    (timing.weekday ?? null) !== before.weekday ||
    String(timing.monthDay ?? '') !== String(before.monthDay ?? '') ||
    (active && !before.active);
  const [row] = await db
    .update(reportSchedules)
    .set({
      name: input.name ?? before.name,
      parameters: merged.parameters,
      formats: input.formats ? [...new Set(input.formats)] : before.formats,
      recipientUserIds: [...new Set(merged.recipientUserIds)],
      recipientEmails: [...new Set(merged.recipientEmails)],
      recipientContactIds: [...new Set(merged.recipientContactIds)],
      frequency: timing.frequency,
      time: timing.time,
      weekday: timing.weekday ?? null,
      monthDay: timing.monthDay == null ? null : String(timing.monthDay),
      timeZone,
      active,
      ...(retimed
        ? {
            nextRunAt: nextRunAfter({ ...timing, timeZone }, opts.clock.now()),
            failures: 0,
          }
        : {}),
      updatedAt: opts.clock.now(),
    })
    .where(eq(reportSchedules.id, before.id))
    .returning();
  await recordAudit(db, actor, {
    action: 'report_schedule.update',
    entityType: 'report_schedule',
    entityId: row!.id,
    summary: `Changed the schedule "${row!.name}"`,
    before: presentSchedule(before),
    after: presentSchedule(row!),
  });
  return presentSchedule(row!);
}

/** Removes a schedule (kept, with its delivery history, for the audit trail). */
export async function deleteSchedule(opts: ServiceContext & { id: string }) {
  const before = await findSchedule(opts.db, opts.actor, opts.id, true);
  await opts.db
    .update(reportSchedules)
    .set({ deletedAt: opts.clock.now(), active: false, updatedAt: opts.clock.now() })
    .where(eq(reportSchedules.id, before.id));
  await recordAudit(opts.db, opts.actor, {
    action: 'report_schedule.delete',
    entityType: 'report_schedule',
    entityId: before.id,
    summary: `Deleted the schedule "${before.name}"`,
    before: presentSchedule(before),
  });
}

/** A schedule's deliveries, newest first. */
export async function listDeliveries(opts: { db: Db; actor: Actor; id: string }) {
  await findSchedule(opts.db, opts.actor, opts.id);
  const rows = await opts.db
    .select()
    .from(reportDeliveries)
    .where(eq(reportDeliveries.scheduleId, opts.id))
    .orderBy(desc(reportDeliveries.dueAt))
    .limit(200);
  return { items: rows.map(presentDelivery), nextCursor: null };
}

/** Schedules whose next run is due: the worker's list to try. */
export async function dueScheduleIds(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .select({ id: reportSchedules.id })
    .from(reportSchedules)
    .where(
      and(
        eq(reportSchedules.active, true),
        isNull(reportSchedules.deletedAt),
        lte(reportSchedules.nextRunAt, now),
      ),
    )
    .orderBy(asc(reportSchedules.nextRunAt))
    .limit(50);
  return rows.map((r) => r.id);
}
