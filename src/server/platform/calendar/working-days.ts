/**
 * Working-day calendar arithmetic and the two plans a job lives by: backwards from the due date (the plan),
 * and forwards from today at standard durations (the forecast that says whether the job is at risk).
 * Dates are 'YYYY-MM-DD' strings of the shop's calendar; nothing here knows about time zones.
 */
export type Calendar = {
  /** ISO weekdays the department works: 1 = Monday … 7 = Sunday. */
  workingDays: readonly number[];
  holidays: ReadonlySet<string>;
  hoursPerDay: number;
};

export type PlannedStage = { plannedStart: string; plannedEnd: string };

const DAY_MS = 86_400_000;
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => fromMs(toMs(date) + days * DAY_MS);
const isoWeekday = (date: string) => ((new Date(toMs(date)).getUTCDay() + 6) % 7) + 1;

export function isWorkingDay(date: string, cal: Calendar): boolean {
  return cal.workingDays.includes(isoWeekday(date)) && !cal.holidays.has(date);
}

function step(date: string, cal: Calendar, direction: 1 | -1): string {
  if (cal.workingDays.length === 0) throw new Error('A calendar needs at least one working day');
  let d = addDays(date, direction);
  for (let guard = 0; !isWorkingDay(d, cal); guard++) {
    if (guard > 366) throw new Error('No working day within a year: check the holidays');
    d = addDays(d, direction);
  }
  return d;
}

/** The working day on or before `date`. */
export const onOrBefore = (date: string, cal: Calendar) =>
  isWorkingDay(date, cal) ? date : step(date, cal, -1);
/** The working day on or after `date`. */
export const onOrAfter = (date: string, cal: Calendar) =>
  isWorkingDay(date, cal) ? date : step(date, cal, 1);

/** Whole working days a stage occupies: its standard hours over the department's day, at least one. */
export const workingDaysFor = (hours: number, cal: Calendar) =>
  Math.max(1, Math.ceil(hours / cal.hoursPerDay));

/**
 * Plans stages backwards so that the last one finishes on the last working day before the due date
 * (the product must be ready the day before it is due), each stage finishing the working day before
 * the next one starts.
 */
export function planBackwards(
  stages: readonly { hours: number; calendar: Calendar }[],
  dueDate: string,
): PlannedStage[] {
  const plan: PlannedStage[] = new Array(stages.length);
  let nextStart = dueDate;
  for (let i = stages.length - 1; i >= 0; i--) {
    const { hours, calendar } = stages[i]!;
    const end = step(nextStart, calendar, -1);
    let start = end;
    for (let d = 1; d < workingDaysFor(hours, calendar); d++) start = step(start, calendar, -1);
    plan[i] = { plannedStart: start, plannedEnd: end };
    nextStart = start;
  }
  return plan;
}

/**
 * Forecasts when the remaining stages finish if work starts today at standard durations. A stage in progress
 * counts only the working days it has left (at least today).
 */
export function forecastFinish(
  remaining: readonly { hours: number; calendar: Calendar; startedOn?: string | null }[],
  today: string,
): string | null {
  let cursor: string | null = null;
  for (const { hours, calendar, startedOn } of remaining) {
    let days = workingDaysFor(hours, calendar);
    if (startedOn) days = Math.max(1, days - countWorkingDays(startedOn, today, calendar));
    let day: string = cursor ? step(cursor, calendar, 1) : onOrAfter(today, calendar);
    for (let d = 1; d < days; d++) day = step(day, calendar, 1);
    cursor = day;
  }
  return cursor;
}

/** Working days in [from, to). */
export function countWorkingDays(from: string, to: string, cal: Calendar): number {
  let n = 0;
  for (let d = from; d < to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

export type Risk = 'on_track' | 'at_risk' | 'late';

/**
 * Late once today is past the due date with work left; at risk when the forecast of the remaining stages
 * ends on or after the due date (the product must be ready the day before).
 */
export function assessRisk(opts: {
  dueDate: string;
  today: string;
  remaining: readonly { hours: number; calendar: Calendar; startedOn?: string | null }[];
}): Risk {
  if (opts.remaining.length === 0) return 'on_track';
  if (opts.today > opts.dueDate) return 'late';
  const finish = forecastFinish(opts.remaining, opts.today);
  return finish !== null && finish >= opts.dueDate ? 'at_risk' : 'on_track';
}
