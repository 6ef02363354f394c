/**
 * Hour-level planning inside each department's working window. Times are the shop's wall clock, written
 * 'YYYY-MM-DDTHH:MM' (no time zone: the calendar is the shop's). Internally a time is minutes since 1970-01-01
 * 00:00 of that wall clock. A resource is a machine (or a department's hand work): what is booked on it (its load)
 * is the other stages' slots; a stage placed "with capacity" fills only free working minutes, so two stages never
 * overlap on one machine.
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

/** One resource a stage could run on (a machine): its hours there, its calendar and what is booked on it. */
export type ResourceOption = {
  hours: number;
  calendar: HourCalendar;
  /** What is already booked on the resource; placements are added to it. Without one, no capacity. */
  load?: DayLoad;
};

export type ChainStage = ResourceOption & {
  /** A day a planner put the stage on: it starts there, whatever else is booked that day. */
  pinnedOn?: string | null;
  /**
   * Machines that can run the stage (each with its own time): planning takes the one that lets the stage end
   * soonest forwards / start latest backwards, not just the fastest. Without them, `hours`/`calendar`/`load`.
   */
  options?: ResourceOption[];
};

/** Where a stage went, and on which of its options (an index into `options`; 0 without options). */
export type StagePlacement = Placement & { option: number };

const optionsOf = (s: ChainStage): ResourceOption[] => (s.options?.length ? s.options : [s]);

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
 * Places a stage forwards from `after` on the option where it ends soonest. A stage pinned to a later day goes
 * on that day as the planner said, even past the machine's free hours (its load bar then shows it overbooked).
 */
function forwardFrom(stage: ChainStage, after: string): StagePlacement {
  const pinned = !!stage.pinnedOn && stage.pinnedOn >= after.slice(0, 10);
  const from = pinned && stage.pinnedOn! > after ? stage.pinnedOn! : after;
  let best: StagePlacement | null = null;
  for (const [option, o] of optionsOf(stage).entries()) {
    const p = placeForward(o.hours, from, o.calendar, pinned ? undefined : o.load);
    if (!best || p.end < best.end) best = { ...p, option };
  }
  const chosen = optionsOf(stage)[best!.option]!;
  if (chosen.load) book(chosen.load, best!.slots);
  return best!;
}

/** Places a stage backwards from `before` on the option where it starts latest (ties: the shorter time). */
function backwardFrom(stage: ChainStage, before: string): StagePlacement {
  let best: (StagePlacement & { hours: number }) | null = null;
  for (const [option, o] of optionsOf(stage).entries()) {
    const p = placeBackward(o.hours, before, o.calendar, o.load);
    if (!best || p.start > best.start || (p.start === best.start && o.hours < best.hours))
      best = { ...p, option, hours: o.hours };
  }
  const { hours: _hours, ...placed } = best!;
  const chosen = optionsOf(stage)[placed.option]!;
  if (chosen.load) book(chosen.load, placed.slots);
  return placed;
}

/**
 * Plans a chain of stages backwards so the last one is done before the due date starts (the product must be
 * ready the day before it is due), each stage ending before the next starts, each on the machine where it can
 * start latest. A pinned stage starts on its day; the stages after it follow it forwards when it ends later than
 * they would have started.
 */
export function planChainBackwards(stages: readonly ChainStage[], dueDate: string): StagePlacement[] {
  const plan: StagePlacement[] = new Array(stages.length);
  let before = dueDate;
  for (let i = stages.length - 1; i >= 0; i--) {
    const s = stages[i]!;
    if (s.pinnedOn) {
      plan[i] = forwardFrom(s, s.pinnedOn.slice(0, 10));
      if (plan[i]!.end > before) {
        for (let j = i + 1; j < stages.length; j++) {
          unbook(optionsOf(stages[j]!)[plan[j]!.option]!.load, plan[j]!.slots);
          plan[j] = forwardFrom(stages[j]!, plan[j - 1]!.end);
        }
      }
    } else {
      plan[i] = backwardFrom(s, before);
    }
    before = plan[i]!.start;
  }
  return plan;
}

/** Places a chain forwards from `from` (a pinned stage not before its day), each stage where it ends soonest. */
export function planChainForwards(stages: readonly ChainStage[], from: string): StagePlacement[] {
  let cursor = from;
  return stages.map((s) => {
    const p = forwardFrom(s, cursor);
    cursor = p.end;
    return p;
  });
}

/** When a chain finishes if its work starts at `from` (a pinned stage not before its day); null when empty. */
export function forecastChain(stages: readonly ChainStage[], from: string): string | null {
  return planChainForwards(stages, from).at(-1)?.end ?? null;
}

/** The date a time falls on, treating a time at midnight as the end of the day before. */
export const finishDate = (at: string) => dateOf(toMinute(at) - 1);

/** Loads are mutated by planning: a copy for a what-if. */
export const copyLoad = (load: DayLoad): DayLoad =>
  new Map([...load].map(([d, list]) => [d, list.map(([a, b]) => [a, b] as [number, number])]));
