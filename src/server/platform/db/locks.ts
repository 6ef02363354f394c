import { sql } from 'drizzle-orm';
import type { Db } from './index';

/**
 * Serialises the transactions that check-then-write the same thing (one buyer's cart, one cost centre's
 * budget): a PostgreSQL advisory lock on the key, held until the transaction ends. It needs no privilege on
 * any table, so it works as the restricted portal role too.
 */
export async function lockForTransaction(db: Db, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
