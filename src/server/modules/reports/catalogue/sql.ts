import { sql, type SQL } from 'drizzle-orm';

/** `case <expr> when 'a' then 'A' … else <expr> end`: stored codes shown as the app's labels. */
export function labelled(expr: SQL, labels: Record<string, string>): SQL {
  const whens = Object.entries(labels).map(([code, label]) => sql`when ${code} then ${label}`);
  return sql`(case ${expr} ${sql.join(whens, sql` `)} else ${expr} end)`;
}

/** A moment's date in the shop's calendar. */
export const localDate = (expr: SQL, timeZone: string) => sql`((${expr}) at time zone ${timeZone})::date`;

/** The first day of the week (Monday) or month holding a date. */
export const bucketStart = (date: SQL, bucket: 'week' | 'month') =>
  sql`date_trunc(${bucket}, (${date})::timestamp)::date`;

/** `and <cond>` when the value is set, nothing otherwise. */
export const andIf = (value: unknown, cond: () => SQL) =>
  value === undefined || value === null ? sql`` : sql`and ${cond()}`;

export const OPEN_JOB = sql.raw(`('draft', 'in_production', 'on_hold')`);
export const OPEN_PO = sql.raw(`('draft', 'sent', 'partly_received')`);
