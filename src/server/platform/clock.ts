/** Today's date ('YYYY-MM-DD') in the shop's time zone: business dates follow the shop's calendar, not UTC. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(now);
}
// Building a formatter costs far more than using one.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
