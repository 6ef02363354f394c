import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { portalFileUrl } from './file-urls';
import type { z } from 'zod';
import type { Portal, PortalInput } from '../../../shared/portals';
import { changedFields, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { getAccount } from '../accounts';
import { accounts } from '../accounts/tables';
import { orders, portalUsers, portals, products } from './tables';

type Row = typeof portals.$inferSelect;
const OPEN_ORDERS = ['pending_approval', 'approved', 'in_fulfilment'] as const;

async function countsOf(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, Portal['counts']>();
  const [u, p, o] = [
    await db
      .select({ id: portalUsers.portalId, n: sql<number>`count(*)::int` })
      .from(portalUsers)
      .where(inArray(portalUsers.portalId, ids))
      .groupBy(portalUsers.portalId),
    await db
      .select({ id: products.portalId, n: sql<number>`count(*)::int` })
      .from(products)
      .where(inArray(products.portalId, ids))
      .groupBy(products.portalId),
    await db
      .select({ id: orders.portalId, n: sql<number>`count(*)::int` })
      .from(orders)
      .where(and(inArray(orders.portalId, ids), inArray(orders.status, [...OPEN_ORDERS])))
      .groupBy(orders.portalId),
  ];
  const of = (list: { id: string; n: number }[], id: string) => list.find((x) => x.id === id)?.n ?? 0;
  return new Map(ids.map((id) => [id, { users: of(u, id), products: of(p, id), openOrders: of(o, id) }]));
}

function present(p: Row, accountName: string, counts: Portal['counts']): Portal {
  return {
    id: p.id,
    account: { id: p.accountId, name: accountName },
    slug: p.slug,
    name: p.name,
    welcomeText: p.welcomeText,
    logoUrl: p.logoUrl,
    logoFile: p.logoFileId
      ? { id: p.logoFileId, url: portalFileUrl({ portalId: p.id }, p.logoFileId) }
      : null,
    primaryColour: p.primaryColour,
    showPrices: p.showPrices,
    active: p.active,
    approvalAboveCents: p.approvalAboveCents,
    budgetPeriod: p.budgetPeriod,
    fiscalYearStartMonth: p.fiscalYearStartMonth,
    shipToAddressIds: p.shipToAddressIds,
    allowNewAddresses: p.allowNewAddresses,
    cutoffTime: p.cutoffTime,
    budgets: p.budgets,
    counts,
  };
}

/** The stored portal (for services that check or change it). */
export async function findPortal(db: Db, id: string): Promise<Row> {
  const [row] = await db.select().from(portals).where(eq(portals.id, id));
  if (!row) throw notFound('Portal');
  return row;
}

/** One portal with its client's name and its counts. */
export async function getPortal(opts: { db: Db; id: string }): Promise<Portal> {
  const { db, id } = opts;
  const [row] = await db
    .select({ p: portals, accountName: accounts.name })
    .from(portals)
    .innerJoin(accounts, eq(accounts.id, portals.accountId))
    .where(eq(portals.id, id));
  if (!row) throw notFound('Portal');
  return present(row.p, row.accountName, (await countsOf(db, [id])).get(id)!);
}

/** Every portal by name, or those of one account manager's clients. */
export async function listPortals(opts: { db: Db; ownerId?: string }) {
  const { db } = opts;
  const rows = await db
    .select({ p: portals, accountName: accounts.name })
    .from(portals)
    .innerJoin(accounts, eq(accounts.id, portals.accountId))
    .where(opts.ownerId ? eq(accounts.ownerId, opts.ownerId) : undefined)
    .orderBy(asc(portals.name))
    .limit(500);
  const counts = await countsOf(
    db,
    rows.map((r) => r.p.id),
  );
  return { items: rows.map((r) => present(r.p, r.accountName, counts.get(r.p.id)!)), nextCursor: null };
}

/** The cost centres and addresses named must be the account's own. */
async function checkLinks(db: Db, input: z.output<typeof PortalInput>) {
  const account = await getAccount({ db, id: input.accountId }).catch(() => {
    throw invalid('Unknown account', [{ path: 'accountId', message: 'Unknown account' }]);
  });
  for (const [i, b] of input.budgets.entries()) {
    if (!account.costCentres.some((c) => c.id === b.costCentreId)) {
      throw invalid('A budget names a cost centre of another account', [
        { path: `budgets.${i}.costCentreId`, message: 'Not a cost centre of this account' },
      ]);
    }
  }
  for (const [i, id] of input.shipToAddressIds.entries()) {
    if (!account.addresses.some((a) => a.id === id && a.kind === 'shipping')) {
      throw invalid('A ship-to address is not one of the account’s shipping addresses', [
        { path: `shipToAddressIds.${i}`, message: 'Unknown address' },
      ]);
    }
  }
}

async function assertFree(db: Db, input: z.output<typeof PortalInput>, exceptId?: string) {
  const [slug] = await db.select({ id: portals.id }).from(portals).where(eq(portals.slug, input.slug));
  if (slug && slug.id !== exceptId)
    throw invalid(`/p/${input.slug} is taken`, [{ path: 'slug', message: 'Already used' }]);
  const [account] = await db
    .select({ id: portals.id })
    .from(portals)
    .where(eq(portals.accountId, input.accountId));
  if (account && account.id !== exceptId) throw conflict('This account already has a portal');
}

/** Opens a portal for a client account (one per account, a free slug). */
export async function createPortal(opts: ServiceContext & { input: z.output<typeof PortalInput> }) {
  const { db, actor, input } = opts;
  await checkLinks(db, input);
  await assertFree(db, input);
  const [row] = await db.insert(portals).values(input).returning();
  await recordAudit(db, actor, {
    action: 'portal.created',
    entityType: 'portal',
    entityId: row!.id,
    accountId: input.accountId,
    summary: `Ordering portal /p/${row!.slug} “${row!.name}” created`,
    after: input,
  });
  return getPortal({ db, id: row!.id });
}

/** Changes a portal's settings (it stays on its account). */
export async function updatePortal(
  opts: ServiceContext & { id: string; input: z.output<typeof PortalInput> },
) {
  const { db, actor, id, input } = opts;
  const before = await findPortal(db, id);
  if (before.accountId !== input.accountId) throw conflict('A portal cannot move to another account');
  await checkLinks(db, input);
  await assertFree(db, input, id);
  const [row] = await db
    .update(portals)
    .set({ ...input, updatedAt: opts.clock.now() })
    .where(eq(portals.id, id))
    .returning();
  await recordAudit(db, actor, {
    action: 'portal.updated',
    entityType: 'portal',
    entityId: id,
    accountId: row!.accountId,
    summary: `Portal /p/${row!.slug} changed: ${changedFields(before, row!).join(', ') || 'nothing'}`,
    before,
    after: row,
  });
  return getPortal({ db, id });
}

/** An active portal by its slug (what its sign-in page shows), else not found. */
export async function findActivePortalBySlug(opts: { db: Db; slug: string }): Promise<Row> {
  const [row] = await opts.db.select().from(portals).where(eq(portals.slug, opts.slug));
  if (!row || !row.active) throw notFound('Portal');
  return row;
}
