import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/helpers/app';
import { portalRequest, portalShop, portalSignIn } from '../../../../test/helpers/portal';
import { buildInventoryItem, buildPortalUser, buildProduct } from '../../factories';
import { Product } from '../../../shared/portals';

/**
 * The catalogue page PostgreSQL writes as JSON (catalog-page.ts) against the product Node presents one by one
 * (`GET …/catalog/{id}`, presentProduct): every line of every page must be that product, on the values that differ
 * between the two languages — availability of stocked items and kits, artwork rules stored before a field existed,
 * hidden prices, an uploaded image, engine pricing, dates, empty and Unicode text.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('the catalogue page written by PostgreSQL', () => {
  it('answers each product as the product route presents it, paged one at a time', async () => {
    const p = portalRequest(t);
    const shop = await portalShop(t, { stock: 40 });
    const { portal, account } = shop;
    const accountId = account.id;
    const [marketing, operations] = account.costCentres;
    const make = (name: string, over: object) => buildProduct(t.db, portal.id, { name, ...over });
    const bare = await buildInventoryItem(t.db, accountId, { sku: 'BARE-1', name: 'Nothing in stock' });
    const envelopes = await buildInventoryItem(t.db, accountId, {
      onHand: 7,
      sku: 'ENV-1',
      name: 'Envelopes',
    });
    await t.db.execute(sql`update inventory_items set reserved = 3 where id = ${shop.item.id}`);
    const emptyShelf = await make('Empty shelf', {
      kind: 'stocked',
      inventoryItemId: bare.id,
      productType: null,
    });
    const envelope = await make('Envelope', {
      kind: 'stocked',
      inventoryItemId: envelopes.id,
      productType: null,
    });
    const flyer = await make('Zoë’s “flyer”', {
      description: 'Nguyễn → Zoë Øster\nline two',
      categories: ['Flyers', 'Ünïcode'],
      priceBreaks: [
        { minQuantity: 100, unitPriceCents: 40 },
        { minQuantity: 500, unitPriceCents: 30 },
      ],
      unitPriceCents: 45,
      maxQuantity: 5000,
      multipleOf: 50,
      minQuantity: 100,
      visibleToCostCentreIds: [marketing!.id, operations!.id],
      restricted: true,
      activeFrom: '2020-02-29',
      activeTo: '2999-12-31',
      spec: { finishedSize: { width: 8.5, height: 11, unit: 'in' }, inks: { front: 4, back: 0 } },
      artwork: { bleedIn: 0.0625, pages: 2, minPpi: 250 },
    });
    const oldRules = await make('Older artwork rules', { artwork: { required: false } });
    // Stored before `severity` and `cmykOnly` existed: the answer carries their defaults, as the parse gives them.
    await t.db.execute(
      sql`update products set artwork = artwork - 'severity' - 'cmykOnly' where id = ${oldRules.id}`,
    );
    await t.db.execute(
      sql`update products set engine_spec = '{"operationIds": []}' where id = ${oldRules.id}`,
    );
    await make('Kit of two', {
      kind: 'kit',
      productType: null,
      components: [
        { productId: shop.stocked.id, quantity: 4 }, // (40 − 3) / 4 → 9
        { productId: envelope.id, quantity: 2 }, // 7 / 2 → 3
        { productId: flyer.id, quantity: 1 }, // made to order: no limit
      ],
    });
    await make('Kit with an empty shelf', {
      kind: 'kit',
      productType: null,
      components: [
        { productId: emptyShelf.id, quantity: 5 },
        { productId: shop.stocked.id, quantity: 1 },
      ],
    });
    await make('Kit made to order', {
      kind: 'kit',
      productType: null,
      components: [{ productId: flyer.id, quantity: 3 }],
    });
    await make('Business card', {
      kind: 'variable_data',
      productType: 'business_card',
      fields: [{ name: 'name', label: 'Name', required: true, maxLength: 40 }],
    });
    const pictured = await make('Pictured', { imageUrl: 'https://example.com/a.png' });
    const [file] = (
      (await t.db.execute(sql`insert into portal_files
        (account_id, portal_id, purpose, name, content_type, size, sha256, storage_key, width, height)
        values (${accountId}, ${portal.id}, 'product_image', 'a.png', 'image/png', 10, 'x', 'k', 1, 1)
        returning id`)) as unknown as { rows: { id: string }[] }
    ).rows;
    await t.db.execute(sql`update products set image_file_id = ${file!.id} where id = ${pictured.id}`);

    const buyer = await buildPortalUser(t.db, portal.id, { costCentreIds: [marketing!.id] });
    const who = await portalSignIn(t, portal.slug, buyer.email);
    const pages = async () => {
      const items: Product[] = [];
      let cursor: string | null = null;
      do {
        const res = await p(
          'GET',
          `/portal/${portal.slug}/catalog?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          who,
        );
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as { items: Product[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(1);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    };
    const compare = async () => {
      const listed = await pages();
      expect(listed.map((i) => i.name)).toEqual([
        'Annual report',
        'Business card',
        'Empty shelf',
        'Envelope',
        'Kit made to order',
        'Kit of two',
        'Kit with an empty shelf',
        'Older artwork rules',
        'Pictured',
        'Zoë’s “flyer”',
      ]);
      for (const item of listed) {
        const one = await p('GET', `/portal/${portal.slug}/catalog/${item.id}`, who);
        expect(one.statusCode, one.body).toBe(200);
        expect(item, item.name).toEqual(Product.parse(one.json()));
      }
      return Object.fromEntries(listed.map((i) => [i.name, i]));
    };

    const shown = await compare();
    expect(shown['Kit of two']!.available).toBe(3);
    expect(shown['Kit with an empty shelf']!.available).toBe(0);
    expect(shown['Kit made to order']!.available).toBeNull();
    expect(shown['Annual report']!.available).toBe(37);
    expect(shown['Older artwork rules']!.artwork).toMatchObject({ required: false, cmykOnly: true });
    expect(shown['Older artwork rules']!.artwork!.severity.colour).toBe('warn');
    expect(shown['Older artwork rules']).toMatchObject({ pricedByEngine: true, engineSpec: null });
    expect(shown['Pictured']!.imageFile!.url).toBe(`/api/v1/portal/${portal.slug}/files/${file!.id}`);
    expect(shown['Zoë’s “flyer”']!.priceBreaks).toHaveLength(2);

    // A portal that hides prices.
    await t.db.execute(sql`update portals set show_prices = false where id = ${portal.id}`);
    const hidden = await compare();
    expect(hidden['Zoë’s “flyer”']).toMatchObject({ unitPriceCents: null, priceBreaks: [] });
  });
});
