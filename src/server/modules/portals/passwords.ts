import { and, eq, gt, ne, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit';
import { hashPassword, newSecret, sha256, verifyPassword } from '../../platform/auth/secrets';
import type { Db } from '../../platform/db';
import { AppError, invalid } from '../../platform/errors';
import type { Mailer } from '../../platform/mail';
import type { Clock } from '../../platform/service-context';
import { findActivePortalBySlug } from './portals';
import { portalSessions, portalUsers } from './tables';
import { portalActor, type PortalPrincipal } from './users';

const RESET_MINUTES = 60;
export const RESET_REQUESTED =
  'If that e-mail belongs to a user of this portal, a link to choose a new password is on its way. It works once, for an hour.';

/**
 * Mails a single-use reset link to an active user of the portal with that e-mail. Says nothing either way: the
 * caller answers the same words whether or not the e-mail is known. Only the token's SHA-256 is stored; a new
 * request replaces the previous link.
 */
export async function requestPasswordReset(opts: {
  db: Db;
  clock: Clock;
  slug: string;
  email: string;
  mailer: Mailer;
  publicUrl: string;
}) {
  const { db, email } = opts;
  const portal = await findActivePortalBySlug({ db, slug: opts.slug });
  const token = newSecret('');
  const [user] = await db
    .update(portalUsers)
    .set({
      resetTokenHash: sha256(token),
      resetExpiresAt: new Date(opts.clock.now().getTime() + RESET_MINUTES * 60_000),
    })
    .where(
      and(
        eq(portalUsers.portalId, portal.id),
        eq(sql`lower(${portalUsers.email})`, email.toLowerCase()),
        eq(portalUsers.active, true),
      ),
    )
    .returning();
  if (!user) return;
  await opts.mailer.queueMail(db, {
    to: user.email,
    subject: `Choose a new password for ${portal.name}`,
    text: `Hello ${user.name},\n\nSomeone (we hope you) asked to reset your password for ${portal.name}. Choose a new one here — the link works once, for ${RESET_MINUTES} minutes:\n${opts.publicUrl}/p/${portal.slug}/reset/${token}\n\nIf you did not ask, ignore this e-mail: your password stays as it is.\n`,
  });
  await recordAudit(db, portalActor(user), {
    action: 'portal.user.reset-requested',
    entityType: 'portal-user',
    entityId: user.id,
    accountId: user.accountId,
    summary: `${user.name} asked for a password reset link for /p/${portal.slug}`,
  });
}

/**
 * Sets a new password from a reset link. One conditional UPDATE takes the token (matching hash, not expired)
 * and clears it, so the same link used twice at once succeeds once. Ends every session of the user, and lifts a
 * lock-out: they have just proved they hold the mailbox.
 */
export async function resetPassword(opts: {
  db: Db;
  clock: Clock;
  slug: string;
  token: string;
  password: string;
}) {
  const { db } = opts;
  const portal = await findActivePortalBySlug({ db, slug: opts.slug });
  const passwordHash = await hashPassword(opts.password);
  const [user] = await db
    .update(portalUsers)
    .set({
      passwordHash,
      resetTokenHash: null,
      resetExpiresAt: null,
      inviteTokenHash: null,
      inviteExpiresAt: null,
      failedLogins: 0,
      lockedUntil: null,
      updatedAt: opts.clock.now(),
    })
    .where(
      and(
        eq(portalUsers.portalId, portal.id),
        eq(portalUsers.resetTokenHash, sha256(opts.token)),
        gt(portalUsers.resetExpiresAt, opts.clock.now()),
        eq(portalUsers.active, true),
      ),
    )
    .returning();
  if (!user)
    throw new AppError('NOT_FOUND', 'This reset link is unknown, used or expired: ask for a new one');
  await db.delete(portalSessions).where(eq(portalSessions.portalUserId, user.id));
  await recordAudit(db, portalActor(user), {
    action: 'portal.user.password-reset',
    entityType: 'portal-user',
    entityId: user.id,
    accountId: user.accountId,
    summary: `${user.name} chose a new password for /p/${portal.slug} from a reset link`,
  });
}

/** Changes the signed-in user's password after checking the current one; their other sessions end. */
export async function changePassword(opts: {
  db: Db;
  clock: Clock;
  who: PortalPrincipal;
  sessionToken: string;
  currentPassword: string;
  newPassword: string;
}) {
  const { db, who } = opts;
  const [user] = await db.select().from(portalUsers).where(eq(portalUsers.id, who.user.id)).for('update');
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, opts.currentPassword)))
    throw invalid('The current password is not correct', [
      { path: 'currentPassword', message: 'Not correct' },
    ]);
  if (opts.currentPassword === opts.newPassword)
    throw invalid('Choose a password different from the current one', [
      { path: 'newPassword', message: 'Same as the current one' },
    ]);
  await db
    .update(portalUsers)
    .set({ passwordHash: await hashPassword(opts.newPassword), updatedAt: opts.clock.now() })
    .where(eq(portalUsers.id, user.id));
  await db
    .delete(portalSessions)
    .where(and(eq(portalSessions.portalUserId, user.id), ne(portalSessions.id, sha256(opts.sessionToken))));
  await recordAudit(db, portalActor(user), {
    action: 'portal.user.password-changed',
    entityType: 'portal-user',
    entityId: user.id,
    accountId: user.accountId,
    summary: `${user.name} changed their portal password`,
  });
}

/** The user's own settings: whether order status e-mails reach them. */
export async function setPreferences(opts: {
  db: Db;
  clock: Clock;
  who: PortalPrincipal;
  orderEmails: boolean;
}) {
  const { db, who } = opts;
  const [row] = await db
    .update(portalUsers)
    .set({ orderEmails: opts.orderEmails, updatedAt: opts.clock.now() })
    .where(eq(portalUsers.id, who.user.id))
    .returning();
  await recordAudit(db, portalActor(row!), {
    action: 'portal.user.preferences',
    entityType: 'portal-user',
    entityId: row!.id,
    accountId: row!.accountId,
    summary: `${row!.name} turned order e-mails ${opts.orderEmails ? 'on' : 'off'}`,
    before: { orderEmails: who.user.orderEmails },
    after: { orderEmails: row!.orderEmails },
  });
  return { orderEmails: row!.orderEmails };
}
