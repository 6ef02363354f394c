import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  buildAccount,
  buildInventoryItem,
  buildPortal,
  buildPortalUser,
  buildProduct,
} from '../../src/server/factories';
import { smtpPeer } from '../helpers/smtp';
import { startHarness, type Harness } from './harness';

// Issue 21, part 4 on a phone: a forgotten password reset through a real SMTP peer, a favourite, and a reorder.
let h: Harness;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
beforeAll(async () => {
  peer = await smtpPeer();
  h = await startHarness({ SMTP_URL: peer.url, MAIL_FROM: 'Print shop <shop@example.test>' });
  await h.ctx.queue.work();
});
afterAll(async () => {
  await h?.close();
  await peer?.close();
});

describe('client portal on a phone: buyer conveniences', () => {
  it('resets a forgotten password by e-mail, stars a product, and orders a past order again', async () => {
    const account = await buildAccount(h.ctx.db, {
      name: 'Lakeside University',
      addresses: [
        {
          kind: 'shipping',
          label: 'Mail room',
          line1: '1 College Rd',
          city: 'Madison',
          region: 'WI',
          postalCode: '53706',
          isDefault: true,
        },
      ],
      costCentres: [{ name: 'Admissions', code: 'ADM' }],
    });
    const portal = await buildPortal(h.ctx.db, {
      accountId: account.id,
      slug: 'lakeside',
      name: 'Lakeside print shop',
      primaryColour: '#1d4e89',
    });
    const item = await buildInventoryItem(h.ctx.db, account.id, {
      sku: 'LU-VIEW',
      name: 'Viewbook',
      onHand: 200,
    });
    const viewbook = await buildProduct(h.ctx.db, portal.id, {
      kind: 'stocked',
      inventoryItemId: item.id,
      sku: 'VIEWBOOK',
      name: 'Admissions viewbook',
      unitPriceCents: 350,
      productType: null,
    });
    const poster = await buildProduct(h.ctx.db, portal.id, {
      sku: 'POSTER',
      name: 'Open day poster',
      unitPriceCents: 200,
    });
    await buildProduct(h.ctx.db, portal.id, { sku: 'PEN', name: 'Campus pen', unitPriceCents: 90 });
    const buyer = await buildPortalUser(h.ctx.db, portal.id, {
      email: 'zoe@lakeside.example',
      name: 'Zoë Nguyễn',
    });

    const page = await (await h.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    // Forgotten password: the link comes by e-mail.
    await page.goto(`${h.base}/p/lakeside`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('E-mail').fill(buyer.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').getByText('a link to choose a new password is on its way').waitFor();
    const mail = await peer.message(buyer.email, 'Choose a new password');
    const link = /\/p\/lakeside\/reset\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')![0];
    await page.goto(`${h.base}${link}`);
    await page.getByLabel('New password', { exact: true }).fill('Øster → new pass');
    await page.getByLabel('Repeat the new password').fill('Øster → new pass');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('Your new password is set').waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('E-mail').fill(buyer.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('Øster → new pass');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Catalogue' }).waitFor();

    // A favourite: starred on its page, found under the Favourites filter.
    await page.getByRole('link', { name: 'Open day poster' }).click();
    await page.getByRole('button', { name: 'Add Open day poster to favourites' }).click();
    await page.getByRole('button', { name: 'Remove Open day poster from favourites' }).waitFor();
    await page.getByRole('link', { name: 'Catalogue' }).first().click();
    await page.getByText('★ Favourites').click();
    await page.getByRole('link', { name: 'Campus pen' }).waitFor({ state: 'detached' });
    // The filtered page replaces the list: wait for it rather than count while it loads.
    await page.getByRole('link', { name: 'Open day poster' }).waitFor();
    expect(await page.getByRole('link', { name: 'Open day poster' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Admissions viewbook' }).count()).toBe(0);

    // A past order (placed through the API as this user), then the poster is retired.
    const me = await (await page.request.get(`${h.base}/api/v1/portal/lakeside/auth/me`)).json();
    const headers = { 'x-csrf-token': me.csrfToken };
    for (const [productId, quantity] of [
      [viewbook.id, 12],
      [poster.id, 30],
    ] as const)
      await page.request.post(`${h.base}/api/v1/portal/lakeside/cart/lines`, {
        headers,
        data: { productId, quantity },
      });
    const placed = await page.request.post(`${h.base}/api/v1/portal/lakeside/checkout`, {
      headers,
      data: { costCentreId: account.costCentres[0]!.id, shipToAddressId: account.addresses[0]!.id },
    });
    expect(placed.status(), await placed.text()).toBe(201);
    const order = await placed.json();
    await h.ctx.db.execute(sql`update products set active = false where id = ${poster.id}`);

    await page.goto(`${h.base}/p/lakeside/orders/${order.id}`);
    await page.getByRole('button', { name: 'Order again' }).click();
    await page.getByRole('heading', { name: 'Cart' }).waitFor();
    await page.getByText('Open day poster is no longer offered on this portal').waitFor();
    await page.getByRole('link', { name: 'Admissions viewbook' }).waitFor();
    expect(await page.getByRole('link', { name: 'Open day poster' }).count()).toBe(0);
    // Nothing sticks out sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'docs/screenshots/portal-reorder-phone.png', fullPage: true });
  });
});
