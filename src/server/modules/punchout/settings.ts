import { and, eq, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { PunchOutSecretInput, PunchOutSettings, PunchOutSettingsInput } from '../../../shared/punchout';
import { recordAudit } from '../../platform/audit';
import { hashPassword, newSecret } from '../../platform/auth/secrets';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { getAccount } from '../accounts';
import { findPortal } from '../portals';
import { urlProblem, type TargetPolicy } from '../webhooks';
import { punchoutSettings } from './tables';

type Row = typeof punchoutSettings.$inferSelect;

/** Where procurement systems post their documents. */
export const endpointUrl = (publicUrl: string) => `${publicUrl}/api/v1/punchout/cxml`;

const present = (row: Row, publicUrl: string): PunchOutSettings => ({
  portalId: row.portalId,
  enabled: row.enabled,
  fromDomain: row.fromDomain,
  fromIdentity: row.fromIdentity,
  toDomain: row.toDomain,
  toIdentity: row.toIdentity,
  senderDomain: row.senderDomain,
  senderIdentity: row.senderIdentity,
  costCentreId: row.costCentreId,
  buyerEmail: row.buyerEmail,
  buyerName: row.buyerName,
  noticeUrl: row.noticeUrl,
  secretSetAt: row.secretSetAt?.toISOString() ?? null,
  endpointUrl: endpointUrl(publicUrl),
});

// The audit keeps what changed, never the secret's hash.
const auditable = ({ secretHash: _hash, ...rest }: Row) => rest;

async function settingsRow(db: Db, portalId: string) {
  const [row] = await db.select().from(punchoutSettings).where(eq(punchoutSettings.portalId, portalId));
  return row ?? null;
}

/** A portal's PunchOut set-up; 404 when it has none yet. */
export async function getPunchOutSettings(opts: { db: Db; portalId: string; publicUrl: string }) {
  await findPortal(opts.db, opts.portalId);
  const row = await settingsRow(opts.db, opts.portalId);
  if (!row) throw notFound('PunchOut set-up');
  return present(row, opts.publicUrl);
}

/** Creates or changes a portal's PunchOut set-up (credentials, cost centre, default buyer, notice URL). */
export async function savePunchOutSettings(
  opts: ServiceContext & {
    portalId: string;
    input: z.output<typeof PunchOutSettingsInput>;
    publicUrl: string;
    /** Where notices may go: the webhooks' policy (public https addresses in production). */
    policy: TargetPolicy;
  },
) {
  const { db, actor, portalId, input } = opts;
  const portal = await findPortal(db, portalId);
  const account = await getAccount({ db, id: portal.accountId, health: false });
  if (!account.costCentres.some((c) => c.id === input.costCentreId))
    throw invalid('The cost centre is not one of this account', [
      { path: 'costCentreId', message: 'Unknown cost centre' },
    ]);
  const problem = input.noticeUrl ? urlProblem(input.noticeUrl, opts.policy) : null;
  if (problem) throw invalid(`The notice URL ${problem}`, [{ path: 'noticeUrl', message: `It ${problem}` }]);
  const before = await settingsRow(db, portalId);
  // One portal per pair of identities: how an arriving document finds its portal.
  const [clash] = await db
    .select({ portalId: punchoutSettings.portalId })
    .from(punchoutSettings)
    .where(
      and(
        eq(sql`lower(${punchoutSettings.fromIdentity})`, input.fromIdentity.toLowerCase()),
        eq(sql`lower(${punchoutSettings.toIdentity})`, input.toIdentity.toLowerCase()),
        ne(punchoutSettings.portalId, portalId),
      ),
    );
  if (clash)
    throw invalid('Another portal already answers these From and To identities', [
      { path: 'fromIdentity', message: 'Already used by another portal' },
    ]);
  const values = { ...input, accountId: portal.accountId, portalId, updatedAt: opts.clock.now() };
  const [row] = before
    ? await db.update(punchoutSettings).set(values).where(eq(punchoutSettings.id, before.id)).returning()
    : await db.insert(punchoutSettings).values(values).returning();
  await recordAudit(db, actor, {
    action: before ? 'punchout.settings.updated' : 'punchout.settings.created',
    entityType: 'portal',
    entityId: portalId,
    accountId: portal.accountId,
    summary: `PunchOut set-up of /p/${portal.slug} ${before ? 'changed' : 'created'} (${input.fromDomain}:${input.fromIdentity})`,
    before: before ? auditable(before) : null,
    after: auditable(row!),
  });
  return present(row!, opts.publicUrl);
}

/**
 * Sets the shared secret (typed, as agreed with the procurement system, or a new random one): only its hash
 * is kept, the answer shows it this once, and the audit says it was rotated.
 */
export async function setPunchOutSecret(
  opts: ServiceContext & { portalId: string; input: z.output<typeof PunchOutSecretInput> },
) {
  const { db, actor, portalId } = opts;
  const portal = await findPortal(db, portalId);
  const before = await settingsRow(db, portalId);
  if (!before) throw notFound('PunchOut set-up');
  const secret = opts.input.secret ?? newSecret('');
  const at = opts.clock.now();
  await db
    .update(punchoutSettings)
    .set({ secretHash: await hashPassword(secret), secretSetAt: at, updatedAt: at })
    .where(eq(punchoutSettings.id, before.id));
  await recordAudit(db, actor, {
    action: 'punchout.secret.rotated',
    entityType: 'portal',
    entityId: portalId,
    accountId: portal.accountId,
    summary: `PunchOut shared secret of /p/${portal.slug} ${before.secretHash ? 'rotated' : 'set'}`,
  });
  return { secret, secretSetAt: at.toISOString() };
}
