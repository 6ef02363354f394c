/**
 * Machines as planning resources. A department's machines are its active estimating presses (the same rows the
 * estimating engine prices on); a department without one has a single "hand work" resource. Each resource has
 * its own load (what open stages booked on it) and its own calendar (the department's, shortened to the press's
 * hours a day when it has fewer).
 */
import type { ItemSpec } from '../../../shared/jobs';
import type { Db } from '../../platform/db';
import type { DayLoad, HourCalendar, ResourceOption } from '../../platform/calendar/working-hours';
import type { loadCalendars } from '../departments';
import { machineOptions, type MachineOption } from '../estimating';
import type { jobStages } from './tables';

type Calendars = Awaited<ReturnType<typeof loadCalendars>>;
type StageRow = typeof jobStages.$inferSelect;

/** The key of a stage's resource in a load map: its machine, else its department's hand work. */
export const resourceKey = (machineId: string | null, departmentId: string) =>
  machineId ?? `hand:${departmentId}`;

/** A machine's calendar: its department's days, from the day's start for its hours a day when fewer. */
export function machineCalendar(cal: HourCalendar, hoursPerDay: number | null): HourCalendar {
  if (!hoursPerDay || hoursPerDay >= cal.hoursPerDay) return cal;
  return { ...cal, hoursPerDay, dayEnd: cal.dayStart + Math.round(hoursPerDay * 60) };
}

/** The load of one resource, made empty on first use (planning adds to it). */
export function loadOf(load: Map<string, DayLoad>, key: string): DayLoad {
  if (!load.has(key)) load.set(key, new Map());
  return load.get(key)!;
}

/** A place a stage could go: a machine (or hand work, `machineId` null) with the stage's hours there. */
export type StageResource = ResourceOption & { machineId: string | null; key: string };

/** Asks estimating for the machines that can run an item in a department, once per item and department. */
export function machineLookup(db: Db) {
  const cache = new Map<string, Promise<MachineOption[]>>();
  return (departmentId: string, item: { id?: string; quantity: number; spec: ItemSpec } | null) => {
    const key = `${item?.id ?? JSON.stringify(item)}|${departmentId}`;
    if (!cache.has(key))
      cache.set(
        key,
        machineOptions(db, { departmentId, quantity: item?.quantity ?? 1, spec: item?.spec ?? {} }),
      );
    return cache.get(key)!;
  };
}

/**
 * Where a stage may run, each with its time there: every machine of its department that can run the item (a
 * machine's own make-ready + run when the spec gives a size, else the stage's typed time), only the planner's
 * machine when they put it on one, or hand work when the department has no machine for it. A stage not started
 * takes its time from the item as it is now (quantity, spec, the machine's speed); one under way keeps its
 * machine and time; a stage typed by hand keeps its typed time on any machine.
 */
export function stageResources(
  stage: Pick<
    StageRow,
    'departmentId' | 'machineId' | 'machinePinned' | 'stepHours' | 'stepPiecesPerHour' | 'standardHours'
  > & { status?: StageRow['status'] },
  machines: MachineOption[],
  calendars: Calendars,
  load: Map<string, DayLoad>,
  quantity?: number,
): StageResource[] {
  const cal = calendars.byId.get(stage.departmentId)!.calendar;
  const started = stage.status === 'in_progress' || stage.status === 'done';
  // Work not started follows the item: its route step's time (and speed) for today's quantity.
  const hours =
    !started && stage.stepHours !== null && quantity !== undefined
      ? stage.stepHours + (stage.stepPiecesPerHour ? quantity / stage.stepPiecesPerHour : 0)
      : stage.standardHours;
  let usable = started ? [] : machines;
  if (started && stage.machineId) {
    // A stage under way stays on its machine with its time.
    const on = machines.find((m) => m.id === stage.machineId);
    usable = on ? [{ ...on, hours: null }] : [];
  } else if (stage.machinePinned && stage.machineId) {
    const pinned = machines.filter((m) => m.id === stage.machineId);
    if (pinned.length) usable = pinned;
  }
  if (!usable.length) {
    const key = resourceKey(null, stage.departmentId);
    return [{ machineId: null, key, hours, calendar: cal, load: loadOf(load, key) }];
  }
  return usable.map((m) => ({
    machineId: m.id,
    key: m.id,
    hours: !started && stage.stepHours !== null && m.hours !== null ? m.hours : hours,
    calendar: machineCalendar(cal, m.hoursPerDay),
    load: loadOf(load, m.id),
  }));
}
