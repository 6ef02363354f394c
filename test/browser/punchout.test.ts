import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildPortal, buildProduct, buildUser } from '../../src/server/factories';
import { example, SECRET } from '../../src/server/modules/punchout/test-documents';
import { signIn, startHarness, type Harness } from './harness';

// Issue 21.7 in the browser: the AM sets a portal's PunchOut up on screen; a procurement system's set-up
// request opens the StartPage on a phone, the buyer fills the cart and "Return to procurement" posts the
// PunchOutOrderMessage to the procurement system's form URL (a test receiver here).
let h: Harness;
let receiver: Server;
let formPostUrl = '';
const posted: URLSearchParams[] = [];
beforeAll(async () => {
  h = await startHarness();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      // The browser also asks for /favicon.ico: only the form post counts.
      if (req.method === 'POST') posted.push(new URLSearchParams(body));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>Requisition received</h1>');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  formPostUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/punchout/return`;
});
afterAll(async () => {
  receiver?.close();
  await h?.close();
});

const password = 'correct horse battery';

describe('cXML PunchOut in the browser', () => {
  it('staff set it up on screen; the punch-out buyer on a phone returns the cart to procurement', async () => {
    await buildUser(h.ctx.db, {
      email: 'ana@shop.test',
      name: 'Ana Manager',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, {
      name: 'Texas State University',
      addresses: [
        {
          kind: 'shipping',
          label: 'Campus',
          line1: '601 University Dr',
          city: 'San Marcos',
          region: 'TX',
          postalCode: '78666',
          isDefault: true,
        },
      ],
      costCentres: [{ name: 'Marketing', code: 'MKT' }],
    });
    const portal = await buildPortal(h.ctx.db, {
      accountId: account.id,
      slug: 'txstate',
      name: 'TXST print',
    });
    await buildProduct(h.ctx.db, portal.id, {
      sku: 'CARD-1',
      name: 'Flyer',
      unitPriceCents: 12,
      priceBreaks: [{ minQuantity: 500, unitPriceCents: 9 }],
    });

    // The AM enters what the procurement system's administrator gave them.
    const staff = await signIn(h, 'ana@shop.test', password);
    await staff.goto(`${h.base}/portals/${portal.id}/punchout`);
    const field = (name: string | RegExp) => staff.getByRole('textbox', { name });
    await field(/^From identity/).fill('AN01000000001');
    await field(/^To identity/).fill('123456789');
    await field(/^Sender identity/).fill('AN01000000001');
    await staff.getByRole('combobox', { name: /Cost centre of punch-out orders/ }).click();
    await staff.getByRole('option', { name: 'Marketing (MKT)' }).click();
    await field(/^Punch-out buyer e-mail/).fill('punchout@txstate.example.edu');
    await field(/^Punch-out buyer name/).fill('TXST procurement');
    await staff.getByRole('button', { name: 'Save PunchOut set-up' }).click();
    await staff.getByText(/Not set yet/).waitFor();
    await staff.getByLabel('Secret agreed with the procurement system').fill(SECRET);
    await staff.getByRole('button', { name: 'Set this secret' }).click();
    await staff.getByText(SECRET).waitFor();
    await staff.getByText(/Only its hash is kept/).waitFor();

    // The procurement system posts its set-up request; the buyer's browser opens the StartPage on a phone.
    const setup = await fetch(`${h.base}/api/v1/punchout/cxml`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: example('setup-request').replace('https://procurement.example.edu/punchout/return', formPostUrl),
    });
    expect(setup.status).toBe(200);
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (n) => n === 'ItemIn',
    });
    const startUrl = xml.parse(await setup.text()).cXML.Response.PunchOutSetupResponse.StartPage
      .URL as string;
    const buyer = await (await h.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    // The harness listens on a random port; JOBJACKET_PUBLIC_URL (in the StartPage) does not know it.
    await buyer.goto(`${h.base}${new URL(startUrl).pathname}`);
    await buyer.getByRole('heading', { name: 'Catalogue' }).waitFor();
    await buyer.getByRole('link', { name: 'Flyer' }).click();
    await buyer.getByRole('textbox', { name: 'Quantity' }).fill('500');
    await buyer.getByText('$45.00', { exact: true }).waitFor();
    await buyer.getByRole('button', { name: 'Add to cart' }).click();
    await buyer.getByRole('heading', { name: 'Cart' }).waitFor();
    await buyer.getByText('Shopping from your procurement system').waitFor();
    expect(
      await buyer.getByRole('link', { name: 'Checkout' }).count(),
      'no checkout in a punch-out session',
    ).toBe(0);
    await buyer.screenshot({ path: 'docs/screenshots/punchout-cart.png' });
    const back = buyer.getByRole('button', { name: 'Return to procurement' });
    await back.focus();
    await buyer.keyboard.press('Enter');
    await buyer.getByRole('heading', { name: 'Requisition received' }).waitFor();

    // The receiver got the form post: one cxml-urlencoded field holding the PunchOutOrderMessage.
    expect(posted).toHaveLength(1);
    const message = xml.parse(posted[0]!.get('cxml-urlencoded')!).cXML.Message.PunchOutOrderMessage;
    expect(message.BuyerCookie).toBe('REQ-8842-Øster');
    expect(message.ItemIn).toHaveLength(1);
    expect(message.ItemIn[0]).toMatchObject({
      '@quantity': '500',
      ItemID: { SupplierPartID: 'CARD-1' },
      ItemDetail: { UnitPrice: { Money: { '@currency': 'USD', '#text': 0.09 } } },
    });
    // No order was made: the OrderRequest that follows the requisition's approval makes it.
    const orders = await staff.request.get(`${h.base}/api/v1/orders?portalId=${portal.id}`);
    expect((await orders.json()).items).toHaveLength(0);
  });
});
