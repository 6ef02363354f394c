import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Department,
  DepartmentInput,
  HolidayInput,
  UpdateDepartment,
} from '../../../shared/departments';
import { changedFields, recordAudit } from '../../platform/audit';
import { inSequence, type Db } from '../../platform/db';
import { emit } from '../../platform/events';
import './events';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { HourCalendar } from '../../platform/calendar/working-hours';
import type { ServiceContext } from '../../platform/service-context';
import type { CalendarChangedPayload } from './events';
import { departments, shopHolidays } from './tables';

type Row = typeof departments.$inferSelect;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function presentDepartment(d: Row): Department {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    position: d.position,
    workingDays: d.workingDays,
    dayStart: d.dayStart,
    dayEnd: d.dayEnd,
    hoursPerDay: (minutes(d.dayEnd) - minutes(d.dayStart)) / 60,
    active: d.active,
  };
}

/** Every department, in the shop's order. */
export async function listDepartments(opts: { db: Db }) {
  const rows = await opts.db
    .select()
    .from(departments)
    .orderBy(asc(departments.position), asc(departments.name));
  return rows.map(presentDepartment);
}

/** One department; "not found" for an unknown id. */
export async function getDepartment(opts: { db: Db; id: string }) {
  const [row] = await opts.db.select().from(departments).where(eq(departments.id, opts.id));
  if (!row) throw notFound('Department');
  return presentDepartment(row);
}

/** Adds a department; its code must be new. */
export async function createDepartment(opts: ServiceContext & { input: z.output<typeof DepartmentInput> }) {
  const [existing] = await opts.db.select().from(departments).where(eq(departments.code, opts.input.code));
  if (existing) throw conflict(`A department with code ${opts.input.code} already exists`);
  const [row] = await opts.db.insert(departments).values(opts.input).returning();
  const d = presentDepartment(row!);
  await recordAudit(opts.db, opts.actor, {
    action: 'department.create',
    entityType: 'department',
    entityId: d.id,
    summary: `Created department ${d.name}`,
    after: d,
  });
  return d;
}

/** Changes a department's name, hours or working days (the day must end after it starts). */
export async function updateDepartment(
  opts: ServiceContext & { id: string; input: z.output<typeof UpdateDepartment> },
) {
  const before = await getDepartment(opts);
  const merged = { ...before, ...opts.input };
  if (merged.dayEnd <= merged.dayStart) {
    throw invalid('The day must end after it starts', [
      { path: 'dayEnd', message: 'Must be after dayStart' },
    ]);
  }
  const [row] = await opts.db
    .update(departments)
    .set({ ...opts.input, updatedAt: new Date() })
    .where(eq(departments.id, opts.id))
    .returning();
  const after = presentDepartment(row!);
  await recordAudit(opts.db, opts.actor, {
    action: 'department.update',
    entityType: 'department',
    entityId: opts.id,
    summary: `Changed department ${after.name}: ${changedFields(before, after).join(', ') || 'no change'}`,
    before,
    after,
  });
  const calendarFields = ['workingDays', 'dayStart', 'dayEnd', 'active'] as const;
  if (calendarFields.some((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))) {
    await calendarChanged(opts, {
      date: null,
      departmentId: opts.id,
      detail: `${after.name} now works ${after.dayStart}–${after.dayEnd}`,
    });
  }
  return after;
}

async function calendarChanged(opts: ServiceContext, payload: CalendarChangedPayload) {
  await emit(
    opts.db,
    opts.actor,
    'department.calendar_changed',
    {
      entityType: payload.departmentId ? 'department' : 'holiday',
      entityId: payload.departmentId,
      accountId: null,
    },
    payload,
  );
}

/** The days the shop is closed, in date order. */
export async function listHolidays(opts: { db: Db }) {
  const rows = await opts.db.select().from(shopHolidays).orderBy(asc(shopHolidays.date));
  return rows.map((h) => ({ id: h.id, date: h.date, name: h.name }));
}

/** Closes the shop on a day (once). */
export async function addHoliday(opts: ServiceContext & { input: z.output<typeof HolidayInput> }) {
  const [existing] = await opts.db.select().from(shopHolidays).where(eq(shopHolidays.date, opts.input.date));
  if (existing) throw conflict(`${opts.input.date} is already a holiday (${existing.name})`);
  const [row] = await opts.db.insert(shopHolidays).values(opts.input).returning();
  await recordAudit(opts.db, opts.actor, {
    action: 'holiday.create',
    entityType: 'holiday',
    entityId: row!.id,
    summary: `Shop closed on ${row!.date} (${row!.name})`,
    after: row,
  });
  await calendarChanged(opts, {
    date: row!.date,
    departmentId: null,
    detail: `the shop is closed on ${row!.date} (${row!.name})`,
  });
  return { id: row!.id, date: row!.date, name: row!.name };
}

/** Opens the shop again on a holiday. */
export async function removeHoliday(opts: ServiceContext & { id: string }) {
  const [row] = await opts.db.delete(shopHolidays).where(eq(shopHolidays.id, opts.id)).returning();
  if (!row) throw notFound('Holiday');
  await recordAudit(opts.db, opts.actor, {
    action: 'holiday.delete',
    entityType: 'holiday',
    entityId: row.id,
    summary: `Shop open again on ${row.date}`,
    before: row,
  });
  await calendarChanged(opts, {
    date: row.date,
    departmentId: null,
    detail: `the shop is open again on ${row.date}`,
  });
}

/** Each active department's working calendar, keyed by id and by code. */
export async function loadCalendars(opts: { db: Db }) {
  const { db } = opts;
  const [rows, holidays] = await inSequence([
    db.select().from(departments),
    db.select({ date: shopHolidays.date }).from(shopHolidays),
  ]);
  const closed = new Set(holidays.map((h) => h.date));
  const byId = new Map<string, Department & { calendar: HourCalendar }>();
  const byCode = new Map<string, Department & { calendar: HourCalendar }>();
  for (const row of rows) {
    const d = presentDepartment(row);
    const entry = {
      ...d,
      calendar: {
        workingDays: d.workingDays,
        holidays: closed,
        hoursPerDay: d.hoursPerDay,
        dayStart: minutes(d.dayStart),
        dayEnd: minutes(d.dayEnd),
      },
    };
    byId.set(d.id, entry);
    byCode.set(d.code, entry);
  }
  return { byId, byCode };
}
