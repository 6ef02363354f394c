import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildInventoryItem,
  buildPortal,
  buildPortalUser,
  buildProduct,
  buildUser,
} from '../../src/server/factories';
import { signIn, startHarness, type Harness } from './harness';

// Issue 21, part 5 in the browser: the warehouse picks a kit order from the pick list by scanning and ticking.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const password = 'correct horse battery';

describe('pick list', () => {
  it('walks the bins in order, ticks a scanned SKU and a ticked box, and confirms the order picked', async () => {
    await buildUser(h.ctx.db, {
      email: 'wes@shop.test',
      name: 'Wes Warehouse',
      role: 'production',
      password,
    });
    const account = await buildAccount(h.ctx.db, {
      name: 'State Parks Agency',
      addresses: [
        {
          kind: 'shipping',
          label: 'HQ',
          line1: '5 Capitol Sq',
          city: 'Austin',
          region: 'TX',
          postalCode: '78701',
          isDefault: true,
        },
      ],
      costCentres: [{ name: 'Visitor services', code: 'VIS' }],
    });
    const portal = await buildPortal(h.ctx.db, {
      accountId: account.id,
      slug: 'parks',
      name: 'Parks print shop',
    });
    const shelf = async (sku: string, name: string, location: string) => {
      const item = await buildInventoryItem(h.ctx.db, account.id, { sku, name, onHand: 50, location });
      return buildProduct(h.ctx.db, portal.id, {
        kind: 'stocked',
        inventoryItemId: item.id,
        sku: `P-${sku}`,
        name,
        productType: null,
      });
    };
    const map = await shelf('MAP-1', 'Trail map', 'B-1');
    const badge = await shelf('BADGE-1', 'Junior ranger badge', 'A-12');
    const kit = await buildProduct(h.ctx.db, portal.id, {
      kind: 'kit',
      sku: 'KIT-RANGER',
      name: 'Ranger kit',
      productType: null,
      components: [
        { productId: map.id, quantity: 1 },
        { productId: badge.id, quantity: 2 },
      ],
    });
    const buyer = await buildPortalUser(h.ctx.db, portal.id, { email: 'ana@parks.example', password });
    // The order, placed through the portal API.
    const client = await (await h.browser.newContext()).newPage();
    const login = await client.request.post(`${h.base}/api/v1/portal/parks/auth/login`, {
      data: { email: buyer.email, password },
    });
    const headers = { 'x-csrf-token': (await login.json()).csrfToken };
    await client.request.post(`${h.base}/api/v1/portal/parks/cart/lines`, {
      headers,
      data: { productId: kit.id, quantity: 3 },
    });
    const placed = await client.request.post(`${h.base}/api/v1/portal/parks/checkout`, {
      headers,
      data: { costCentreId: account.costCentres[0]!.id, shipToAddressId: account.addresses[0]!.id },
    });
    const order = await placed.json();
    expect(order.status).toBe('approved');

    const page = await signIn(h, 'wes@shop.test', password);
    await page.goto(`${h.base}/orders/${order.id}`);
    await page.getByRole('link', { name: 'Pick list' }).click();
    await page.getByRole('heading', { name: 'Pick list' }).waitFor();
    const bins = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(bins).toEqual(['A-12', 'B-1']);
    await page.getByText('in kit KIT-RANGER Ranger kit × 3').first().waitFor();
    await page.getByLabel('Scan or type a SKU').fill('BADGE-1');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Ticked 6 × BADGE-1 at A-12').waitFor();
    await page.getByRole('checkbox', { name: `Picked 3 MAP-1 for ${order.number}` }).click();
    await page.getByText('2 of 2 picked').waitFor();
    await page.getByRole('button', { name: 'Confirm picked' }).click();
    await page.getByText('These orders are picked.').waitFor();
    await page.screenshot({ path: 'docs/screenshots/pick-list.png' });
  });
});
