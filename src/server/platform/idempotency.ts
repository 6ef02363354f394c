import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { jsonb, pgTable, primaryKey, text, integer } from 'drizzle-orm/pg-core';
import { moment } from './db/columns';
import type { Db } from './db';
import { AppError } from './errors';

/** The first answer to each `Idempotency-Key`, per caller and operation, kept to repeat it on a retry. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: moment('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

const fingerprintOf = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * Runs `work` once per key inside the caller's transaction. The key row is claimed first, so a concurrent
 * retry waits on it and then repeats the stored answer; the same key with a different body is refused.
 */
export async function idempotent<T>(
  db: Db,
  opts: { scope: string; key: string | undefined; body: unknown; status: number },
  work: () => Promise<T>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  if (!opts.key) return { status: opts.status, body: await work(), replayed: false };
  if (opts.key.length > 200)
    throw new AppError('VALIDATION', 'The Idempotency-Key is longer than 200 characters');
  const fingerprint = fingerprintOf(opts.body);
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ scope: opts.scope, key: opts.key, fingerprint, status: 0, response: sql`'null'::jsonb` })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (!claimed.length) {
    const [stored] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, opts.scope), eq(idempotencyKeys.key, opts.key)));
    if (!stored || stored.fingerprint !== fingerprint) {
      throw new AppError(
        'CONFLICT',
        'This Idempotency-Key was already used for a different request; use a new key for a new request',
      );
    }
    return { status: stored.status, body: stored.response as T, replayed: true };
  }
  const body = await work();
  await db
    .update(idempotencyKeys)
    .set({ status: opts.status, response: body as never })
    .where(and(eq(idempotencyKeys.scope, opts.scope), eq(idempotencyKeys.key, opts.key)));
  return { status: opts.status, body, replayed: false };
}
