import { and, eq, inArray, ne } from 'drizzle-orm';
import type { ItemSpec } from '../../../shared/jobs';
import type { Db } from '../../platform/db';
import { lockForTransaction } from '../../platform/db/locks';
import { addDays, countWorkingDays, onOrAfter } from '../../platform/calendar/working-days';
import {
  book,
  copyLoad,
  finishDate,
  forecastChain,
  planChainBackwards,
  type ChainStage,
  type DayLoad,
} from '../../platform/calendar/working-hours';
import { loadCalendars } from '../departments';
import { listPresses, standardHours } from '../estimating';
import type { RouteStep } from '../departments';
import {
  loadOf,
  machineCalendar,
  machineLookup,
  resourceKey,
  stageResources,
  type StageResource,
} from './machines';
import { findJobParts } from './repo';
import { jobs, jobStages } from './tables';

type Calendars = Awaited<ReturnType<typeof loadCalendars>>;
type StageRow = typeof jobStages.$inferSelect;
/** Jobs whose open stages hold room on the departments. */
export const PLANNED_JOB_STATUSES = ['draft', 'in_production', 'on_hold'] as const;
const OPEN_STAGE = ['pending', 'ready', 'in_progress', 'blocked'] as const;

/**
 * A route step's standard time for an item: make-ready + run on the department's fastest press when estimating
 * has one there and the spec gives a size; else set-up + quantity ÷ the step's speed; else its typed time.
 */
export async function stepHours(
  db: Db,
  step: RouteStep,
  departmentId: string,
  item: { quantity: number; spec: ItemSpec },
): Promise<number> {
  const press = await standardHours(db, { spec: item.spec, quantity: item.quantity, departmentId });
  if (press) return press.hours;
  return step.standardHours + (step.piecesPerHour ? item.quantity / step.piecesPerHour : 0);
}

/** What the open stages of other open jobs have booked on each resource (machine or hand work), by date. */
export async function bookedLoad(db: Db, exceptJobId?: string): Promise<Map<string, DayLoad>> {
  const rows = await db
    .select({
      departmentId: jobStages.departmentId,
      machineId: jobStages.machineId,
      slots: jobStages.plannedSlots,
    })
    .from(jobStages)
    .innerJoin(jobs, eq(jobs.id, jobStages.jobId))
    .where(
      and(
        inArray(jobStages.status, [...OPEN_STAGE]),
        inArray(jobs.status, [...PLANNED_JOB_STATUSES]),
        exceptJobId ? ne(jobStages.jobId, exceptJobId) : undefined,
      ),
    );
  const load = new Map<string, DayLoad>();
  for (const r of rows) book(loadOf(load, resourceKey(r.machineId, r.departmentId)), r.slots);
  return load;
}

/** Open stages grouped into their items' chains, in route order. */
function chains(stages: StageRow[]) {
  const byItem = new Map<string | null, StageRow[]>();
  for (const s of stages.filter((x) => x.status !== 'done'))
    byItem.set(s.itemId, [...(byItem.get(s.itemId) ?? []), s]);
  return [...byItem.values()];
}

/**
 * Plans a job's open stages back from its due date in working hours, each on the machine of its department
 * where it can start latest (other open jobs keep what they booked); a stage a planner moved starts on its day,
 * one put on a machine stays there. The stage's time becomes its time on the chosen machine.
 */
export async function replanOpenStages(opts: { db: Db; jobId: string; dueDate: string }) {
  const { db, jobId, dueDate } = opts;
  // One planner at a time: two jobs planned at once would both see the same free hours on a machine.
  await lockForTransaction(db, 'jobjacket.planning');
  const calendars = await loadCalendars({ db });
  const load = await bookedLoad(db, jobId);
  const { stages, items } = await findJobParts(db, jobId);
  const itemOf = new Map(items.map((i) => [i.id, i]));
  const machinesFor = machineLookup(db);
  for (const chain of chains(stages)) {
    const resources: StageResource[][] = [];
    for (const s of chain) {
      const item = s.itemId ? (itemOf.get(s.itemId) ?? null) : null;
      const machines = await machinesFor(s.departmentId, item);
      resources.push(stageResources(s, machines, calendars, load, item?.quantity));
    }
    const plan = planChainBackwards(
      chain.map((s, i) => ({ ...resources[i]![0]!, options: resources[i], pinnedOn: s.pinnedOn })),
      dueDate,
    );
    for (const [i, s] of chain.entries()) {
      const p = plan[i]!;
      const on = resources[i]![p.option]!;
      await db
        .update(jobStages)
        .set({
          machineId: on.machineId,
          standardHours: on.hours,
          plannedStart: p.start.slice(0, 10),
          plannedEnd: finishDate(p.end),
          plannedSlots: p.slots,
          updatedAt: new Date(),
        })
        .where(and(eq(jobStages.id, s.id), inArray(jobStages.status, [...OPEN_STAGE])));
    }
  }
}

/** Hours a stage still needs: a started one has used the working days since it started (at least ¼ h left). */
function hoursLeft(s: StageRow, calendars: Calendars, today: string) {
  if (s.status !== 'in_progress' || !s.startedAt) return s.standardHours;
  const cal = calendars.byId.get(s.departmentId)!.calendar;
  const worked = countWorkingDays(s.startedAt.toISOString().slice(0, 10), today, cal) * cal.hoursPerDay;
  return Math.max(0.25, s.standardHours - worked);
}

export type Forecast = {
  /** When the last open stage would finish, starting today around the current load; null with none open. */
  finish: string | null;
  /** Whether it would finish before the due date only if departments took more than their hours. */
  fitsOnlyByOverbooking: boolean;
};

/** Forecasts chains of stages forwards from today: with the current load, and without it. */
export function forecast(
  chainsOf: { hours: number; departmentId: string; machineId: string | null; pinnedOn?: string | null }[][],
  opts: {
    calendars: Calendars;
    load: Map<string, DayLoad>;
    today: string;
    dueDate?: string;
    /** Machines' hours a day where fewer than their department's. */
    hoursPerDay?: Map<string, number | null>;
  },
): Forecast {
  const run = (withLoad: boolean) => {
    const load = new Map([...opts.load].map(([k, v]) => [k, copyLoad(v)]));
    let finish: string | null = null;
    for (const chain of chainsOf) {
      const stages: ChainStage[] = chain.map((s) => ({
        hours: s.hours,
        calendar: machineCalendar(
          opts.calendars.byId.get(s.departmentId)!.calendar,
          s.machineId ? (opts.hoursPerDay?.get(s.machineId) ?? null) : null,
        ),
        load: withLoad ? loadOf(load, resourceKey(s.machineId, s.departmentId)) : undefined,
        pinnedOn: s.pinnedOn,
      }));
      const end = forecastChain(stages, opts.today);
      if (end && (!finish || end > finish)) finish = end;
    }
    return finish;
  };
  const finish = run(true);
  const late = (at: string | null) => !!at && !!opts.dueDate && finishDate(at) >= opts.dueDate;
  return { finish, fitsOnlyByOverbooking: late(finish) && !late(run(false)) };
}

/** A job's forecast from today at standard times, each stage on its machine, around the other jobs' load. */
export async function forecastJob(db: Db, job: { id: string; dueDate: string }, today: string) {
  const calendars = await loadCalendars({ db });
  const load = await bookedLoad(db, job.id);
  const { stages } = await findJobParts(db, job.id);
  const hoursPerDay = await machineHoursPerDay(db);
  return forecast(
    chains(stages).map((chain) =>
      chain.map((s) => ({
        hours: hoursLeft(s, calendars, today),
        departmentId: s.departmentId,
        machineId: s.machineId,
        pinnedOn: s.pinnedOn,
      })),
    ),
    { calendars, load, today, dueDate: job.dueDate, hoursPerDay },
  );
}

/** The earliest due date a finish allows: the product is ready the day before, due on a working day. */
export function earliestDueDate(finish: string, calendars: Calendars, lastDepartmentId: string) {
  return onOrAfter(addDays(finishDate(finish), 1), calendars.byId.get(lastDepartmentId)!.calendar);
}

/** Each machine's hours a day (null: its department's whole day). */
export async function machineHoursPerDay(db: Db) {
  return new Map((await listPresses(db)).map((p) => [p.id, p.hoursPerDay]));
}
