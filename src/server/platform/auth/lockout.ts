import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { AppError } from '../errors';

/** Failed sign-ins in a row that lock an account, and for how long (set at start-up from the configuration). */
export const LOCKOUT = { maxFailures: 5, minutes: 15 };

/** Applies JOBJACKET_SIGNIN_MAX_FAILURES and JOBJACKET_SIGNIN_LOCK_MINUTES. */
export function configureLockout(config: { maxFailures: number; minutes: number }) {
  Object.assign(LOCKOUT, config);
}

/**
 * The one answer to a refused sign-in — unknown e-mail, wrong password or locked account alike — so the
 * answer never tells which e-mail addresses have accounts.
 */
export const signInRefused = () =>
  new AppError(
    'UNAUTHENTICATED',
    `The e-mail or password is not correct (after ${LOCKOUT.maxFailures} wrong tries an account waits ${LOCKOUT.minutes} minutes)`,
  );

/**
 * Claims one sign-in attempt for a user row before its password is checked, in one atomic statement: the
 * attempt counts as a failure until the password proves right, so guesses sent in parallel cannot all read
 * the same count (the fifth claim locks the account; later claims find it locked). Refuses (as a wrong
 * password would) when the account is locked; returns whether this attempt is the one that locked it.
 */
export async function claimSignInAttempt(
  db: Db,
  table: 'users' | 'portal_users',
  id: string,
): Promise<{ locking: boolean }> {
  const t = sql.raw(table);
  const { rows } = (await db.execute(sql`
    update ${t} set
      failed_logins = case when failed_logins + 1 >= ${LOCKOUT.maxFailures} then 0 else failed_logins + 1 end,
      locked_until = case when failed_logins + 1 >= ${LOCKOUT.maxFailures}
        then now() + make_interval(mins => ${LOCKOUT.minutes}) else null end
    where id = ${id} and (locked_until is null or locked_until <= now())
    returning locked_until is not null as locking`)) as unknown as { rows: { locking: boolean }[] };
  if (!rows[0]) throw signInRefused();
  return rows[0];
}
