import { and, asc, eq, getTableColumns, gt, sql } from 'drizzle-orm';
import { portalLogoUrl } from './file-urls';
import type { z } from 'zod';
import type { PortalSession, PortalUser, PortalUserInput } from '../../../shared/portals';
import type { Actor } from '../../platform/actor';
import { hashPassword, newSecret, sha256, verifyPassword } from '../../platform/auth/secrets';
import { recordAudit } from '../../platform/audit';
import { prepared, type Db } from '../../platform/db';
import { AppError, invalid, notFound } from '../../platform/errors';
import { claimSignInAttempt, signInRefused } from '../../platform/auth/lockout';
import type { Mailer } from '../../platform/mail';
import type { ServiceContext } from '../../platform/service-context';
import type { FastifyRequest } from 'fastify';
import { getAccount } from '../accounts';
import { linkBuyerContact } from './buyer-contact';
import { findPortal } from './portals';
import { portalSessions, portalUsers, portals } from './tables';

type UserRow = typeof portalUsers.$inferSelect;
type PortalRow = typeof portals.$inferSelect;
/** A signed-in portal user as every request reads them: without the sign-in secrets and lock-out counters. */
const {
  passwordHash: _password,
  inviteTokenHash: _invite,
  inviteExpiresAt: _inviteExpires,
  resetTokenHash: _reset,
  resetExpiresAt: _resetExpires,
  failedLogins: _failed,
  lockedUntil: _locked,
  lastSignInAt: _lastSignIn,
  ...principalColumns
} = getTableColumns(portalUsers);
export type PortalPrincipalUser = { [K in keyof typeof principalColumns]: UserRow[K] };
export type PortalPrincipal = {
  user: PortalPrincipalUser;
  portal: PortalRow;
  csrfToken: string;
  procurement?: boolean;
};

/** The signed-in portal user of a `portal` route (the access hook put it on the request). */
export function requirePortalUser(request: FastifyRequest): PortalPrincipal {
  if (!request.portal) throw new AppError('UNAUTHENTICATED', 'Sign in to the portal');
  return request.portal as unknown as PortalPrincipal;
}

export const PORTAL_COOKIE = 'jj_portal';
const SESSION_DAYS = 7;
const INVITE_DAYS = 14;

/** Portal users act in audit entries under their own name, never as staff. */
export function portalActor(user: PortalPrincipalUser): Actor {
  return {
    kind: 'portal',
    id: null,
    name: `${user.name} (portal)`,
    email: user.email,
    role: 'account_manager',
    department: null,
    via: 'session',
  };
}

const present = (u: UserRow): PortalUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  costCentreIds: u.costCentreIds,
  spendingLimitCents: u.spendingLimitCents,
  active: u.active,
  invited: !u.passwordHash,
  lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
});

/** A portal's users by name. */
export async function listPortalUsers(opts: { db: Db; portalId: string }) {
  const { db, portalId } = opts;
  await findPortal(db, portalId);
  const rows = await db
    .select()
    .from(portalUsers)
    .where(eq(portalUsers.portalId, portalId))
    .orderBy(asc(portalUsers.name));
  return { items: rows.map(present), nextCursor: null };
}

async function checkCostCentres(db: Db, accountId: string, ids: string[]) {
  const account = await getAccount({ db, id: accountId, health: false });
  ids.forEach((id, i) => {
    if (!account.costCentres.some((c) => c.id === id)) {
      throw invalid('A cost centre is not one of this account', [
        { path: `costCentreIds.${i}`, message: 'Unknown cost centre' },
      ]);
    }
  });
}

/** Adds a portal user and e-mails the invitation link where they set their password. */
/**
 * How a new portal user gets in: an e-mailed invitation with a link to set their password, or (demo data,
 * tests) a password set at once.
 */
export type PortalUserAccess = { invite: { mailer: Mailer; publicUrl: string } } | { password: string };

/** Adds a user to a portal: invited by e-mail, or with a password set at once. */
export async function invitePortalUser(
  opts: ServiceContext & {
    portalId: string;
    input: z.output<typeof PortalUserInput>;
    access: PortalUserAccess;
  },
) {
  const { db, actor, portalId, input, access } = opts;
  const portal = await findPortal(db, portalId);
  await checkCostCentres(db, portal.accountId, input.costCentreIds);
  const [clash] = await db
    .select({ id: portalUsers.id })
    .from(portalUsers)
    .where(
      and(
        eq(portalUsers.portalId, portalId),
        eq(sql`lower(${portalUsers.email})`, input.email.toLowerCase()),
      ),
    );
  if (clash)
    throw invalid(`${input.email} already uses this portal`, [{ path: 'email', message: 'Already a user' }]);
  const token = newSecret('');
  const [row] = await db
    .insert(portalUsers)
    .values({
      ...input,
      accountId: portal.accountId,
      portalId,
      ...('password' in access
        ? { passwordHash: await hashPassword(access.password) }
        : {
            inviteTokenHash: sha256(token),
            inviteExpiresAt: new Date(opts.clock.now().getTime() + INVITE_DAYS * 86_400_000),
          }),
    })
    .returning();
  await linkBuyerContact({ ...opts, user: row! });
  if ('invite' in access) {
    await access.invite.mailer.queueMail(db, {
      to: input.email,
      subject: `Your ordering portal: ${portal.name}`,
      text: `Hello ${input.name},\n\nYou can now order from ${portal.name}. Set your password here (the link works for ${INVITE_DAYS} days):\n${access.invite.publicUrl}/p/${portal.slug}/invite/${token}\n`,
    });
  }
  await recordAudit(db, actor, {
    action: 'portal.user.invited',
    entityType: 'portal-user',
    entityId: row!.id,
    accountId: portal.accountId,
    summary: `${input.name} <${input.email}> invited to /p/${portal.slug} as ${input.role}`,
    after: input,
  });
  return present(row!);
}

/** Changes a portal user's role, cost centres, limit or active flag (a new role or deactivation signs them out). */
export async function updatePortalUser(
  opts: ServiceContext & { portalId: string; id: string; input: z.output<typeof PortalUserInput> },
) {
  const { db, actor, portalId, id, input } = opts;
  const portal = await findPortal(db, portalId);
  const [before] = await db
    .select()
    .from(portalUsers)
    .where(and(eq(portalUsers.id, id), eq(portalUsers.portalId, portalId)));
  if (!before) throw notFound('Portal user');
  await checkCostCentres(db, portal.accountId, input.costCentreIds);
  const [row] = await db
    .update(portalUsers)
    .set({ ...input, updatedAt: opts.clock.now() })
    .where(eq(portalUsers.id, id))
    .returning();
  if (!input.active || input.role !== before.role)
    await db.delete(portalSessions).where(eq(portalSessions.portalUserId, id));
  await recordAudit(db, actor, {
    action: 'portal.user.updated',
    entityType: 'portal-user',
    entityId: id,
    accountId: portal.accountId,
    summary: `Portal user ${row!.email} changed`,
    before,
    after: row,
  });
  return present(row!);
}

async function portalBySlug(db: Db, slug: string) {
  const [portal] = await db.select().from(portals).where(eq(portals.slug, slug));
  if (!portal || !portal.active) throw notFound('Portal');
  return portal;
}

/** Opens a portal session for a user: the cookie token and the CSRF token (only the token's SHA-256 is kept). */
export async function openSession(
  db: Db,
  user: Pick<UserRow, 'id' | 'accountId'>,
  opts: { procurement?: boolean } = {},
) {
  const token = newSecret('');
  const csrfToken = newSecret('');
  await db.insert(portalSessions).values({
    id: sha256(token),
    accountId: user.accountId,
    portalUserId: user.id,
    csrfToken,
    procurement: opts.procurement ?? false,
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
  });
  await db
    .update(portalUsers)
    .set({ lastSignInAt: new Date(), failedLogins: 0, lockedUntil: null })
    .where(eq(portalUsers.id, user.id));
  return { token, csrfToken };
}

/** Signs a portal user in at their portal only; five failures lock them out for 15 minutes. */
export async function portalLogin(db: Db, slug: string, email: string, password: string) {
  const portal = await portalBySlug(db, slug);
  const [user] = await db
    .select()
    .from(portalUsers)
    .where(
      and(eq(portalUsers.portalId, portal.id), eq(sql`lower(${portalUsers.email})`, email.toLowerCase())),
    );
  if (!user || !user.active || !user.passwordHash) {
    await hashPassword(password);
    throw signInRefused();
  }
  await claimSignInAttempt(db, 'portal_users', user.id);
  if (!(await verifyPassword(user.passwordHash, password))) throw signInRefused();
  return { ...(await openSession(db, user)), user, portal };
}

export async function acceptPortalInvite(db: Db, slug: string, token: string, password: string) {
  const portal = await portalBySlug(db, slug);
  const [user] = await db
    .select()
    .from(portalUsers)
    .where(
      and(
        eq(portalUsers.portalId, portal.id),
        eq(portalUsers.inviteTokenHash, sha256(token)),
        gt(portalUsers.inviteExpiresAt, new Date()),
      ),
    );
  if (!user || !user.active)
    throw new AppError('NOT_FOUND', 'This invitation link is unknown or has expired: ask for a new one');
  await db
    .update(portalUsers)
    .set({ passwordHash: await hashPassword(password), inviteTokenHash: null, inviteExpiresAt: null })
    .where(eq(portalUsers.id, user.id));
  await recordAudit(db, portalActor(user), {
    action: 'portal.user.joined',
    entityType: 'portal-user',
    entityId: user.id,
    accountId: user.accountId,
    summary: `${user.name} set a password for /p/${portal.slug}`,
  });
  return { ...(await openSession(db, user)), user, portal };
}

export async function portalLogout(db: Db, token: string) {
  await db.delete(portalSessions).where(eq(portalSessions.id, sha256(token)));
}

/** The portal user of a session cookie, with their portal; null when unknown, expired or deactivated. */
export async function portalPrincipal(db: Db, token: string): Promise<PortalPrincipal | null> {
  const query = prepared(db, 'portal_principal', (d) =>
    d
      .select({
        csrfToken: portalSessions.csrfToken,
        procurement: portalSessions.procurement,
        user: principalColumns,
        portal: portals,
      })
      .from(portalSessions)
      .innerJoin(portalUsers, eq(portalUsers.id, portalSessions.portalUserId))
      .innerJoin(portals, eq(portals.id, portalUsers.portalId))
      .where(
        and(
          eq(portalSessions.id, sql.placeholder('id')),
          gt(portalSessions.expiresAt, sql.placeholder('now')),
        ),
      )
      .prepare('portal_principal'),
  );
  const [row] = await query.execute({ id: sha256(token), now: new Date().toISOString() });
  if (!row || !row.user.active || !row.portal.active) return null;
  return { user: row.user, portal: row.portal, csrfToken: row.csrfToken, procurement: row.procurement };
}

export function brandingOf(p: PortalRow): PortalSession['portal'] {
  return {
    slug: p.slug,
    name: p.name,
    welcomeText: p.welcomeText,
    logoUrl: p.logoFileId ? portalLogoUrl(p.slug, p.logoFileId) : p.logoUrl,
    primaryColour: p.primaryColour,
    showPrices: p.showPrices,
    allowNewAddresses: p.allowNewAddresses,
  };
}

/** What the portal app needs about the signed-in user: who, which portal, their cost centres and addresses. */
export async function portalSession(db: Db, p: PortalPrincipal): Promise<PortalSession> {
  const account = await getAccount({ db, id: p.portal.accountId, health: false });
  const costCentres = account.costCentres.filter(
    (c) => !p.user.costCentreIds.length || p.user.costCentreIds.includes(c.id),
  );
  const addresses = account.addresses.filter(
    (a) =>
      a.kind === 'shipping' &&
      (!p.portal.shipToAddressIds.length || p.portal.shipToAddressIds.includes(a.id)),
  );
  return {
    user: {
      id: p.user.id,
      name: p.user.name,
      email: p.user.email,
      role: p.user.role,
      spendingLimitCents: p.user.spendingLimitCents,
    },
    portal: brandingOf(p.portal),
    costCentres: costCentres.map((c) => ({ id: c.id, name: c.name, code: c.code })),
    addresses: addresses.map((a) => ({
      id: a.id,
      label: a.label,
      line1: a.line1,
      city: a.city,
      region: a.region,
      postalCode: a.postalCode,
    })),
    csrfToken: p.csrfToken,
  };
}
