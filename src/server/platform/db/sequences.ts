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

/** The kinds numbered by a PostgreSQL sequence instead of a counter row, and their sequences (migration 0037). */
const looseSequences = { order: 'order_number_seq' } as const;

/**
 * The next number of a kind that need not be gap-free, e.g. `ORD-2026-00042`: unique and increasing, taken from a
 * PostgreSQL sequence, so it never waits on another transaction (a counter row is held until its transaction
 * commits, and every checkout queued behind the one in front). A rolled-back transaction leaves a gap, and the
 * count does not restart in January: the year says when the number was issued. Orders may do this because no
 * invoice is numbered from them.
 */
export async function nextLooseNumber(
  db: Db,
  kind: keyof typeof looseSequences,
  prefix: string,
  year: number,
): Promise<string> {
  const result = (await db.execute(
    sql`select nextval(${looseSequences[kind]}::regclass)::int as last`,
  )) as unknown as { rows: { last: number }[] };
  return `${prefix}-${year}-${String(result.rows[0]!.last).padStart(5, '0')}`;
}
