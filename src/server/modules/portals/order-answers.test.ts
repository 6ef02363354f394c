import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { portalRequest, portalShop, portalSignIn } from '../../../../test/helpers/portal';
import { buildJob, buildPortalUser, buildProduct } from '../../factories';
import { Order } from '../../../shared/portals';
import { orderLines, orders } from './tables';

/**
 * The order list against the order route (`GET /orders/{id}`), for staff and for the portal's client admin, paged one
 * at a time: the status shipments make (shipped, completed, neither), decisions, an order being released, moments
 * with and without milliseconds, Unicode text. (An order list written as JSON by
 * PostgreSQL was tried against this test and dropped: docs/performance.md.)
 */
let t: TestApp;
let am: Session;
beforeAll(async () => {
  t = await createTestApp();
  am = await t.signIn('account_manager');
});
afterAll(() => t?.close());

describe('the order list', () => {
  it('answers each order as the order route presents it, paged one at a time', async () => {
    const p = portalRequest(t);
    const shop = await portalShop(t);
    const { portal, account, marketing } = shop;
    await t.db.execute(sql`update accounts set owner_id = ${am.userId} where id = ${account.id}`);
    const buyer = await buildPortalUser(t.db, portal.id, { name: 'Nguyễn → Zoë “Øster”' });
    const admin = await buildPortalUser(t.db, portal.id, { role: 'client_admin' });
    const card = await buildProduct(t.db, portal.id, {
      name: 'Business card',
      kind: 'variable_data',
      productType: 'business_card',
      fields: [{ name: 'name', label: 'Name', required: true, maxLength: 40 }],
    });
    const address = { line1: '1 Main St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };
    const jobOf = async () => (await buildJob(t.db, { accountId: account.id })).id;
    let n = 0;
    const order = async (over: Partial<typeof orders.$inferInsert>) => {
      n++;
      const [row] = await t.db
        .insert(orders)
        .values({
          number: `ORD-J-${n}`,
          accountId: account.id,
          portalId: portal.id,
          buyerId: buyer.id,
          costCentreId: marketing.id,
          status: 'pending_approval',
          shipTo: address,
          totalCents: 1000 * n,
          createdAt: new Date(Date.UTC(2026, 10, 1, 9, n, 0, n % 2 ? 0 : 123)),
          ...over,
        })
        .returning();
      return row!;
    };
    const shipment = (jobId: string, status: string, created: number) =>
      t.db
        .execute(sql`insert into shipments (number, job_id, account_id, carrier, address, packages, items, status,
          tracking_number, tracking_url, created_at)
        values (${`SH-${jobId.slice(0, 8)}-${created}`}, ${jobId}, ${account.id}, 'ups', ${JSON.stringify(address)},
          '[]', '[]', ${status}, ${status === 'planned' ? null : `1Z${created}`},
          ${status === 'planned' ? null : 'https://ups.example/1Z'}, ${new Date(Date.UTC(2026, 10, 2, created))})`);

    const pending = await order({
      approvalReasons: ['Over the budget of “Marketing”', 'Restricted product'],
      notes: 'Nguyễn → Zoë\nsecond line',
      clientPo: 'PO-Ø-1',
      neededBy: '2026-12-24',
      shipTo: { ...address, name: 'Zoë Øster' },
    });
    await t.db.insert(orderLines).values([
      {
        accountId: account.id,
        orderId: pending.id,
        productId: shop.stocked.id,
        quantity: 3,
        unitPriceCents: 500,
        amountCents: 1500,
        values: {},
        createdAt: new Date(Date.UTC(2026, 10, 1, 10)),
      },
      {
        accountId: account.id,
        orderId: pending.id,
        productId: card.id,
        quantity: 250,
        unitPriceCents: 8,
        amountCents: 2000,
        values: { name: 'Zoë “Øster”' },
        picked: true,
        createdAt: new Date(Date.UTC(2026, 10, 1, 11)),
      },
    ]);
    await order({
      status: 'rejected',
      decidedAt: new Date(Date.UTC(2026, 10, 3, 8, 0, 0, 5)),
      decidedByLabel: 'Ann Approver',
      decisionComment: 'Too many',
    });
    await order({ status: 'approved', decidedAt: new Date(Date.UTC(2026, 10, 3)), decidedByLabel: null });
    const shipped = await order({ status: 'approved', jobId: await jobOf() });
    await shipment(shipped.jobId!, 'delivered', 1);
    await shipment(shipped.jobId!, 'planned', 3);
    const delivered = await order({ status: 'in_fulfilment', jobId: await jobOf() });
    await shipment(delivered.jobId!, 'delivered', 4);
    await shipment(delivered.jobId!, 'delivered', 5);
    const planned = await order({ status: 'in_fulfilment', jobId: await jobOf() });
    await shipment(planned.jobId!, 'packed', 6);
    const cancelled = await order({ status: 'cancelled', jobId: await jobOf() });
    await shipment(cancelled.jobId!, 'delivered', 7);
    const leaving = await order({ status: 'in_fulfilment', jobId: await jobOf() });
    await shipment(leaving.jobId!, 'shipped', 8);
    await shipment(leaving.jobId!, 'exception', 9);

    const walk = async (url: string, headers: Record<string, string>) => {
      const items: Order[] = [];
      let cursor: string | null = null;
      do {
        const sep = url.includes('?') ? '&' : '?';
        const res = await t.request({
          method: 'GET',
          url: `${url}${sep}limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          headers,
        });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as { items: Order[]; nextCursor: string | null };
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    };
    const staffList = await walk(`/api/v1/orders?accountId=${account.id}`, am.headers);
    const who = await portalSignIn(t, portal.slug, admin.email);
    const portalList = await walk(`/api/v1/portal/${portal.slug}/orders`, who);
    expect(staffList.map((o) => o.number)).toEqual(Array.from({ length: n }, (_, i) => `ORD-J-${n - i}`));
    expect(portalList).toEqual(staffList);
    for (const listed of staffList) {
      const one = await t.request({ method: 'GET', url: `/api/v1/orders/${listed.id}`, headers: am.headers });
      expect(one.statusCode, one.body).toBe(200);
      expect(listed, listed.number).toEqual(Order.parse(one.json()));
      const own = await p('GET', `/portal/${portal.slug}/orders/${listed.id}`, who);
      expect(own.json(), listed.number).toEqual(one.json());
    }
    const byNumber = Object.fromEntries(staffList.map((o) => [o.number, o]));
    expect(byNumber['ORD-J-4']!.status).toBe('shipped');
    expect(byNumber['ORD-J-5']!.status).toBe('completed');
    expect(byNumber['ORD-J-6']!.status).toBe('in_fulfilment');
    expect(byNumber['ORD-J-7']!.status).toBe('cancelled');
    expect(byNumber['ORD-J-3']).toMatchObject({ releasing: true, decision: { by: '', approved: true } });
    expect(byNumber['ORD-J-1']!.lines.map((l) => l.values)).toEqual([{}, { name: 'Zoë “Øster”' }]);
    expect(byNumber['ORD-J-8']!.status).toBe('shipped');
    expect(byNumber['ORD-J-4']!.shipments.map((s) => s.status)).toEqual(['delivered', 'planned']);
  });
});
