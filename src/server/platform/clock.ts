/** Today's date ('YYYY-MM-DD') in the shop's time zone: business dates follow the shop's calendar, not UTC. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
