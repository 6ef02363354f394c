import { sql } from 'drizzle-orm';
import type { Database, Db } from './index';

/**
 * Serialises the transactions that check-then-write the same thing (one buyer's cart, one cost centre's
 * budget): a PostgreSQL advisory lock on the key, held until the transaction ends. It needs no privilege on
 * any table, so it works as the restricted portal role too.
 */
export async function lockForTransaction(db: Db, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/**
 * Runs `fn` while holding a session-level advisory lock on `key`, so nodes starting together take turns at
 * start-up work that PostgreSQL does not serialise by itself (two concurrent GRANTs on one object fail with
 * "tuple concurrently updated"; two migrators would both apply a migration). On PGlite (one process) it
 * just runs `fn`.
 */
export async function withSessionLock<T>(database: Database, key: string, fn: () => Promise<T>): Promise<T> {
  if (!database.pool) return fn();
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    }
  } finally {
    client.release();
  }
}
