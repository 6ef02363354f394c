import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildMaterial, buildUser } from '../../src/server/factories';
import { setUpExampleCostModel } from '../helpers/estimating';
import { signIn, staffApi as harnessApi, startHarness, type Harness } from './harness';

// The cost model of docs/estimating.md's worked examples, set up over the API; then the screens in Chromium.
let h: Harness;
const password = 'correct horse battery';

/** The staff API as the page's signed-in user; the call must succeed. */
async function staffApi(page: Page, method: 'GET' | 'POST' | 'PUT', url: string, data?: object) {
  const res = await harnessApi(h, page, method, url, data);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

const signInAs = async (role: 'admin' | 'manager' | 'account_manager') => {
  const email = `${role}@estimating.test`;
  await buildUser(h.ctx.db, { email, role, password, name: `Est ${role}` });
  return signIn(h, email, password);
};

let admin: Page;
beforeAll(async () => {
  h = await startHarness();
  admin = await signInAs('admin');
  await setUpExampleCostModel((method, url, payload) => harnessApi(h, admin, method, url, payload) as never);
});
afterAll(() => h?.close());

describe('estimating in the browser', () => {
  it('an admin adds a press through the dialog (clicks in fractions of a cent); an inverted sheet range shows the server’s message', async () => {
    await admin.getByText('Admin', { exact: true }).click();
    await admin.getByRole('link', { name: 'Estimating' }).click();
    const table = admin.getByRole('table', { name: 'Presses' });
    await table.getByRole('cell', { name: 'Komori 28', exact: true }).waitFor();

    await admin.getByRole('button', { name: 'Add a press' }).click();
    let dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Konica C4080');
    await dialog.getByLabel('Kind', { exact: true }).click();
    await admin.getByRole('option', { name: 'Digital' }).click();
    await dialog.getByLabel('Smallest sheet width (in)').fill('8.5');
    await dialog.getByLabel('Smallest sheet height (in)').fill('11');
    await dialog.getByLabel('Largest sheet width (in)').fill('13');
    await dialog.getByLabel('Largest sheet height (in)').fill('19');
    await dialog.getByLabel('Margin (in)').fill('0.2');
    await dialog.getByLabel('Make-ready (minutes)').fill('5');
    await dialog.getByLabel('Make-ready sheets').fill('8');
    await dialog.getByLabel('Sheets per hour').fill('4800');
    await dialog.getByLabel('Hourly rate ($)').fill('55');
    await dialog.getByLabel('Colour click ($)').fill('0.045');
    await dialog.getByLabel('Mono click ($)').fill('0.009');
    await dialog.getByRole('button', { name: 'Save press' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = table.getByRole('row', { name: /Konica C4080/ });
    await row.getByRole('cell', { name: '8.5×11 – 13×19' }).waitFor();
    await row.getByRole('cell', { name: '$0.045 / $0.009' }).waitFor();
    const saved = (await staffApi(admin, 'GET', '/presses')).items.find(
      (p: { name: string }) => p.name === 'Konica C4080',
    );
    expect(saved).toMatchObject({ kind: 'digital', clickColourCents: 4.5, hourlyRateCents: 5500 });

    await admin.getByRole('button', { name: 'Add a press' }).click();
    dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Backwards press');
    await dialog.getByLabel('Smallest sheet width (in)').fill('30');
    await dialog.getByLabel('Smallest sheet height (in)').fill('40');
    await dialog.getByLabel('Largest sheet width (in)').fill('20');
    await dialog.getByLabel('Largest sheet height (in)').fill('28');
    await dialog.getByLabel('Make-ready (minutes)').fill('30');
    await dialog.getByLabel('Make-ready sheets').fill('100');
    await dialog.getByLabel('Sheets per hour').fill('8000');
    await dialog.getByLabel('Hourly rate ($)').fill('150');
    await dialog.getByRole('button', { name: 'Save press' }).click();
    await dialog
      .getByRole('alert')
      .getByText('The smallest sheet must not be larger than the largest')
      .waitFor();
    mkdirSync('docs/screenshots', { recursive: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await table.getByRole('row', { name: /Backwards press/ }).count()).toBe(0);
    await admin.screenshot({ path: 'docs/screenshots/estimating-cost-model.png', fullPage: true });
  });

  it('an account manager prices example A at 2,500, 5,000 and 8,000 and reads the working of 5,000', async () => {
    const page = await signInAs('account_manager');
    await page.getByRole('link', { name: 'Price a job' }).click();
    await page.getByText("The shop's markup, 40 %").waitFor();
    await page.getByText('Taxed at 8.25 %').waitFor();
    const item = page.getByRole('region', { name: 'Item 1' });
    await item.getByLabel('Description').fill('Tri-fold brochure');
    await item.getByLabel('Flat width').fill('11');
    await item.getByLabel('Flat height').fill('8.5');
    await item.getByLabel('Inks front').fill('4');
    await item.getByLabel('Inks back').fill('4');
    await item.getByText('Typed', { exact: true }).click();
    await item.getByLabel('Paper name').fill('100 lb gloss text 19×25');
    await item.getByLabel('Sheet width (in)').fill('19');
    await item.getByLabel('Sheet height (in)').fill('25');
    await item.getByLabel('Price per 1,000 sheets ($)').fill('95.00');
    await item.getByLabel('Letter fold').check();
    await item.getByLabel('Quantity 1').fill('2500');
    await item.getByLabel('Quantity 2').fill('5000');
    await item.getByLabel('Quantity 3').fill('8000');
    await page.getByRole('button', { name: 'Price', exact: true }).click();

    const prices = page.getByRole('table', { name: /Item 1: Tri-fold brochure — prices by quantity/ });
    for (const [quantity, total] of [
      ['2,500', '$648.37'],
      ['5,000', '$845.89'],
      ['8,000', '$1,082.75'],
    ] as const)
      await prices
        .getByRole('row', { name: new RegExp(`${quantity} Komori 28 4 .* ${total.replace('$', '\\$')}`) })
        .waitFor();
    await page.getByRole('img', { name: /Unit price by quantity/ }).waitFor();

    await page.getByRole('button', { name: 'Working of 5,000' }).click();
    const working = page.getByRole('table', { name: 'Working of 5,000' });
    await working.getByRole('row', { name: /1\.372 h × \$150\.00 \$205\.80/ }).waitFor();
    await working.getByRole('row', { name: /Cost \$558\.16/ }).waitFor();
    await page.getByText(/^Versant 280 takes sheets from 7.2×10 to 13×19.2 in/).waitFor();
    // The whole page in one tall viewport (a full-page capture would repeat the fixed header and menu).
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1400, height });
    await page.screenshot({ path: 'docs/screenshots/estimate.png' });

    // The same paper from the materials catalogue (its size, and its cost per sheet × 1,000) prices the same.
    await buildMaterial(h.ctx.db, {
      name: 'Gloss text 100 lb 19×25',
      spec: { width: 19, height: 25, sizeUnit: 'in' },
      unitCostCents: 9.5,
    });
    await item.getByText('From the catalogue', { exact: true }).click();
    await item.getByRole('combobox', { name: 'Catalogue paper' }).fill('Gloss text');
    await page.getByRole('option', { name: /Gloss text 100 lb 19×25 .* 19×25 in, \$95\.00\/M/ }).click();
    await page.getByRole('button', { name: 'Price', exact: true }).click();
    await page.getByText('Paper: Gloss text 100 lb 19×25, 19×25 in at $95.00 per thousand sheets').waitFor();
    await prices.getByRole('row', { name: /5,000 Komori 28 4 .* \$845\.89/ }).waitFor();

    // On a phone the page keeps its width: the price table scrolls inside its box.
    await page.setViewportSize({ width: 390, height: 844 });
    await prices.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('a manager changes the tax rate under Rules', async () => {
    const page = await signInAs('manager');
    await page.getByText('Admin', { exact: true }).click();
    await page.getByRole('link', { name: 'Estimating' }).click();
    await page.getByRole('tab', { name: 'Rules' }).click();
    await page.getByLabel('Tax rate (%)').fill('8.5');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Estimating rules saved').waitFor();
    expect((await staffApi(page, 'GET', '/estimating-rules')).taxRatePercent).toBe(8.5);
    await page.reload();
    await page.getByRole('tab', { name: 'Rules' }).click();
    expect(await page.getByLabel('Tax rate (%)').inputValue()).toBe('8.5');

    // On the pricing screen the manager sees a state agency's markup and exemption, and sets its own markup.
    const agency = await buildAccount(h.ctx.db, {
      name: 'Nguyễn State Agency',
      segment: 'state',
      taxExempt: true,
      taxExemptExpiresOn: '2099-12-31',
    });
    await page.getByRole('link', { name: 'Price a job' }).click();
    await page.getByRole('combobox', { name: 'Account' }).fill('Nguyễn');
    await page.getByRole('option', { name: 'Nguyễn State Agency' }).click();
    await page.getByText("The shop's markup, 40 % (State agency has none of its own)").waitFor();
    await page.getByText('Tax-exempt (certificate valid to 2099-12-31): no tax').waitFor();
    await page.getByLabel("Account's own markup (%)").fill('10');
    await page.getByRole('button', { name: 'Save markup' }).click();
    await page.getByText("The account's own markup, 10 %").waitFor();
    expect(await staffApi(page, 'GET', `/accounts/${agency.id}/markup`)).toEqual({ markupPercent: 10 });
  });
});
