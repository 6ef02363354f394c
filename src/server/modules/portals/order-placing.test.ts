import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app';
import { portalRequest, portalShop, portalSignIn } from '../../../../test/helpers/portal';
import { buildInventoryItem, buildPortalUser, buildProduct } from '../../factories';
import { systemActor } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { reserveOrderStock } from './order-placing';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const p = (...args: Parameters<ReturnType<typeof portalRequest>>) => portalRequest(t)(...args);

/** A portal with two stocked products on items A and B, and a kit of 2 × A and 1 × B. */
async function twoItemShop(stock: { a: number; b: number }) {
  const shop = await portalShop(t, { stock: stock.a });
  const itemB = await buildInventoryItem(t.db, shop.portal.account.id, {
    onHand: stock.b,
    sku: 'ENV-10',
    name: 'Envelopes',
  });
  const onB = await buildProduct(t.db, shop.portal.id, {
    kind: 'stocked',
    inventoryItemId: itemB.id,
    sku: 'ENV-10',
    name: 'Envelope №10 — Zoë Øster',
    unitPriceCents: 20,
    productType: null,
  });
  const kit = await buildProduct(t.db, shop.portal.id, {
    kind: 'kit',
    sku: 'KIT-1',
    name: 'Welcome kit',
    unitPriceCents: 900,
    productType: null,
    components: [
      { productId: shop.stocked.id, quantity: 2 },
      { productId: onB.id, quantity: 1 },
    ],
  });
  return { ...shop, itemA: shop.item, itemB, onA: shop.stocked, onB, kit };
}

const checkOut = (
  shop: { portal: { slug: string }; marketing: { id: string }; address: { id: string } },
  who: object,
  key: string,
) =>
  p(
    'POST',
    `/portal/${shop.portal.slug}/checkout`,
    who,
    { costCentreId: shop.marketing.id, shipToAddressId: shop.address.id },
    { 'idempotency-key': key },
  );

const stockOf = async (id: string) =>
  (
    (await t.db.execute(
      sql`select on_hand, reserved, (select count(*)::int from inventory_movements m where m.item_id = i.id and kind = 'reserve') as movements
          from inventory_items i where id = ${id}`,
    )) as unknown as { rows: { on_hand: number; reserved: number; movements: number }[] }
  ).rows[0]!;

describe('writing an order and reserving its stock', () => {
  it('reserves a product and a kit that share an item as one movement per item', async () => {
    const shop = await twoItemShop({ a: 100, b: 100 });
    const u = await buildPortalUser(t.db, shop.portal.id);
    const who = await portalSignIn(t, shop.portal.slug, u.email);
    for (const [productId, quantity] of [
      [shop.onA.id, 1],
      [shop.kit.id, 3],
    ] as const)
      expect(
        (await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, { productId, quantity })).statusCode,
      ).toBe(200);
    const placed = await checkOut(shop, who, 'kit-1');
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().lines).toHaveLength(2);
    // A: 1 + 3 kits × 2; B: 3 kits × 1.
    expect(await stockOf(shop.itemA.id)).toEqual({ on_hand: 100, reserved: 7, movements: 1 });
    expect(await stockOf(shop.itemB.id)).toEqual({ on_hand: 100, reserved: 3, movements: 1 });
  });

  it('lets 20 buyers whose carts hold two shared items in opposite orders all check out, without a deadlock', async () => {
    const shop = await twoItemShop({ a: 1000, b: 1000 });
    const buyers = [];
    for (let i = 0; i < 20; i++) {
      const u = await buildPortalUser(t.db, shop.portal.id, { email: `twin${i}@client.example` });
      const who = await portalSignIn(t, shop.portal.slug, u.email);
      const order = i % 2 ? [shop.onA, shop.onB] : [shop.onB, shop.onA];
      for (const product of order)
        await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, {
          productId: product.id,
          quantity: 2,
        });
      buyers.push(who);
    }
    const answers = await Promise.all(buyers.map((who, i) => checkOut(shop, who, `opposite-${i}`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
    expect(await stockOf(shop.itemA.id)).toMatchObject({ reserved: 40, movements: 20 });
    expect(await stockOf(shop.itemB.id)).toMatchObject({ reserved: 40, movements: 20 });
  });

  it('keeps nothing when one item falls short at the reservation, and names that item', async () => {
    const shop = await twoItemShop({ a: 50, b: 2 });
    const u = await buildPortalUser(t.db, shop.portal.id);
    const who = await portalSignIn(t, shop.portal.slug, u.email);
    await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, { productId: shop.onA.id, quantity: 1 });
    const placed = await checkOut(shop, who, 'short-1');
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json() as { id: string; number: string };
    // Another checkout took B between the early read and the reservation: the whole reservation is refused.
    const refused = await t.db
      .transaction(async (tx) => {
        await reserveOrderStock(
          tx,
          systemActor,
          order,
          new Map([
            [shop.itemA.id, 5],
            [shop.itemB.id, 3],
          ]),
        );
        return null;
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      detail: 'Not enough ENV-10 Envelopes: 2 available',
    });
    expect(await stockOf(shop.itemA.id)).toMatchObject({ reserved: 1, movements: 1 });
    expect(await stockOf(shop.itemB.id)).toMatchObject({ reserved: 0, movements: 0 });
  });
});
