import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { CreateUser, UpdateUser } from '../../../shared/users';
import type { Actor } from '../../platform/actor';
import { hashPassword, newSecret, sha256 } from '../../platform/auth/secrets';
import { changedFields, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { Mailer } from '../../platform/mail';
import { presentApiToken, presentUser } from './presenter';
import { apiTokens, users } from './tables';

const INVITE_DAYS = 7;

async function findByEmail(db: Db, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return row;
}

/** Creates a staff user; without a password they get an e-mail invitation to set one. */
export async function createUser(opts: {
  db: Db;
  actor: Actor;
  mailer?: Mailer;
  publicUrl?: string;
  input: CreateUser;
}) {
  const { db, actor, input } = opts;
  if (input.role === 'production' && !input.department) {
    throw invalid('A production user belongs to a department', [
      { path: 'department', message: 'Required for the production role' },
    ]);
  }
  if (await findByEmail(db, input.email)) throw conflict(`A user with e-mail ${input.email} already exists`);
  const inviteToken = input.password ? null : newSecret('inv_');
  const [row] = await db
    .insert(users)
    .values({
      email: input.email,
      name: input.name,
      role: input.role,
      department: input.department ?? null,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      inviteTokenHash: inviteToken ? sha256(inviteToken) : null,
      inviteExpiresAt: inviteToken ? new Date(Date.now() + INVITE_DAYS * 86_400_000) : null,
    })
    .returning();
  const user = presentUser(row!);
  await recordAudit(db, actor, {
    action: 'user.create',
    entityType: 'user',
    entityId: user.id,
    summary: `Created user ${user.email} (${user.role})`,
    after: user,
  });
  if (inviteToken && opts.mailer) {
    const link = `${opts.publicUrl ?? ''}/invite/${inviteToken}`;
    await opts.mailer.queueMail(db, {
      to: user.email,
      subject: 'You are invited to Jobjacket',
      text: `Hello ${user.name},\n\n${actor.name} invited you to Jobjacket.\nSet your password here (valid ${INVITE_DAYS} days):\n${link}\n`,
    });
  }
  return user;
}

export async function listUsers(opts: { db: Db; role?: string; active?: boolean }) {
  const where = and(
    opts.role ? eq(users.role, opts.role as never) : undefined,
    opts.active === undefined ? undefined : eq(users.active, opts.active),
  );
  const rows = await opts.db.select().from(users).where(where).orderBy(asc(users.name));
  return rows.map(presentUser);
}

export async function getUser(opts: { db: Db; id: string }) {
  const [row] = await opts.db.select().from(users).where(eq(users.id, opts.id));
  if (!row) throw notFound('User');
  return row;
}

/**
 * A user's name and address, and whether they are active: what telling someone needs, and all that work in a
 * client portal's scope may read of staff (never password hashes or tokens).
 */
export async function getUserContact(opts: { db: Db; id: string }) {
  const [row] = await opts.db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(eq(users.id, opts.id));
  if (!row) throw notFound('User');
  return row;
}

export async function updateUser(opts: { db: Db; actor: Actor; id: string; input: UpdateUser }) {
  const { db, actor, id, input } = opts;
  const before = presentUser(await getUser({ db, id }));
  if (id === actor.id && (input.active === false || (input.role && input.role !== 'admin'))) {
    throw invalid('You cannot deactivate yourself or remove your own admin role');
  }
  const [row] = await db
    .update(users)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  const after = presentUser(row!);
  if (input.active === false) await revokeAllAccess(db, id);
  // A changed role starts from a fresh sign-in: no session carries over from before the change.
  else if (input.role && input.role !== before.role)
    await db.execute(sql`delete from sessions where user_id = ${id}`);
  await recordAudit(db, actor, {
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    summary: `Updated user ${after.email}: ${changedFields(before, after).join(', ') || 'no change'}`,
    before,
    after,
  });
  return after;
}

async function revokeAllAccess(db: Db, userId: string) {
  await db.execute(sql`delete from sessions where user_id = ${userId}`);
  await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

/** Creates an API token for a user; the secret is returned once and only its hash is kept. */
export async function createApiToken(opts: {
  db: Db;
  actor: Actor;
  userId: string;
  name: string;
  /** Left out: `defaultDays`; null: never expires, which only an admin may choose. */
  expiresInDays?: number | null;
  defaultDays: number;
}) {
  // A token minting tokens could outlive its own revocation: new tokens come from a signed-in person.
  if (opts.actor.via === 'token') {
    throw forbidden('Create API tokens from a signed-in session, not with another API token');
  }
  if (opts.expiresInDays === null && opts.actor.role !== 'admin') {
    throw invalid('Only an admin may create a token that never expires', [
      { path: 'expiresInDays', message: 'Give a number of days' },
    ]);
  }
  const days = opts.expiresInDays === undefined ? opts.defaultDays : opts.expiresInDays;
  const token = newSecret('jj_');
  const [row] = await opts.db
    .insert(apiTokens)
    .values({
      userId: opts.userId,
      name: opts.name,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
    })
    .returning();
  const presented = presentApiToken(row!);
  await recordAudit(opts.db, opts.actor, {
    action: 'api_token.create',
    entityType: 'api_token',
    entityId: presented.id,
    summary: `Created API token "${presented.name}" (${presented.prefix}…)`,
    after: presented,
  });
  return { ...presented, token };
}

export async function listApiTokens(opts: { db: Db; userId: string }) {
  const rows = await opts.db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, opts.userId))
    .orderBy(asc(apiTokens.createdAt));
  return rows.map(presentApiToken);
}

/** Revokes one of the actor's own tokens (admins may revoke anyone's). */
export async function revokeApiToken(opts: { db: Db; actor: Actor; id: string }) {
  const [row] = await opts.db.select().from(apiTokens).where(eq(apiTokens.id, opts.id));
  if (!row || (row.userId !== opts.actor.id && opts.actor.role !== 'admin')) throw notFound('API token');
  if (row.revokedAt) return presentApiToken(row);
  const [updated] = await opts.db
    .update(apiTokens)
    .set({ revokedAt: new Date(), updatedAt: new Date() })
    .where(eq(apiTokens.id, opts.id))
    .returning();
  const after = presentApiToken(updated!);
  await recordAudit(opts.db, opts.actor, {
    action: 'api_token.revoke',
    entityType: 'api_token',
    entityId: row.id,
    summary: `Revoked API token "${row.name}" (${row.prefix}…)`,
    before: presentApiToken(row),
    after,
  });
  return after;
}

export { findByEmail as findUserByEmail };

/**
 * Active users that `@handles` name: the e-mail's local part, `first.last` or the first name (lower-case).
 * Handles hold only letters, digits, `.`, `_` and `-`, so the array literal needs no escaping beyond quotes.
 */
export async function findUsersByHandles(db: Db, handles: string[]) {
  if (!handles.length) return [];
  const list = `{${handles.map((h) => `"${h}"`).join(',')}}`;
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        sql`(split_part(lower(${users.email}), '@', 1) = any(${list}::text[])
          or replace(lower(${users.name}), ' ', '.') = any(${list}::text[])
          or split_part(lower(${users.name}), ' ', 1) = any(${list}::text[]))`,
      ),
    );
}

/** Display names of users by id, for the modules that show who did something. */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** How many staff users exist (the first start creates an admin when there are none). */
export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}
