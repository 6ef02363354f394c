import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor';
import { hashPassword, newSecret, sha256, verifyPassword } from '../../platform/auth/secrets';
import { recordAudit } from '../../platform/audit';
import { prepared, type Db } from '../../platform/db';
import { invalid } from '../../platform/errors';
import { claimSignInAttempt, LOCKOUT, signInRefused } from '../../platform/auth/lockout';
import { findUserByEmail } from './service';
import { apiTokens, sessions, users } from './tables';

export const SESSION_DAYS = 7;

type UserRow = typeof users.$inferSelect;

/** The user's columns an actor is made of: what a request's authentication reads (no hashes, no lock-out). */
const actorColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  department: users.department,
};

export function actorOf(user: Pick<UserRow, keyof typeof actorColumns>, via: Actor['via']): Actor {
  return {
    kind: 'user',
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    department: user.department,
    via,
  };
}

/**
 * Checks a password and opens a session. Five failures in a row lock the user out for 15 minutes;
 * the answer for an unknown e-mail is the same as for a wrong password.
 */
export async function login(opts: {
  db: Db;
  email: string;
  password: string;
  ip?: string;
  userAgent?: string;
}) {
  const { db } = opts;
  const user = await findUserByEmail(db, opts.email);
  if (!user || !user.active || !user.passwordHash) {
    await hashPassword(opts.password); // same cost as a real check: no timing oracle for unknown e-mails
    throw signInRefused();
  }
  const { locking } = await claimSignInAttempt(db, 'users', user.id);
  if (!(await verifyPassword(user.passwordHash, opts.password))) {
    if (locking) {
      await recordAudit(db, actorOf(user, 'session'), {
        action: 'user.lock',
        entityType: 'user',
        entityId: user.id,
        summary: `Locked out after ${LOCKOUT.maxFailures} failed sign-ins`,
      });
    }
    throw signInRefused();
  }
  const token = newSecret('');
  const csrfToken = newSecret('');
  await db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
    .where(eq(users.id, user.id));
  await db.insert(sessions).values({
    id: sha256(token),
    userId: user.id,
    csrfToken,
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
    ip: opts.ip ?? null,
    userAgent: opts.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, user: { ...user, failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() } };
}

export async function logout(opts: { db: Db; token: string }) {
  await opts.db.delete(sessions).where(eq(sessions.id, sha256(opts.token)));
}

/** Ends every session of a user (all browsers and devices); API tokens are revoked one by one. */
export async function logoutEverywhere(opts: { db: Db; actor: Actor }) {
  const ended = await opts.db
    .delete(sessions)
    .where(eq(sessions.userId, opts.actor.id!))
    .returning({ id: sessions.id });
  await recordAudit(opts.db, opts.actor, {
    action: 'user.logout_everywhere',
    entityType: 'user',
    entityId: opts.actor.id!,
    summary: `Signed out everywhere (${ended.length} session${ended.length === 1 ? '' : 's'})`,
  });
  return ended.length;
}

/** Resolves a session cookie to its user and CSRF token, or null when expired, unknown or deactivated. */
export async function userForSession(db: Db, token: string) {
  const query = prepared(db, 'user_for_session', (d) =>
    d
      .select({ user: actorColumns, csrfToken: sessions.csrfToken })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, sql.placeholder('id')),
          gt(sessions.expiresAt, sql.placeholder('now')),
          eq(users.active, true),
        ),
      )
      .prepare('user_for_session'),
  );
  const [row] = await query.execute({ id: sha256(token), now: new Date().toISOString() });
  return row ?? null;
}

/** Resolves a Bearer API token to its user, or null when unknown, revoked, expired or deactivated. */
export async function userForApiToken(db: Db, token: string) {
  const query = prepared(db, 'user_for_api_token', (d) =>
    d
      .select({ user: actorColumns, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(
          eq(apiTokens.tokenHash, sql.placeholder('hash')),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql.placeholder('now'))),
          eq(users.active, true),
        ),
      )
      .prepare('user_for_api_token'),
  );
  const [row] = await query.execute({ hash: sha256(token), now: new Date().toISOString() });
  if (!row) return null;
  // Recorded to the minute: a write on every request would cost more than the request itself.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return row.user;
}

/** Sets the password of an invited user from the token in their invitation e-mail. */
export async function acceptInvite(opts: { db: Db; token: string; password: string }) {
  const [user] = await opts.db
    .select()
    .from(users)
    .where(and(eq(users.inviteTokenHash, sha256(opts.token)), gt(users.inviteExpiresAt, sql`now()`)));
  if (!user) throw invalid('This invitation link is not valid or has expired; ask an admin for a new one');
  await opts.db
    .update(users)
    .set({
      passwordHash: await hashPassword(opts.password),
      inviteTokenHash: null,
      inviteExpiresAt: null,
      updatedAt: new Date(),
    })
    .where(eq(users.id, user.id));
  await recordAudit(opts.db, actorOf(user, 'session'), {
    action: 'user.accept_invite',
    entityType: 'user',
    entityId: user.id,
    summary: `${user.email} accepted the invitation and set a password`,
  });
}
