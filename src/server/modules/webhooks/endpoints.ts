import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateWebhookEndpoint, UpdateWebhookEndpoint } from '../../../shared/webhooks';
import { changedFields, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { getAccount } from '../accounts';
import { presentEndpoint } from './presenter';
import { newSecret } from './signing';
import { webhookEndpoints } from './tables';
import { seal, unseal, isSealed } from '../../platform/secret-box';
import type { WebhookSettings } from './settings';
import { urlProblem, type TargetPolicy } from './target';

type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** Rotation overlap when the caller does not say: a day for receivers to take the new secret. */
const DEFAULT_OVERLAP_HOURS = 24;

const accountNameOf = async (db: Db, accountId: string | null) =>
  accountId ? (await getAccount({ db, id: accountId, health: false })).name : null;

function checkUrl(url: string, policy: TargetPolicy) {
  const problem = urlProblem(url, policy);
  if (problem) throw invalid(`The endpoint address ${problem}`, [{ path: 'url', message: problem }]);
}

async function checkAccount(db: Db, accountId: string | null | undefined) {
  if (!accountId) return null;
  try {
    return await accountNameOf(db, accountId);
  } catch {
    throw invalid('No such account', [{ path: 'accountId', message: 'No such account' }]);
  }
}

/**
 * One endpoint; with `accountId` (a portal client admin's account) only that account's endpoints exist —
 * another account's id is a 404, as a missing one.
 */
async function findEndpoint(db: Db, id: string, lock = false, accountId?: string): Promise<EndpointRow> {
  const query = db
    .select()
    .from(webhookEndpoints)
    .where(
      and(eq(webhookEndpoints.id, id), accountId ? eq(webhookEndpoints.accountId, accountId) : undefined),
    );
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

/** Every endpoint, newest first (a shop has a handful). */
export async function listEndpoints(opts: { db: Db; key: Buffer; accountId?: string }) {
  const rows = await opts.db
    .select()
    .from(webhookEndpoints)
    .where(opts.accountId ? eq(webhookEndpoints.accountId, opts.accountId) : undefined)
    .orderBy(desc(webhookEndpoints.createdAt));
  const names = new Map<string, string | null>();
  for (const r of rows)
    if (r.accountId && !names.has(r.accountId))
      names.set(r.accountId, await accountNameOf(opts.db, r.accountId));
  return rows.map((r) => presentEndpoint(r, r.accountId ? (names.get(r.accountId) ?? null) : null, opts.key));
}

export async function getEndpoint(opts: { db: Db; key: Buffer; id: string; accountId?: string }) {
  const row = await findEndpoint(opts.db, opts.id, false, opts.accountId);
  return presentEndpoint(row, await accountNameOf(opts.db, row.accountId), opts.key);
}

/** Subscribes an address to event types; the answer carries the secret, shown this once. */
export async function createEndpoint(
  opts: ServiceContext & { policy: WebhookSettings; input: z.output<typeof CreateWebhookEndpoint> },
) {
  const { db, actor, input } = opts;
  checkUrl(input.url, opts.policy);
  const accountName = await checkAccount(db, input.accountId);
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      url: input.url,
      description: input.description ?? null,
      eventTypes: input.eventTypes,
      accountId: input.accountId ?? null,
      secret: seal(opts.policy.secretKey, newSecret()),
    })
    .returning();
  const key = opts.policy.secretKey;
  const shown = presentEndpoint(row!, accountName, key);
  await recordAudit(db, actor, {
    action: 'webhook_endpoint.create',
    entityType: 'webhook_endpoint',
    entityId: row!.id,
    accountId: row!.accountId,
    summary: `Subscribed ${row!.url} to ${input.eventTypes.join(', ')}`,
    after: shown,
  });
  return presentEndpoint(row!, accountName, key, true);
}

/**
 * Changes an endpoint: address, event types, account, enabled (re-enabling clears the reason), or a new
 * secret — the old one keeps signing beside it until the overlap ends. The row is locked, so two rotations
 * at once end with one secret and the other as the previous one, never a lost secret.
 */
export async function updateEndpoint(
  opts: ServiceContext & {
    policy: WebhookSettings;
    id: string;
    input: z.output<typeof UpdateWebhookEndpoint>;
    /** A portal client admin's account: only its endpoints, and the account cannot change. */
    accountId?: string;
  },
) {
  const { db, actor, clock, input } = opts;
  const key = opts.policy.secretKey;
  const before = await findEndpoint(db, opts.id, true, opts.accountId);
  if (input.url !== undefined) checkUrl(input.url, opts.policy);
  if (input.accountId !== undefined) await checkAccount(db, input.accountId);
  const rotation = input.rotateSecret
    ? {
        secret: seal(key, newSecret()),
        previousSecret: before.secret,
        previousSecretExpiresAt: new Date(
          clock.now().getTime() + (input.rotationOverlapHours ?? DEFAULT_OVERLAP_HOURS) * 3600_000,
        ),
      }
    : {};
  const [after] = await db
    .update(webhookEndpoints)
    .set({
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: input.eventTypes } : {}),
      ...(input.accountId !== undefined ? { accountId: input.accountId } : {}),
      ...(input.enabled !== undefined
        ? { enabled: input.enabled, disabledReason: input.enabled ? null : 'Disabled by an admin' }
        : {}),
      ...rotation,
      updatedAt: new Date(),
    })
    .where(eq(webhookEndpoints.id, opts.id))
    .returning();
  const accountName = await accountNameOf(db, after!.accountId);
  const shownBefore = presentEndpoint(before, null, key);
  const shownAfter = presentEndpoint(after!, accountName, key);
  const changed = changedFields(shownBefore, shownAfter).filter((f) => f !== 'accountName');
  await recordAudit(db, actor, {
    action: input.rotateSecret ? 'webhook_endpoint.rotate_secret' : 'webhook_endpoint.update',
    entityType: 'webhook_endpoint',
    entityId: opts.id,
    accountId: after!.accountId,
    summary: `Changed webhook endpoint ${after!.url}: ${changed.join(', ') || 'nothing'}`,
    before: shownBefore,
    after: shownAfter,
  });
  return presentEndpoint(after!, accountName, key, !!input.rotateSecret);
}

/** Removes an endpoint with its deliveries and their log. */
export async function deleteEndpoint(opts: ServiceContext & { key: Buffer; id: string; accountId?: string }) {
  const row = await findEndpoint(opts.db, opts.id, true, opts.accountId);
  await opts.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, opts.id));
  await recordAudit(opts.db, opts.actor, {
    action: 'webhook_endpoint.delete',
    entityType: 'webhook_endpoint',
    entityId: opts.id,
    accountId: row.accountId,
    summary: `Removed webhook endpoint ${row.url}`,
    before: presentEndpoint(row, null, opts.key),
  });
}

/** The secrets that sign a request now: the current one, and the previous one during its overlap. */
export function signingSecrets(row: EndpointRow, now: Date, key: Buffer): string[] {
  return row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now
    ? [unseal(key, row.secret), unseal(key, row.previousSecret)]
    : [unseal(key, row.secret)];
}

/**
 * Seals the secrets stored before sealing existed (the data migration of secrets at rest, run at start-up:
 * the key lives outside the database, so SQL cannot do it). Idempotent; rows are locked while sealed.
 */
export async function sealPlainSecrets(opts: { db: Db; key: Buffer }) {
  await refuseAnotherKey(opts);
  return opts.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(webhookEndpoints)
      .where(
        or(
          sql`${webhookEndpoints.secret} not like 'enc:%'`,
          sql`${webhookEndpoints.previousSecret} not like 'enc:%'`,
        ),
      )
      .for('update');
    for (const r of rows)
      await tx
        .update(webhookEndpoints)
        .set({
          secret: isSealed(r.secret) ? r.secret : seal(opts.key, r.secret),
          previousSecret:
            r.previousSecret && !isSealed(r.previousSecret)
              ? seal(opts.key, r.previousSecret)
              : r.previousSecret,
        })
        .where(eq(webhookEndpoints.id, r.id));
    return rows.length;
  });
}

/**
 * A node whose key cannot open the secrets already sealed would sign every delivery wrongly: it refuses to start,
 * saying why (several nodes need one JOBJACKET_SECRET_KEY; docs/scaling.md).
 */
async function refuseAnotherKey(opts: { db: Db; key: Buffer }) {
  const [row] = await opts.db
    .select({ secret: webhookEndpoints.secret })
    .from(webhookEndpoints)
    .where(sql`${webhookEndpoints.secret} like 'enc:%'`)
    .limit(1);
  if (!row) return;
  try {
    unseal(opts.key, row.secret);
  } catch {
    throw new Error(
      'The webhook signing secrets in this database were sealed with another key: give every node the same JOBJACKET_SECRET_KEY (docs/scaling.md), or start with the data folder whose secret.key sealed them',
    );
  }
}

export { findEndpoint };
