import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from './index';

/** The name report connections carry in pg_stat_activity, so an operator sees which load is reports. */
export const REPORTS_APPLICATION_NAME = 'jobjacket-reports';

export type ReportDatabase = { db: Db; pool?: pg.Pool; close(): Promise<void> };

/**
 * The database reports read. With DATABASE_REPLICA_URL, a second, small pool on the replica whose every
 * transaction is read-only (set at connection start, so nothing a report does can write there, and a
 * replica in recovery would refuse it anyway); without it, the primary itself. Reports may lag the primary
 * by the replica's replication delay: docs/scaling.md says so.
 */
export function openReportDatabase(primary: Db, replicaUrl?: string, max = 5): ReportDatabase {
  if (!replicaUrl) return { db: primary, close: async () => {} };
  const pool = new pg.Pool({
    connectionString: replicaUrl,
    max,
    connectionTimeoutMillis: 5_000,
    application_name: REPORTS_APPLICATION_NAME,
    options: '-c default_transaction_read_only=on',
  });
  pool.on('error', () => {}); // a dropped idle connection is replaced on next use
  pool.on('connect', (client) => client.on('error', () => {}));
  return { db: drizzle(pool) as unknown as Db, pool, close: () => pool.end() };
}

/**
 * At start: the replica answers and holds Jobjacket's schema (a wrong URL would give every report an error, or
 * another database's rows). Refuses with one line that names what is wrong, as the file store's check does.
 */
export async function checkReportDatabase(reports: ReportDatabase): Promise<void> {
  if (!reports.pool) return;
  try {
    const { rows } = await reports.pool.query(
      `select to_regclass('drizzle.__drizzle_migrations') is not null and to_regclass('public.jobs') is not null as ours`,
    );
    if (!rows[0]?.ours) throw new Error('it holds no Jobjacket schema (is it a replica of this database?)');
  } catch (e) {
    throw new Error(
      `DATABASE_REPLICA_URL: ${(e as Error).message}; fix it or unset it to run reports on the primary`,
    );
  }
}
