import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMaterial, buildUser, buildVendor } from '../../src/server/factories';
import { signIn, staffApi, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('reorder points that act', () => {
  it('a buyer puts a material at its reorder point on a draft PO from the keyboard', async () => {
    const password = 'correct horse battery';
    await buildUser(h.ctx.db, {
      email: 'raj@replenish.test',
      name: 'Raj Patel',
      role: 'purchasing',
      password,
    });
    const vendor = await buildVendor(h.ctx.db, { name: 'Nguyễn → Zoë Øster Papier' });
    const m = await buildMaterial(h.ctx.db, {
      sku: 'TXT-80-SLK',
      name: '80# Silk Text 12×18',
      packUnits: [{ name: 'ream', factor: 500 }],
      preferredVendorId: vendor.id,
      unitCostCents: 3,
      reorderPoint: 2000,
      reorderQuantity: 2500,
      onHand: 1200,
    });
    await buildMaterial(h.ctx.db, { sku: 'ENV-NOVENDOR', reorderPoint: 100, onHand: 10 });

    const page = await signIn(h, 'raj@replenish.test', password);
    await page.goto(`${h.base}/purchasing/shortages`);
    const table = page.getByRole('table', { name: 'To replenish' });
    const row = table.getByRole('row', { name: /TXT-80-SLK/ });
    await row.getByText('5 ream', { exact: true }).waitFor();
    await table
      .getByRole('row', { name: /ENV-NOVENDOR/ })
      .getByRole('link', { name: 'Choose a vendor' })
      .waitFor();
    await page.screenshot({ path: 'docs/screenshots/purchasing-to-replenish.png' });

    const button = row.getByRole('button', { name: 'Put TXT-80-SLK on a draft PO' });
    await button.focus();
    await page.keyboard.press('Enter');
    const link = row.getByRole('link', { name: /On draft PO-\d{4}-\d{5}/ });
    await link.waitFor();

    const list = (
      await staffApi(h, page, 'GET', `/purchase-orders?status=draft&vendorId=${vendor.id}`)
    ).json();
    expect(list.items).toHaveLength(1);
    const po = list.items[0];
    const full = (await staffApi(h, page, 'GET', `/purchase-orders/${po.id}`)).json();
    expect(full.lines).toEqual([
      expect.objectContaining({ material: expect.objectContaining({ id: m.id }), quantity: 5, unit: 'ream' }),
    ]);

    const notes = (await staffApi(h, page, 'GET', '/notifications')).json();
    expect(
      notes.items.filter(
        (n: { kind: string; title: string }) =>
          n.kind === 'material.reorder' && n.title.includes('TXT-80-SLK'),
      ),
    ).toHaveLength(1);

    // On a phone the table scrolls sideways and the link is still reachable.
    await page.setViewportSize({ width: 390, height: 844 });
    await link.scrollIntoViewIfNeeded();
    expect(await link.isVisible()).toBe(true);
    await link.click();
    await page.getByRole('heading', { name: po.number }).waitFor();
  });
});
