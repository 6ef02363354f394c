import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { portalRequest, portalSignIn } from '../../../../test/helpers/portal';
import { buildInventoryItem, buildPortal, buildPortalUser, buildProduct } from '../../factories';
import { getAccount } from '../accounts/service';

// Issue 21, part 5: a pick list the warehouse walks in bin order, kits expanded, ticked or scanned as picked.
let t: TestApp;
let am: Session;
let picker: Session;
let buyerRole: Session;
let p: ReturnType<typeof portalRequest>;
beforeAll(async () => {
  t = await createTestApp();
  await t.ctx.queue.work();
  am = await t.signIn('account_manager');
  picker = await t.signIn('production');
  buyerRole = await t.signIn('purchasing');
  p = portalRequest(t);
});
afterAll(() => t.close());

const staff = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

/** A portal with pens, mugs and reports (B-10) on the shelves, a welcome kit of 2 pens and a mug. */
async function warehouse() {
  const portal = await buildPortal(t.db);
  const account = await getAccount({ db: t.db, id: portal.account.id });
  const shelf = async (sku: string, name: string, location: string | null) => {
    const item = await buildInventoryItem(t.db, portal.account.id, { sku, name, onHand: 100, location });
    const product = await buildProduct(t.db, portal.id, {
      kind: 'stocked',
      inventoryItemId: item.id,
      sku: `P-${sku}`,
      name,
      unitPriceCents: 100,
      productType: null,
    });
    return { item, product };
  };
  const reports = await shelf('REP-1', 'Annual report', 'B-10');
  const pens = await shelf('PEN-1', 'Pen — Nguyễn edition', 'A-2');
  const mugs = await shelf('MUG-1', 'Mug', null);
  const kit = await buildProduct(t.db, portal.id, {
    kind: 'kit',
    sku: 'KIT-WELCOME',
    name: 'Welcome kit',
    unitPriceCents: 900,
    productType: null,
    components: [
      { productId: pens.product.id, quantity: 2 },
      { productId: mugs.product.id, quantity: 1 },
    ],
  });
  // The mugs get their bin later, by a warehouse user.
  const moved = await staff('PATCH', `/inventory/items/${mugs.item.id}`, picker, { location: 'A-10' });
  expect(moved.statusCode, moved.body).toBe(200);
  expect(moved.json().location).toBe('A-10');
  const order = async (lines: [string, number][]) => {
    const u = await buildPortalUser(t.db, portal.id);
    const who = await portalSignIn(t, portal.slug, u.email);
    for (const [productId, quantity] of lines)
      await p('POST', `/portal/${portal.slug}/cart/lines`, who, { productId, quantity });
    const res = await p('POST', `/portal/${portal.slug}/checkout`, who, {
      costCentreId: account.costCentres[0]!.id,
      shipToAddressId: account.addresses[0]!.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; number: string; status: string };
  };
  return { portal, reports, pens, mugs, kit, order };
}

describe('pick list', () => {
  it('lists kit components by bin in location order, on screen and in the PDF', async () => {
    const w = await warehouse();
    const one = await order(w, [
      [w.kit.id, 3],
      [w.reports.product.id, 5],
    ]);
    const two = await order(w, [[w.kit.id, 1]]);
    const list = await staff('GET', `/pick-list?orders=${one.id},${two.id}`, am);
    expect(list.statusCode, list.body).toBe(200);
    const rows = list
      .json()
      .lines.map((l: { location: string; itemSku: string; quantity: number; kit: unknown }) => [
        l.location,
        l.itemSku,
        l.quantity,
        Boolean(l.kit),
      ]);
    const [first, second] = [one.number, two.number].sort();
    expect(rows).toEqual([
      ['A-2', 'PEN-1', first === one.number ? 6 : 2, true],
      ['A-2', 'PEN-1', first === one.number ? 2 : 6, true],
      ['A-10', 'MUG-1', first === one.number ? 3 : 1, true],
      ['A-10', 'MUG-1', first === one.number ? 1 : 3, true],
      ['B-10', 'REP-1', 5, false],
    ]);
    expect(second).toBeTruthy();
    const pdf = await staff('GET', `/pick-list.pdf?orders=${one.id},${two.id}`, am);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(path.join(tmpdir(), 'pick-'));
    writeFileSync(path.join(dir, 'list.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'list.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('Pick list');
    expect(text).toContain('Pen — Nguyễn edition (kit KIT-WELCOME');
    expect(text).toContain('Mug (kit KIT-WELCOME Welcome kit × 3)');
    // The table's rows as printed: a box, the bin, the shelf SKU — in walking order.
    const printed = [...text.matchAll(/^\s*☐\s+(\S+)\s+(\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(printed).toEqual(['A-2 PEN-1', 'A-2 PEN-1', 'A-10 MUG-1', 'A-10 MUG-1', 'B-10 REP-1']);
  });

  it('ticks by scan (two scans at once tick two lines), refuses to confirm until all are ticked, then picks', async () => {
    const w = await warehouse();
    const one = await order(w, [[w.kit.id, 2]]);
    const two = await order(w, [[w.kit.id, 1]]);
    const orders = [one.id, two.id];
    const scans = await Promise.all(
      ['PEN-1', 'pen-1'].map((code) => staff('POST', '/pick-list/scan', picker, { orders, code })),
    );
    expect(scans.map((s) => s.statusCode)).toEqual([200, 200]);
    const after = (await staff('GET', `/pick-list?orders=${orders.join(',')}`, picker)).json();
    expect(after.lines.filter((l: { picked: boolean }) => l.picked)).toHaveLength(2);
    const third = await staff('POST', '/pick-list/scan', picker, { orders, code: 'PEN-1' });
    expect(third.statusCode).toBe(409);
    const unknown = await staff('POST', '/pick-list/scan', picker, { orders, code: 'NOPE-9' });
    expect(unknown.statusCode).toBe(404);
    const early = await staff('POST', '/pick-list/confirm', picker, { orders });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('MUG-1 at A-10');
    const mugLine = after.lines.find(
      (l: { itemSku: string; picked: boolean }) => l.itemSku === 'MUG-1' && !l.picked,
    );
    const ticked = await staff('POST', `/orders/${mugLine.orderId}/pick-ticks`, picker, {
      orderLineId: mugLine.orderLineId,
      productId: mugLine.productId,
      picked: true,
    });
    expect(ticked.statusCode, ticked.body).toBe(200);
    await staff('POST', '/pick-list/scan', picker, { orders, code: 'P-MUG-1' });
    const done = await staff('POST', '/pick-list/confirm', picker, { orders });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().orders.map((o: { status: string }) => o.status)).toEqual([
      'in_fulfilment',
      'in_fulfilment',
    ]);
    const pens = (await staff('GET', `/inventory/items/${w.pens.item.id}`, am)).json();
    expect(pens).toMatchObject({ onHand: 94, reserved: 0 });
  });

  it('refuses an order still waiting for approval, another role’s edits, and unknown orders', async () => {
    const w = await warehouse();
    const waiting = await (async () => {
      const u = await buildPortalUser(t.db, w.portal.id, { spendingLimitCents: 1 });
      const who = await portalSignIn(t, w.portal.slug, u.email);
      await p('POST', `/portal/${w.portal.slug}/cart/lines`, who, { productId: w.kit.id, quantity: 1 });
      const account = await getAccount({ db: t.db, id: w.portal.account.id });
      return (
        await p('POST', `/portal/${w.portal.slug}/checkout`, who, {
          costCentreId: account.costCentres[0]!.id,
          shipToAddressId: account.addresses[0]!.id,
        })
      ).json();
    })();
    expect(waiting.status).toBe('pending_approval');
    expect((await staff('GET', `/pick-list?orders=${waiting.id}`, am)).statusCode).toBe(409);
    expect((await staff('GET', `/pick-list?orders=${crypto.randomUUID()}`, am)).statusCode).toBe(404);
    expect((await staff('GET', `/pick-list?orders=not-an-id`, am)).statusCode).toBe(400);
    const denied = await staff('PATCH', `/inventory/items/${w.pens.item.id}`, buyerRole, { location: 'Z-1' });
    expect(denied.statusCode).toBe(403);
  });
});

const order = (w: Awaited<ReturnType<typeof warehouse>>, lines: [string, number][]) => w.order(lines);
