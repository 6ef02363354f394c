import { weekdayLabels, type MonthDay, type ScheduleTiming } from '../../../shared/reports';
import { invalid } from '../../platform/errors';
import { addDays } from '../../platform/calendar/working-days';

export type Timing = ScheduleTiming & { timeZone: string };

/** The wall-clock parts of an instant in a time zone. */
function partsIn(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const offsetAt = (instant: number, timeZone: string) => {
  const p = partsIn(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
};

/** The instant a local date and time ('YYYY-MM-DD', 'HH:MM') happen in the zone (a time skipped by DST moves on). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const wall = Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * 60_000;
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return new Date(guess);
}

const localDate = (instant: Date, timeZone: string) => {
  const p = partsIn(instant.getTime(), timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const lastOfMonth = (date: string) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** Whether a schedule runs on a date. Day 31 in a shorter month runs on its last day. */
function runsOn(date: string, t: Timing): boolean {
  if (t.frequency === 'daily') return true;
  if (t.frequency === 'weekly') return isoWeekday(date) === t.weekday;
  const last = lastOfMonth(date);
  if (t.monthDay === 'last') return date === last;
  if (t.monthDay === 'last_business') {
    let d = last;
    while (isoWeekday(d) > 5) d = addDays(d, -1);
    return date === d;
  }
  const n = Number(t.monthDay);
  const day = Number(date.slice(8, 10));
  return day === n || (date === last && n > day);
}

/** The first due moment strictly after `after`. */
export function nextRunAfter(t: Timing, after: Date): Date {
  let date = addDays(localDate(after, t.timeZone), -1);
  for (let i = 0; i < 400; i++, date = addDays(date, 1)) {
    if (!runsOn(date, t)) continue;
    const at = zonedInstant(date, t.time, t.timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error('No run within a year');
}

/** Checks the fields a frequency needs and clears those it does not. */
export function normaliseTiming(t: ScheduleTiming): ScheduleTiming {
  if (t.frequency === 'weekly' && !t.weekday)
    throw invalid('A weekly schedule needs a weekday', [{ path: 'weekday', message: 'Choose a weekday' }]);
  if (t.frequency === 'monthly' && (t.monthDay === null || t.monthDay === undefined))
    throw invalid('A monthly schedule needs a day of the month', [
      { path: 'monthDay', message: 'Choose a day' },
    ]);
  return {
    frequency: t.frequency,
    time: t.time,
    weekday: t.frequency === 'weekly' ? t.weekday : null,
    monthDay: t.frequency === 'monthly' ? t.monthDay : null,
  };
}

const monthDayText = (d: MonthDay | null | undefined) =>
  d === 'last' ? 'the last day' : d === 'last_business' ? 'the last business day' : `day ${String(d)}`;

/** "Every Monday at 07:00 (America/Chicago)". */
export function describeTiming(t: Timing): string {
  const when =
    t.frequency === 'daily'
      ? 'Every day'
      : t.frequency === 'weekly'
        ? `Every ${weekdayLabels[t.weekday ?? 1]}`
        : `Monthly on ${monthDayText(t.monthDay)}`;
  return `${when} at ${t.time} (${t.timeZone})`;
}

/** Stored month day ('5', 'last') back to the contract's value. */
export const parseMonthDay = (v: string | null): MonthDay | null =>
  v === null ? null : v === 'last' || v === 'last_business' ? v : Number(v);
