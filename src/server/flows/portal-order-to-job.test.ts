import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/helpers/app';
import { portalRequest, portalShop, portalSignIn, releasedJobId } from '../../../test/helpers/portal';
import { sql } from 'drizzle-orm';
import { systemActor } from '../platform/actor';
import { shopClock } from '../platform/service-context';
import { buildPortalUser, buildProduct } from '../factories';
import { releaseOrder } from './portal-order-to-job';

// An approved portal order becomes a complete job, released to production: prices, cost centre, PO, contact.
let t: TestApp;
let am: Session;
let p: ReturnType<typeof portalRequest>;
beforeAll(async () => {
  t = await createTestApp();
  await t.ctx.queue.work();
  am = await t.signIn('account_manager');
  p = portalRequest(t);
});
afterAll(() => t.close());

const job = async (id: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/jobs/${id}`, headers: am.headers })).json();

async function contactOf(accountId: string, id: string) {
  const res = await t.request({
    method: 'GET',
    url: `/api/v1/accounts/${accountId}/contacts`,
    headers: am.headers,
  });
  const body = res.json();
  return (Array.isArray(body) ? body : body.items).find((c: { id: string }) => c.id === id);
}

describe('portal order → job', () => {
  it('carries prices, cost centre, client PO and the buyer as contact, and releases the job to production', async () => {
    const shop = await portalShop(t, { stock: 50 });
    const cards = await buildProduct(t.db, shop.portal.id, {
      sku: 'CARD-1',
      name: 'Flyer',
      unitPriceCents: 12,
      priceBreaks: [{ minQuantity: 500, unitPriceCents: 9 }],
    });
    const buyer = await buildPortalUser(t.db, shop.portal.id, { name: 'Nguyễn Văn An' });
    const who = await portalSignIn(t, shop.portal.slug, buyer.email);
    await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, {
      productId: shop.stocked.id,
      quantity: 4,
    });
    await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, { productId: cards.id, quantity: 500 });
    const placed = await p('POST', `/portal/${shop.portal.slug}/checkout`, who, {
      costCentreId: shop.marketing.id,
      shipToAddressId: shop.address.id,
      clientPo: 'PO-Øster-9',
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json();
    // Approved at once, released after the commit by the queue: "being released" until the job exists.
    expect(order).toMatchObject({ status: 'approved', job: null, releasing: true });
    const j = await job(await releasedJobId(t, order.id));
    const seen = (await p('GET', `/portal/${shop.portal.slug}/orders/${order.id}`, who)).json();
    expect(seen).toMatchObject({ status: 'approved', job: { id: j.id }, releasing: false });
    expect(j.status).toBe('in_production');
    expect(j.costCentreId).toBe(shop.marketing.id);
    expect(j.clientPo).toBe('PO-Øster-9');
    expect(j.estimatedPriceCents).toBe(4 * 500 + 500 * 9);
    expect(j.items.map((i: { priceCents: number }) => i.priceCents)).toEqual([2000, 4500]);
    expect(await contactOf(shop.portal.account.id, j.contactId)).toMatchObject({
      firstName: 'Nguyễn Văn',
      lastName: 'An',
      emails: [buyer.email],
    });
  });

  it('makes no job while an order waits, and a released one when the approver approves it', async () => {
    const shop = await portalShop(t, { stock: 50 });
    const buyer = await buildPortalUser(t.db, shop.portal.id, { spendingLimitCents: 100 });
    const approver = await buildPortalUser(t.db, shop.portal.id, { role: 'approver' });
    const b = await portalSignIn(t, shop.portal.slug, buyer.email);
    const a = await portalSignIn(t, shop.portal.slug, approver.email);
    await p('POST', `/portal/${shop.portal.slug}/cart/lines`, b, { productId: shop.stocked.id, quantity: 3 });
    const placed = (
      await p('POST', `/portal/${shop.portal.slug}/checkout`, b, {
        costCentreId: shop.marketing.id,
        shipToAddressId: shop.address.id,
      })
    ).json();
    expect(placed.status).toBe('pending_approval');
    expect(placed.job).toBeNull();
    const approved = await p('POST', `/portal/${shop.portal.slug}/orders/${placed.id}/approve`, a, {
      comment: 'ok',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ job: null, releasing: true });
    const j = await job(await releasedJobId(t, placed.id));
    expect(j).toMatchObject({
      status: 'in_production',
      costCentreId: shop.marketing.id,
      estimatedPriceCents: 1500,
    });
    // The buyer is the contact, not the approver who released it.
    expect((await contactOf(shop.portal.account.id, j.contactId)).emails).toEqual([buyer.email]);
  });

  it('makes exactly one job when the queue and two more releases of the same order run at once', async () => {
    const shop = await portalShop(t, { stock: 50 });
    const buyer = await buildPortalUser(t.db, shop.portal.id);
    const who = await portalSignIn(t, shop.portal.slug, buyer.email);
    await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, {
      productId: shop.stocked.id,
      quantity: 2,
    });
    const order = (
      await p('POST', `/portal/${shop.portal.slug}/checkout`, who, {
        costCentreId: shop.marketing.id,
        shipToAddressId: shop.address.id,
      })
    ).json();
    const opts = { files: t.ctx.files, clock: shopClock(t.ctx.config.JOBJACKET_TIMEZONE) };
    const release = () => t.db.transaction((tx) => releaseOrder(tx, systemActor, order.id, opts));
    await Promise.all([release(), release()]);
    const jobId = await releasedJobId(t, order.id);
    await new Promise((r) => setTimeout(r, 1500)); // the queue's own run (polled every 0.5 s) has come and gone
    const made = await t.db.execute(sql`select id from jobs where title = ${`Portal order ${order.number}`}`);
    expect((made as unknown as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual([jobId]);
  });
});
