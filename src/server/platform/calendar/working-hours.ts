/**
 * Hour-level planning inside each department's working window. Times are the shop's wall clock, written
 * 'YYYY-MM-DDTHH:MM' (no time zone: the calendar is the shop's). Internally a time is minutes since 1970-01-01
 * 00:00 of that wall clock. A department is one resource: what is booked on it (its load) is the other stages'
 * slots; a stage placed "with capacity" fills only free working minutes, so two stages never overlap.
 */
import { addDays, isWorkingDay, type Calendar } from './working-days';

export type HourCalendar = Calendar & { dayStart: number; dayEnd: number };
/** One piece of a stage's work on one day. */
export type Slot = { start: string; end: string };
/** Booked minutes of one resource, by date: [from, to) in minutes since midnight. */
export type DayLoad = Map<string, [number, number][]>;

const MAX_DAYS = 3660;

export const toMinute = (at: string) => Date.parse(`${at.length === 10 ? `${at}T00:00` : at}:00Z`) / 60_000;
export const fromMinute = (m: number) => new Date(m * 60_000).toISOString().slice(0, 16);
const dateOf = (m: number) => fromMinute(m).slice(0, 10);
export const minutesOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Free [from, to) minutes of a date's window (absolute minutes), earliest first; none on a closed day. */
function freeIntervals(date: string, cal: HourCalendar, load?: DayLoad): [number, number][] {
  if (!isWorkingDay(date, cal)) return [];
  const base = toMinute(date);
  let free: [number, number][] = [[cal.dayStart, cal.dayEnd]];
  for (const [bFrom, bTo] of [...(load?.get(date) ?? [])].sort((a, b) => a[0] - b[0])) {
    free = free.flatMap(([f, t]): [number, number][] => {
      if (bTo <= f || bFrom >= t) return [[f, t]];
      return [
        ...(bFrom > f ? [[f, bFrom] as [number, number]] : []),
        ...(bTo < t ? [[bTo, t] as [number, number]] : []),
      ];
    });
  }
  return free.map(([f, t]) => [base + f, base + t]);
}

/** Books slots on a resource's load. */
export function book(load: DayLoad, slots: readonly Slot[]) {
  for (const s of slots) {
    const date = s.start.slice(0, 10);
    const base = toMinute(date);
    load.set(date, [...(load.get(date) ?? []), [toMinute(s.start) - base, toMinute(s.end) - base]]);
  }
}

/** Hours booked per date on a list of slots. */
export function hoursByDay(slots: readonly Slot[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of slots) {
    const date = s.start.slice(0, 10);
    out.set(date, (out.get(date) ?? 0) + (toMinute(s.end) - toMinute(s.start)) / 60);
  }
  return out;
}

export type Placement = { slots: Slot[]; start: string; end: string };

const needed = (hours: number) => Math.max(1, Math.round(hours * 60));

/** Places `hours` of work ending as late as possible at or before `before`, in free working minutes. */
export function placeBackward(hours: number, before: string, cal: HourCalendar, load?: DayLoad): Placement {
  let left = needed(hours);
  const limit = toMinute(before);
  const slots: Slot[] = [];
  let date = dateOf(limit - 1);
  for (let i = 0; i < MAX_DAYS && left > 0; i++, date = addDays(date, -1)) {
    for (const [f, t] of freeIntervals(date, cal, load).reverse()) {
      const to = Math.min(t, limit);
      if (to <= f || left === 0) continue;
      const from = Math.max(f, to - left);
      slots.unshift({ start: fromMinute(from), end: fromMinute(to) });
      left -= to - from;
    }
  }
  if (left > 0) throw new Error('No working time within ten years: check the calendar');
  return { slots, start: slots[0]!.start, end: slots.at(-1)!.end };
}

/** Places `hours` of work starting as early as possible at or after `after`, in free working minutes. */
export function placeForward(hours: number, after: string, cal: HourCalendar, load?: DayLoad): Placement {
  let left = needed(hours);
  const limit = toMinute(after);
  const slots: Slot[] = [];
  let date = dateOf(limit);
  for (let i = 0; i < MAX_DAYS && left > 0; i++, date = addDays(date, 1)) {
    for (const [f, t] of freeIntervals(date, cal, load)) {
      const from = Math.max(f, limit);
      if (t <= from || left === 0) continue;
      const to = Math.min(t, from + left);
      slots.push({ start: fromMinute(from), end: fromMinute(to) });
      left -= to - from;
    }
  }
  if (left > 0) throw new Error('No working time within ten years: check the calendar');
  return { slots, start: slots[0]!.start, end: slots.at(-1)!.end };
}

export type ChainStage = {
  hours: number;
  calendar: HourCalendar;
  /** What is already booked on the stage's resource; placements are added to it. Without one, no capacity. */
  load?: DayLoad;
  /** A day a planner put the stage on: it starts there, whatever else is booked that day. */
  pinnedOn?: string | null;
};

const unbook = (load: DayLoad | undefined, slots: readonly Slot[]) => {
  if (!load) return;
  for (const s of slots) {
    const date = s.start.slice(0, 10);
    const base = toMinute(date);
    const [f, t] = [toMinute(s.start) - base, toMinute(s.end) - base];
    const list = load.get(date) ?? [];
    const at = list.findIndex(([a, b]) => a === f && b === t);
    if (at >= 0) list.splice(at, 1);
  }
};

/**
 * Places a stage forwards from `after`. A stage pinned to a later day goes on that day as the planner said, even
 * past the department's free hours (its load bar then shows the day overbooked).
 */
function forwardFrom(stage: ChainStage, after: string): Placement {
  const pinned = !!stage.pinnedOn && stage.pinnedOn >= after.slice(0, 10);
  const from = pinned && stage.pinnedOn! > after ? stage.pinnedOn! : after;
  const p = placeForward(stage.hours, from, stage.calendar, pinned ? undefined : stage.load);
  if (stage.load) book(stage.load, p.slots);
  return p;
}

/**
 * Plans a chain of stages backwards so the last one is done before the due date starts (the product must be
 * ready the day before it is due), each stage ending before the next starts. A pinned stage starts on its day;
 * the stages after it follow it forwards when it ends later than they would have started.
 */
export function planChainBackwards(stages: readonly ChainStage[], dueDate: string): Placement[] {
  const plan: Placement[] = new Array(stages.length);
  let before = dueDate;
  for (let i = stages.length - 1; i >= 0; i--) {
    const s = stages[i]!;
    if (s.pinnedOn) {
      plan[i] = forwardFrom(s, s.pinnedOn.slice(0, 10));
      if (plan[i]!.end > before) {
        for (let j = i + 1; j < stages.length; j++) {
          unbook(stages[j]!.load, plan[j]!.slots);
          plan[j] = forwardFrom(stages[j]!, plan[j - 1]!.end);
        }
      }
    } else {
      plan[i] = placeBackward(s.hours, before, s.calendar, s.load);
      if (s.load) book(s.load, plan[i]!.slots);
    }
    before = plan[i]!.start;
  }
  return plan;
}

/** When a chain finishes if its work starts at `from` (a pinned stage not before its day); null when empty. */
export function forecastChain(stages: readonly ChainStage[], from: string): string | null {
  let cursor = from;
  let finish: string | null = null;
  for (const s of stages) {
    const p = forwardFrom(s, cursor);
    cursor = finish = p.end;
  }
  return finish;
}

/** The date a time falls on, treating a time at midnight as the end of the day before. */
export const finishDate = (at: string) => dateOf(toMinute(at) - 1);

/** Loads are mutated by planning: a copy for a what-if. */
export const copyLoad = (load: DayLoad): DayLoad =>
  new Map([...load].map(([d, list]) => [d, list.map(([a, b]) => [a, b] as [number, number])]));
