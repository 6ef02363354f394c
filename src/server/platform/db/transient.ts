import { POOL_EXHAUSTED } from './index';

/** The database is unreachable or restarting (connection refused or reset, shutdown, starting up). */
export const DATABASE_UNAVAILABLE: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** Unavailable, every connection busy, or a conflict the database asks to retry. */
const TRANSIENT = new Set([
  ...DATABASE_UNAVAILABLE,
  POOL_EXHAUSTED,
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/**
 * Whether an error is the database being briefly unavailable (worth retrying the whole unit of work later),
 * not a fault of the data or the code. node-postgres reports a dropped connection without a code, by this
 * one message, so that is the single text checked.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT.has(code)) return true;
    if (e instanceof Error && e.message === 'Connection terminated unexpectedly') return true;
  }
  return false;
}
