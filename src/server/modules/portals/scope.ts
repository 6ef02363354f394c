import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';

export const PORTAL_ROLE = 'jobjacket_portal';

/**
 * Runs portal work in a transaction as the restricted role with the caller's account set, so PostgreSQL's
 * row-level security hides every other client's rows even if a query forgets its own account filter.
 */
export function inPortalScope<T>(db: Db, accountId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // One round trip: both settings end with the transaction (set_config('role', …, true) is SET LOCAL ROLE).
    await tx.execute(
      sql`select set_config('jobjacket.account_id', ${accountId}, true), set_config('role', ${PORTAL_ROLE}, true)`,
    );
    return work(tx);
  });
}

/** The queue's tables are created at run time by pg-boss: the portal role may enqueue (e-mails) too. */
export async function grantQueueToPortalRole(db: Db) {
  await db.execute(sql.raw(`grant usage on schema pgboss to ${PORTAL_ROLE}`));
  await db.execute(
    sql.raw(`grant select, insert, update, delete on all tables in schema pgboss to ${PORTAL_ROLE}`),
  );
  await db.execute(sql.raw(`grant usage, select on all sequences in schema pgboss to ${PORTAL_ROLE}`));
}
