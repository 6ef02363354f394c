// Over 400 lines on purpose: one scenario per test over a shared portal shop set-up; split, the set-up would be copied.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import {
  portalRequest,
  portalSignIn as signInToPortal,
  releasedJobId,
  type PortalHeaders,
} from '../../../../test/helpers/portal';
import { smtpPeer } from '../../../../test/helpers/smtp';
import { buildInventoryItem, buildPortal, buildPortalUser, buildProduct } from '../../factories';
import { getAccount } from '../accounts/service';
import type { Order, Portal } from '../../../shared/portals';
import { inPortalScope } from './scope';
import { cartLines } from './tables';
import { MAX_JOB_ITEMS } from '../../../shared/jobs';

let t: TestApp;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let am: Session;

beforeAll(async () => {
  peer = await smtpPeer();
  t = await createTestApp({ SMTP_URL: peer.url, MAIL_FROM: 'Shop <shop@example.test>' });
  await t.ctx.queue.work();
  am = await t.signIn('account_manager');
});
afterAll(async () => {
  await t.close();
  await peer.close();
});

type PortalSessionHeaders = PortalHeaders;
const portalSignIn = (slug: string, email: string) => signInToPortal(t, slug, email);
const p = (...args: Parameters<ReturnType<typeof portalRequest>>) => portalRequest(t)(...args);

async function shopWith(opts: { stock?: number; budgetCents?: number } = {}) {
  const portal: Portal = await buildPortal(t.db);
  const account = await getAccount({ db: t.db, id: portal.account.id });
  const [marketing] = account.costCentres;
  if (opts.budgetCents !== undefined) {
    await t.request({
      method: 'PUT',
      url: `/api/v1/portals/${portal.id}`,
      headers: am.headers,
      payload: {
        accountId: portal.account.id,
        slug: portal.slug,
        name: portal.name,
        budgets: [{ costCentreId: marketing!.id, amountCents: opts.budgetCents }],
      },
    });
  }
  const item = await buildInventoryItem(t.db, portal.account.id, {
    onHand: opts.stock ?? 10,
    sku: 'BRO-2027',
    name: 'Annual report 2027',
  });
  const stocked = await buildProduct(t.db, portal.id, {
    kind: 'stocked',
    inventoryItemId: item.id,
    sku: 'AR-2027',
    name: 'Annual report',
    unitPriceCents: 500,
    productType: null,
  });
  return { portal, account, marketing: marketing!, address: account.addresses[0]!, item, stocked };
}

describe('portal checkout', () => {
  it('sells exactly the stock there is to 50 concurrent buyers: 10 orders, 40 INSUFFICIENT_STOCK, figures agree', async () => {
    const shop = await shopWith({ stock: 10 });
    const buyers: PortalSessionHeaders[] = [];
    for (let i = 0; i < 50; i++) {
      const u = await buildPortalUser(t.db, shop.portal.id, { email: `racer${i}@client.example` });
      const who = await portalSignIn(shop.portal.slug, u.email);
      const added = await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, {
        productId: shop.stocked.id,
        quantity: 1,
      });
      expect(added.statusCode, added.body).toBe(200);
      buyers.push(who);
    }
    const answers = await Promise.all(
      buyers.map((who, i) =>
        p(
          'POST',
          `/portal/${shop.portal.slug}/checkout`,
          who,
          { costCentreId: shop.marketing.id, shipToAddressId: shop.address.id },
          { 'idempotency-key': `race-${i}` },
        ),
      ),
    );
    const ok = answers.filter((a) => a.statusCode === 201);
    const refused = answers.filter((a) => a.statusCode === 409);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    expect(refused.every((a) => a.json().code === 'INSUFFICIENT_STOCK')).toBe(true);
    const item = (
      await t.request({ method: 'GET', url: `/api/v1/inventory/items/${shop.item.id}`, headers: am.headers })
    ).json();
    expect(item).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    const sums = (await t.db.execute(sql`
      select coalesce(sum(quantity) filter (where kind in ('receipt', 'adjustment', 'count', 'pick')), 0)::int as on_hand,
             coalesce(sum(quantity) filter (where kind in ('reserve', 'release', 'pick')), 0)::int as reserved
      from inventory_movements where item_id = ${shop.item.id}`)) as unknown as {
      rows: { on_hand: number; reserved: number }[];
    };
    expect(sums.rows[0]).toEqual({ on_hand: 10, reserved: 10 });
    const orders = (await t.db.execute(
      sql`select count(*)::int as n from orders where portal_id = ${shop.portal.id}`,
    )) as unknown as { rows: { n: number }[] };
    expect(orders.rows[0]!.n).toBe(10);
  });

  it('holds at most 50 lines in a cart, and refuses an over-full cart at checkout with a 400, not a 500', async () => {
    const shop = await shopWith({ stock: 1000 });
    const u = await buildPortalUser(t.db, shop.portal.id);
    const who = await portalSignIn(shop.portal.slug, u.email);
    const line = { productId: shop.stocked.id, quantity: 1 };
    for (let i = 0; i < MAX_JOB_ITEMS; i++) {
      expect((await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, line)).statusCode).toBe(200);
    }
    const over = await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, line);
    expect(over.statusCode, over.body).toBe(409);
    expect(over.json().detail).toContain('at most 50 lines');
    // A cart filled before the limit existed.
    await t.db.insert(cartLines).values({
      accountId: shop.portal.account.id,
      portalUserId: u.id,
      productId: shop.stocked.id,
      quantity: 1,
      values: {},
    });
    const body = { costCentreId: shop.marketing.id, shipToAddressId: shop.address.id };
    const res = await p('POST', `/portal/${shop.portal.slug}/checkout`, who, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().detail).toContain('this cart has 51');
    expect((await p('GET', `/portal/${shop.portal.slug}/orders`, who)).json().items).toEqual([]);
  });

  it('answers one Idempotency-Key sent twice with one order and the same body', async () => {
    const shop = await shopWith();
    const u = await buildPortalUser(t.db, shop.portal.id);
    const who = await portalSignIn(shop.portal.slug, u.email);
    await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, {
      productId: shop.stocked.id,
      quantity: 2,
    });
    const body = { costCentreId: shop.marketing.id, shipToAddressId: shop.address.id, clientPo: 'PO-77' };
    const first = await p('POST', `/portal/${shop.portal.slug}/checkout`, who, body, {
      'idempotency-key': 'double-click',
    });
    const second = await p('POST', `/portal/${shop.portal.slug}/checkout`, who, body, {
      'idempotency-key': 'double-click',
    });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    const mine = (await p('GET', `/portal/${shop.portal.slug}/orders`, who)).json().items;
    expect(mine).toHaveLength(1);
    expect((await p('GET', `/portal/${shop.portal.slug}/cart`, who)).json().lines).toEqual([]);
  });

  it('sends an over-budget order to the approver, releases it to a job, picks it and shows the buyer the tracking', async () => {
    const shop = await shopWith({ stock: 100, budgetCents: 10_000 });
    const buyer = await buildPortalUser(t.db, shop.portal.id, {
      email: 'bea@museum.example',
      name: 'Bea Buyer',
    });
    const approver = await buildPortalUser(t.db, shop.portal.id, {
      email: 'abe@museum.example',
      name: 'Abe Approver',
      role: 'approver',
    });
    const b = await portalSignIn(shop.portal.slug, buyer.email);
    const a = await portalSignIn(shop.portal.slug, approver.email);
    await p('POST', `/portal/${shop.portal.slug}/cart/lines`, b, {
      productId: shop.stocked.id,
      quantity: 30,
    });
    const placed = await p('POST', `/portal/${shop.portal.slug}/checkout`, b, {
      costCentreId: shop.marketing.id,
      shipToAddressId: shop.address.id,
    });
    const order: Order = placed.json();
    expect(order.status).toBe('pending_approval');
    expect(order.approvalReasons.join(' ')).toContain('Marketing budget');
    await peer.message('abe@museum.example', `Please approve order ${order.number}`);
    expect(
      (await p('POST', `/portal/${shop.portal.slug}/orders/${order.id}/approve`, b, {})).statusCode,
    ).toBe(403);
    const waiting = (await p('GET', `/portal/${shop.portal.slug}/approvals`, a)).json().items;
    expect(waiting.map((o: Order) => o.id)).toEqual([order.id]);
    const approved = await p('POST', `/portal/${shop.portal.slug}/orders/${order.id}/approve`, a, {
      comment: 'Board meeting — fine',
    });
    expect(approved.json()).toMatchObject({
      status: 'approved',
      decision: { by: 'Abe Approver (portal)', approved: true },
    });
    // The approval queues the release; the job is made after the commit, and the order says so meanwhile.
    expect(approved.json()).toMatchObject({ job: null, releasing: true });
    const jobId = await releasedJobId(t, order.id);
    await peer.message('bea@museum.example', `Order ${order.number} approved`);

    const picked = await t.request({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/pick`,
      headers: am.headers,
    });
    expect(picked.json()).toMatchObject({ status: 'in_fulfilment', lines: [{ picked: true }] });
    const item = (
      await t.request({ method: 'GET', url: `/api/v1/inventory/items/${shop.item.id}`, headers: am.headers })
    ).json();
    expect(item).toMatchObject({ onHand: 70, reserved: 0 });

    const shipment = await t.request({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: am.headers,
      payload: {
        jobId,
        carrier: 'ups',
        trackingNumber: '1Z5R89390357567127',
        address: { line1: '100 Main St', city: 'Austin', region: 'TX', postalCode: '78701' },
        packages: [{ weightLb: 12 }],
        notifyClient: false,
      },
    });
    await t.request({
      method: 'PATCH',
      url: `/api/v1/shipments/${shipment.json().id}`,
      headers: am.headers,
      payload: { status: 'shipped' },
    });
    const seen: Order = (await p('GET', `/portal/${shop.portal.slug}/orders/${order.id}`, b)).json();
    expect(seen.status).toBe('shipped');
    expect(seen.shipments[0]).toMatchObject({
      trackingNumber: '1Z5R89390357567127',
      trackingUrl: expect.stringContaining('1Z5R89390357567127'),
    });
    const budgets = (await p('GET', `/portal/${shop.portal.slug}/budgets`, b)).json().items;
    expect(
      budgets.find((x: { costCentre: { id: string } }) => x.costCentre.id === shop.marketing.id),
    ).toMatchObject({ budgetCents: 10_000, spentCents: 15_000 });
  });

  it('e-mails the account manager when the job made from a portal order is at risk from the start', async () => {
    const owner = await t.signIn('account_manager');
    const shop = await shopWith();
    // Only admins and managers hand an account to another account manager.
    const manager = await t.signIn('manager');
    await t.request({
      method: 'PATCH',
      url: `/api/v1/accounts/${shop.account.id}`,
      headers: manager.headers,
      payload: { ownerId: owner.userId },
    });
    const cards = await buildProduct(t.db, shop.portal.id, {
      kind: 'print_on_demand',
      productType: 'business_card',
      sku: `BC-${Date.now()}`,
      name: 'Business cards',
      unitPriceCents: 40,
    });
    const buyer = await buildPortalUser(t.db, shop.portal.id, { email: `rush.${Date.now()}@museum.example` });
    const b = await portalSignIn(shop.portal.slug, buyer.email);
    await p('POST', `/portal/${shop.portal.slug}/cart/lines`, b, { productId: cards.id, quantity: 500 });
    const placed = await p('POST', `/portal/${shop.portal.slug}/checkout`, b, {
      costCentreId: shop.marketing.id,
      shipToAddressId: shop.address.id,
      neededBy: new Date().toISOString().slice(0, 10),
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order: Order = placed.json();
    expect(order.status).toBe('approved');
    const job = (
      await t.request({
        method: 'GET',
        url: `/api/v1/jobs/${await releasedJobId(t, order.id)}`,
        headers: am.headers,
      })
    ).json();
    expect(job.risk).not.toBe('on_track');
    const mail = await peer.message(owner.email, `[${job.number}]`);
    expect(mail.subject).toMatch(/At risk|Late/);
  });

  it('renders the variable-data proof with the name the buyer typed; an unapproved proof blocks checkout', async () => {
    const shop = await shopWith();
    const card = await buildProduct(t.db, shop.portal.id, {
      kind: 'variable_data',
      sku: 'BC-STD',
      name: 'Business card',
      productType: 'business_card',
      fields: [
        { name: 'fullName', label: 'Name', required: true },
        { name: 'title', label: 'Title' },
        { name: 'phone', label: 'Phone' },
      ],
      minQuantity: 250,
      multipleOf: 250,
    });
    const u = await buildPortalUser(t.db, shop.portal.id);
    const who = await portalSignIn(shop.portal.slug, u.email);
    const proof = await p('POST', `/portal/${shop.portal.slug}/catalog/${card.id}/proof.pdf`, who, {
      values: { fullName: 'Zoë Quartermaine', title: 'Curator' },
    });
    expect(proof.headers['content-type']).toBe('application/pdf');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jj-vdp-')), 'proof.pdf');
    writeFileSync(file, proof.rawPayload);
    expect(execFileSync('pdftotext', [file, '-']).toString()).toContain('Zoë Quartermaine');
    const missing = await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, {
      productId: card.id,
      quantity: 250,
      values: { title: 'x' },
    });
    expect(missing.json()).toMatchObject({ status: 400, errors: [{ path: 'values.fullName' }] });
    const wrongQty = await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, {
      productId: card.id,
      quantity: 300,
      values: { fullName: 'Zoë' },
    });
    expect(wrongQty.json().detail).toContain('multiples of 250');
    const cart = (
      await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, {
        productId: card.id,
        quantity: 500,
        values: { fullName: 'Zoë Quartermaine' },
      })
    ).json();
    const body = { costCentreId: shop.marketing.id, shipToAddressId: shop.address.id };
    const blocked = await p('POST', `/portal/${shop.portal.slug}/checkout`, who, body);
    expect(blocked.json().detail).toContain('Approve the proof');
    await p('POST', `/portal/${shop.portal.slug}/cart/lines/${cart.lines[0].id}/approve-proof`, who);
    const placed = await p('POST', `/portal/${shop.portal.slug}/checkout`, who, body);
    expect(placed.json().status).toBe('approved');
    const files = (
      await t.request({
        method: 'GET',
        url: `/api/v1/jobs/${await releasedJobId(t, placed.json().id)}/files`,
        headers: am.headers,
      })
    ).json().items;
    // The approved proof, and the print-ready sheet imposed from it (vdp/vdp.test.ts checks its pages).
    expect(files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'proof', name: 'BC-STD-approved-proof.pdf' }),
        expect.objectContaining({
          kind: 'artwork',
          name: expect.stringMatching(/^BC-STD-print-ready-\d+up-\d+-sheets\.pdf$/),
        }),
      ]),
    );
  });
});

describe('isolation', () => {
  it('keeps one client’s rows from another at the database: row-level security on the portal role', async () => {
    const a = await shopWith();
    const b = await shopWith();
    const seen = await inPortalScope(t.db, a.portal.account.id, async (tx) => {
      const res = (await tx.execute(sql`select distinct account_id from inventory_items`)) as unknown as {
        rows: { account_id: string }[];
      };
      return res.rows.map((r) => r.account_id);
    });
    expect(seen).toEqual([a.portal.account.id]);
    await expect(
      inPortalScope(t.db, a.portal.account.id, (tx) =>
        tx.execute(sql`update inventory_items set on_hand = 0 where id = ${b.item.id} returning id`),
      ),
    ).resolves.toMatchObject({ rows: [] });
    expect(
      (
        await t.request({ method: 'GET', url: `/api/v1/inventory/items/${b.item.id}`, headers: am.headers })
      ).json().onHand,
    ).toBe(10);
  });

  it('answers 404 to a portal user reaching another portal, and 401 to staff routes with a portal session', async () => {
    const a = await shopWith();
    const b = await shopWith();
    const u = await buildPortalUser(t.db, a.portal.id);
    const who = await portalSignIn(a.portal.slug, u.email);
    expect((await p('GET', `/portal/${b.portal.slug}/catalog`, who)).statusCode).toBe(404);
    expect((await p('GET', `/portal/${a.portal.slug}/catalog/${b.stocked.id}`, who)).statusCode).toBe(404);
    expect(
      (await p('POST', `/portal/${a.portal.slug}/cart/lines`, who, { productId: b.stocked.id, quantity: 1 }))
        .statusCode,
    ).toBe(404);
    expect((await p('GET', '/accounts', who)).statusCode).toBe(401);
    expect((await p('GET', `/portals/${a.portal.id}`, who)).statusCode).toBe(401);
    expect(
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/portal/${a.portal.slug}/catalog`,
          headers: am.headers,
        })
      ).statusCode,
    ).toBe(401);
  });
});
