import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { portalSignIn, type PortalHeaders } from '../../../../test/helpers/portal';
import { buildAccount, buildPortal, buildPortalUser } from '../../factories';
import { getAccount } from '../accounts/service';
import { orders } from './tables';

/**
 * The order list is one prepared statement per combination of filters: every combination a caller can make
 * (staff filters, a buyer's history, an approver's queue with and without cost centres) is walked page by page,
 * twice, against the orders a plain filter of the inserted rows expects.
 */
let t: TestApp;
let am: Session;
type Row = typeof orders.$inferInsert & { number: string; createdAt: Date };
const rows: Row[] = [];
let shop: Awaited<ReturnType<typeof makeShop>>;
let other: Awaited<ReturnType<typeof makeShop>>;

async function makeShop(ownerId: string | null, name: string) {
  const account = await buildAccount(t.db, {
    name,
    ownerId,
    addresses: [
      {
        kind: 'shipping',
        label: 'Main',
        line1: '1 Main St',
        city: 'Austin',
        region: 'TX',
        postalCode: '78701',
        isDefault: true,
      },
    ],
    costCentres: [
      { name: 'Marketing', code: `MKT-${name.length}-${Date.now()}` },
      { name: 'Øperations', code: `OPS-${name.length}-${Date.now()}` },
    ],
  });
  const portal = await buildPortal(t.db, { accountId: account.id });
  const centres = (await getAccount({ db: t.db, id: account.id })).costCentres.map((c) => c.id);
  const buyer = await buildPortalUser(t.db, portal.id, { name: 'Nguyễn → Zoë Øster' });
  const colleague = await buildPortalUser(t.db, portal.id);
  const approver = await buildPortalUser(t.db, portal.id, { role: 'approver', costCentreIds: [centres[0]!] });
  const approverOfAll = await buildPortalUser(t.db, portal.id, { role: 'approver' });
  return { account, portal, centres, buyer, colleague, approver, approverOfAll };
}

const STATUSES = ['pending_approval', 'approved', 'in_fulfilment', 'rejected', 'cancelled'] as const;

beforeAll(async () => {
  t = await createTestApp();
  am = await t.signIn('account_manager');
  shop = await makeShop(am.userId, 'Nguyễn Print Co');
  other = await makeShop(null, 'Zoë Øster Ltd');
  let n = 0;
  for (const s of [shop, shop, other]) {
    const buyers = [s.buyer, s.colleague, s.approver, s.approverOfAll];
    for (let i = 0; i < 12; i++) {
      n++;
      rows.push({
        number: `ORD-T-${String(n).padStart(3, '0')}`,
        accountId: s.account.id,
        portalId: s.portal.id,
        buyerId: buyers[(n * 3) % buyers.length]!.id,
        costCentreId: s.centres[Math.floor(n / 3) % 2]!,
        status: STATUSES[n % STATUSES.length]!,
        shipTo: { line1: '1 Main St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
        totalCents: 100 * n,
        // Pairs share a moment, so the cursor's tie-break on the id is walked too.
        createdAt: new Date(Date.UTC(2026, 10, 1, 9, Math.floor(n / 2))),
      });
    }
  }
  await t.db.insert(orders).values(rows);
});
afterAll(() => t.close());

const newestFirst = (a: Row, b: Row) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (b.id! < a.id! ? -1 : 1);

/** Every page of a list, two at a time, following its cursor; the orders' numbers in the order answered. */
async function walk(url: string, headers: Record<string, string>) {
  const numbers: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await t.request({
      method: 'GET',
      url: `${url}${sep}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { number: string }[]; nextCursor: string | null };
    expect(body.items.length).toBeLessThanOrEqual(2);
    numbers.push(...body.items.map((o) => o.number));
    cursor = body.nextCursor;
  } while (cursor);
  return numbers;
}

async function expectList(url: string, headers: Record<string, string>, keep: (r: Row) => boolean) {
  const expected = (await withIds())
    .filter(keep)
    .sort(newestFirst)
    .map((r) => r.number);
  expect(expected.length).toBeGreaterThan(0);
  for (let twice = 0; twice < 2; twice++) expect(await walk(url, headers), url).toEqual(expected);
}

let ids: Row[] | null = null;
/** The rows with the ids the database gave them (the tie-break of the sort). */
async function withIds() {
  if (ids) return ids;
  const stored = await t.db.select({ id: orders.id, number: orders.number }).from(orders);
  const byNumber = new Map(stored.map((o) => [o.number, o.id]));
  return (ids = rows.map((r) => ({ ...r, id: byNumber.get(r.number)! })));
}

const OPEN = ['pending_approval', 'approved', 'in_fulfilment'];

describe('the order list', () => {
  it('answers every combination of the staff filters, page by page', async () => {
    const h = am.headers;
    const inShop = (r: Row) => r.portalId === shop.portal.id;
    await expectList(`/api/v1/orders?portalId=${shop.portal.id}`, h, inShop);
    await expectList(
      `/api/v1/orders?accountId=${other.account.id}`,
      h,
      (r) => r.accountId === other.account.id,
    );
    await expectList(`/api/v1/orders?mine=true`, h, (r) => r.accountId === shop.account.id);
    await expectList(
      `/api/v1/orders?status=open&portalId=${shop.portal.id}`,
      h,
      (r) => inShop(r) && OPEN.includes(r.status),
    );
    await expectList(
      `/api/v1/orders?status=approved&accountId=${shop.account.id}`,
      h,
      (r) => r.accountId === shop.account.id && r.status === 'approved',
    );
    await expectList(
      `/api/v1/orders?status=open&mine=true&portalId=${shop.portal.id}`,
      h,
      (r) => inShop(r) && OPEN.includes(r.status),
    );
    // Another account manager's "mine" is theirs, not this one's.
    const otherAm = await t.signIn('account_manager');
    const none = await t.request({
      method: 'GET',
      url: '/api/v1/orders?mine=true',
      headers: otherAm.headers,
    });
    expect(none.json().items).toEqual([]);
  });

  it('shows a buyer their own orders and an approver the queue of their cost centres, page by page', async () => {
    const signIn = (email: string) => portalSignIn(t, shop.portal.slug, email) as Promise<PortalHeaders>;
    const buyer = await signIn(shop.buyer.email);
    await expectList(
      `/api/v1/portal/${shop.portal.slug}/orders`,
      buyer,
      (r) => r.portalId === shop.portal.id && r.buyerId === shop.buyer.id,
    );
    const waiting = (r: Row) => r.portalId === shop.portal.id && r.status === 'pending_approval';
    await expectList(
      `/api/v1/portal/${shop.portal.slug}/approvals`,
      await signIn(shop.approver.email),
      (r) => waiting(r) && r.buyerId !== shop.approver.id && r.costCentreId === shop.centres[0],
    );
    await expectList(
      `/api/v1/portal/${shop.portal.slug}/approvals`,
      await signIn(shop.approverOfAll.email),
      (r) => waiting(r) && r.buyerId !== shop.approverOfAll.id,
    );
  });

  it('refuses a forged cursor with a 400 that names it', async () => {
    const forged = Buffer.from(JSON.stringify(['not a moment', 'not an id'])).toString('base64url');
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/orders?portalId=${shop.portal.id}&cursor=${forged}`,
      headers: am.headers,
    });
    expect(res.statusCode, res.body).toBe(400);
  });
});
