/** The shop's working week: ISO weekdays (1 = Monday) and the working window of each day, in minutes. */
export type BusinessHours = {
  days: Set<number>;
  start: number;
  end: number;
  timeZone: string;
  holidays: Set<string>;
};

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Reads `"1-5 08:00-17:00"` (Monday to Friday, eight to five). */
export function parseBusinessHours(
  spec: string,
  timeZone: string,
  holidays: Iterable<string> = [],
): BusinessHours {
  const m = /^([1-7])(?:-([1-7]))? (\d\d:\d\d)-(\d\d:\d\d)$/.exec(spec);
  if (!m) throw new Error(`Business hours "${spec}" must look like "1-5 08:00-17:00"`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  const days = new Set<number>();
  for (let d = from; d <= to; d++) days.add(d);
  const start = minutesOf(m[3]!);
  const end = minutesOf(m[4]!);
  if (end <= start) throw new Error('Business hours must end after they start');
  return { days, start, end, timeZone, holidays: new Set(holidays) };
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const v = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const local = Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second'));
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of a wall-clock time (minutes after midnight) on a local date in a zone. */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, mo - 1, d, 0, minutes);
  let at = guess - offsetMs(new Date(guess), timeZone);
  at = guess - offsetMs(new Date(at), timeZone); // second pass settles days that change offset
  return new Date(at);
}

function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

const nextDate = (date: string) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const isoWeekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay() || 7;

/** The working window of a local date, or null on a closed day. */
function windowOf(date: string, h: BusinessHours): [number, number] | null {
  if (!h.days.has(isoWeekday(date)) || h.holidays.has(date)) return null;
  return [zonedInstant(date, h.start, h.timeZone).getTime(), zonedInstant(date, h.end, h.timeZone).getTime()];
}

const MAX_DAYS = 3660;

/** The moment `minutes` business minutes after `from` (response targets count only working time). */
export function addBusinessMinutes(from: Date, minutes: number, h: BusinessHours): Date {
  let remaining = minutes * 60_000;
  let date = localDate(from, h.timeZone);
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    const w = windowOf(date, h);
    if (!w) continue;
    const start = Math.max(from.getTime(), w[0]);
    if (start >= w[1]) continue;
    if (start + remaining <= w[1]) return new Date(start + remaining);
    remaining -= w[1] - start;
  }
  throw new Error('Business hours leave no working time');
}

/** Business minutes from `a` to `b`; negative when `b` is before `a`. */
export function businessMinutesBetween(a: Date, b: Date, h: BusinessHours): number {
  if (b < a) return -businessMinutesBetween(b, a, h);
  let total = 0;
  let date = localDate(a, h.timeZone);
  const last = localDate(b, h.timeZone);
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    const w = windowOf(date, h);
    if (w) total += Math.max(0, Math.min(b.getTime(), w[1]) - Math.max(a.getTime(), w[0]));
    if (date >= last) break;
  }
  return Math.round(total / 60_000);
}
