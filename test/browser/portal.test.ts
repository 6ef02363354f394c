import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  buildAccount,
  buildInventoryItem,
  buildPortal,
  buildPortalUser,
  buildProduct,
  buildUser,
} from '../../src/server/factories';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.ctx.queue.work(); // approved orders are released to a job by the queue
});
afterAll(() => h?.close());

const password = 'correct horse battery';

/** A portal user's page, signed in through the portal's own sign-in form. */
async function portalSignIn(slug: string, email: string, viewport = { width: 1280, height: 900 }) {
  const page = await (await h.browser.newContext({ viewport })).newPage();
  await page.goto(`${h.base}/p/${slug}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
  return page;
}

/** Calls the staff API as the page's signed-in user (cookie from the browser, CSRF token from /auth/me). */
async function staffApi(page: Page, method: 'POST' | 'PATCH', url: string, data: object) {
  const me = await (await page.request.get(`${h.base}/api/v1/auth/me`)).json();
  const res = await page.request.fetch(`${h.base}/api/v1${url}`, {
    method,
    data,
    headers: { 'x-csrf-token': me.csrfToken },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json();
}

describe('client portal: the budget path', () => {
  it('an over-budget order waits for the approver, is released, picked and shipped, and the buyer sees the tracking link', async () => {
    const manager = await buildUser(h.ctx.db, {
      email: 'am@portal.test',
      name: 'Ana Manager',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, {
      name: 'Harbor Museum',
      ownerId: manager.id,
      addresses: [
        {
          kind: 'shipping',
          label: 'Loading dock',
          line1: '1 Harbor Way',
          city: 'Galveston',
          region: 'TX',
          postalCode: '77550',
          isDefault: true,
        },
      ],
      costCentres: [
        { name: 'Exhibitions', code: 'EXH' },
        { name: 'Education', code: 'EDU' },
      ],
    });
    const exhibitions = account.costCentres.find((c) => c.code === 'EXH')!;
    const portal = await buildPortal(h.ctx.db, {
      accountId: account.id,
      slug: 'harbor',
      name: 'Harbor Museum print shop',
      primaryColour: '#7a2e8e',
      budgets: [{ costCentreId: exhibitions.id, amountCents: 10_000 }],
    });
    const item = await buildInventoryItem(h.ctx.db, account.id, {
      sku: 'HM-GUIDE',
      name: 'Visitor guide',
      onHand: 100,
      reorderPoint: 20,
    });
    await buildProduct(h.ctx.db, portal.id, {
      kind: 'stocked',
      sku: 'GUIDE',
      name: 'Visitor guide',
      categories: ['Guides'],
      inventoryItemId: item.id,
      productType: null,
      unitPriceCents: 500,
      multipleOf: 10,
      minQuantity: 10,
    });
    await buildPortalUser(h.ctx.db, portal.id, {
      email: 'bea@harbor.example',
      name: 'Bea Buyer',
      role: 'buyer',
      password,
    });
    await buildPortalUser(h.ctx.db, portal.id, {
      email: 'abe@harbor.example',
      name: 'Abe Approver',
      role: 'approver',
      password,
    });

    // The buyer orders on a phone: 30 guides at $5 = $150 against a $100 budget.
    const buyer = await portalSignIn('harbor', 'bea@harbor.example', { width: 390, height: 844 });
    await buyer.getByRole('link', { name: 'Visitor guide' }).click();
    await buyer.getByText('At least 10 · in multiples of 10').waitFor();
    await buyer.getByRole('textbox', { name: 'Quantity' }).fill('30');
    await buyer.getByText('$150.00', { exact: true }).waitFor();
    await buyer.getByRole('button', { name: 'Add to cart' }).click();
    await buyer.getByRole('heading', { name: 'Cart' }).waitFor();
    await buyer.getByRole('link', { name: 'Checkout' }).click();
    await buyer.getByRole('combobox', { name: 'Cost centre' }).click();
    await buyer.getByRole('option', { name: 'Exhibitions (EXH)' }).click();
    expect(await buyer.getByRole('radio', { name: /Loading dock/ }).isChecked()).toBe(true);
    await buyer.getByLabel('Your PO number').fill('HM-4471');
    await buyer.getByRole('button', { name: 'Place order' }).click();
    const placed = buyer.getByRole('status');
    await placed.getByText('Waiting for approval').waitFor();
    await placed.getByText(/Exhibitions budget/).waitFor();
    const number = (await buyer.getByRole('heading', { name: /is placed/ }).textContent())!.match(
      /ORD-\d{4}-\d{5}/,
    )![0];

    // The approver approves with a comment.
    const approver = await portalSignIn('harbor', 'abe@harbor.example');
    await approver.getByRole('link', { name: 'Approvals' }).click();
    const card = approver.getByRole('article', { name: `Order ${number}` });
    await card.getByLabel('Comment').fill('Exhibition opening — approved');
    await card.getByRole('button', { name: `Approve ${number}` }).click();
    await approver.getByText('No orders are waiting for you.').waitFor();

    // Staff see it released to fulfilment and confirm the pick in the orders inbox.
    const staff = await signIn(h, 'am@portal.test', password);
    await staff.goto(`${h.base}/orders?status=approved`);
    const orders = staff.getByRole('table', { name: 'Orders' });
    await orders.getByRole('link', { name: number }).waitFor();
    await orders.getByRole('button', { name: `Confirm pick of ${number}` }).click();
    await staff.getByText(`${number}: pick confirmed`).waitFor();
    await staff.locator('label', { hasText: 'In fulfilment' }).click();
    await orders.getByRole('link', { name: number }).click();
    await staff.getByText('Picked: 1 of 1 lines').waitFor();
    const jobLink = staff.getByRole('link', { name: /Job J-\d{4}-\d{5}/ });
    const jobId = (await jobLink.getAttribute('href'))!.split('/').pop()!;

    // The shipment goes out with a UPS tracking number (through the API, as the shipping screens are tested elsewhere).
    const shipment = await staffApi(staff, 'POST', '/shipments', {
      jobId,
      carrier: 'ups',
      trackingNumber: '1Z5R89390357567127',
      address: { line1: '1 Harbor Way', city: 'Galveston', region: 'TX', postalCode: '77550' },
      packages: [{ weightLb: 9 }],
      notifyClient: false,
    });
    await staffApi(staff, 'PATCH', `/shipments/${shipment.id}`, { status: 'shipped' });

    // The buyer sees the order shipped, the approver's comment and a tracking link.
    await buyer.goto(`${h.base}/p/harbor/orders`);
    const mine = buyer.getByRole('article', { name: `Order ${number}` });
    await mine.getByText('Shipped', { exact: true }).waitFor();
    await mine.getByText(/Approved by Abe Approver.*Exhibition opening — approved/).waitFor();
    const track = mine.getByRole('link', { name: 'Track 1Z5R89390357567127' });
    expect(await track.getAttribute('href')).toContain('1Z5R89390357567127');
  });
});
