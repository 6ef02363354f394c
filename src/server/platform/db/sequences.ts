import { sql } from 'drizzle-orm';
import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { Db } from './index';

/** Per-kind, per-year counters behind the numbers people say aloud (J-2026-00042, PO-2026-00007). */
export const numberSequences = pgTable(
  'number_sequences',
  {
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
);

/** The next number of a kind for a year, e.g. `J-2026-00042`; gap-free within committed transactions. */
export async function nextNumber(db: Db, kind: string, prefix: string, year: number): Promise<string> {
  const result = (await db.execute(sql`
    insert into number_sequences (kind, year, last) values (${kind}, ${year}, 1)
    on conflict (kind, year) do update set last = number_sequences.last + 1
    returning last`)) as unknown as { rows: { last: number }[] };
  return `${prefix}-${year}-${String(result.rows[0]!.last).padStart(5, '0')}`;
}
