import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { accounts } from './tables';

/**
 * Moves an account's last contact forward to `at` (never back: a call logged late for last week does not
 * hide yesterday's e-mail). Flows call it when a message comes in or goes out, or a call or meeting is logged.
 */
export async function recordAccountContact(db: Db, accountId: string, at: Date) {
  await db
    .update(accounts)
    .set({ lastContactAt: sql`greatest(${accounts.lastContactAt}, ${at.toISOString()}::timestamptz)` })
    .where(sql`${accounts.id} = ${accountId}`);
}
