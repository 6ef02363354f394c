import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { portalRequest, portalShop } from '../../../../test/helpers/portal';
import { buildProduct } from '../../factories';
import { example, SECRET } from './test-documents';

// A test acting as the procurement system: set-up request → punch-out session → the cart back as a
// PunchOutOrderMessage → OrderRequest → the order and its job; notices posted to a real HTTP receiver.
let t: TestApp;
let am: Session;
let receiver: Server;
const received: string[] = [];
let receiverUrl = '';
let shop: Awaited<ReturnType<typeof portalShop>>;
const p = () => portalRequest(t);
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (n) => n === 'ItemIn',
});

beforeAll(async () => {
  // The notice receiver is on this machine: private addresses allowed, as for webhooks in tests.
  t = await createTestApp({ JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: '1' });
  await t.ctx.queue.work();
  am = await t.signIn('account_manager');
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(body);
      res
        .writeHead(200, { 'content-type': 'text/xml' })
        .end('<cXML><Response><Status code="200"/></Response></cXML>');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cxml`;
  shop = await portalShop(t, { stock: 50 });
  await buildProduct(t.db, shop.portal.id, {
    sku: 'CARD-1',
    name: 'Flyer',
    unitPriceCents: 12,
    priceBreaks: [{ minQuantity: 500, unitPriceCents: 9 }],
  });
  const saved = await t.request({
    method: 'PUT',
    url: `/api/v1/portals/${shop.portal.id}/punchout`,
    headers: am.headers,
    payload: {
      fromDomain: 'NetworkID',
      fromIdentity: 'AN01000000001',
      toDomain: 'DUNS',
      toIdentity: '123456789',
      senderDomain: 'NetworkID',
      senderIdentity: 'AN01000000001',
      costCentreId: shop.marketing.id,
      buyerEmail: 'punchout@txstate.example.edu',
      buyerName: 'Procurement buyer',
      noticeUrl: receiverUrl,
    },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  const secret = await t.request({
    method: 'POST',
    url: `/api/v1/portals/${shop.portal.id}/punchout/secret`,
    headers: am.headers,
    payload: { secret: SECRET },
  });
  expect(secret.statusCode, secret.body).toBe(200);
});
afterAll(async () => {
  receiver?.close();
  await t.close();
});

const post = (body: string) =>
  t.request({
    method: 'POST',
    url: '/api/v1/punchout/cxml',
    headers: { 'content-type': 'text/xml' },
    payload: body,
  });
const statusOf = (body: string) =>
  xml.parse(body).cXML.Response.Status as { '@code': string; '#text'?: string };
const orders = async () =>
  (
    await t.request({
      method: 'GET',
      url: `/api/v1/orders?portalId=${shop.portal.id}&limit=100`,
      headers: am.headers,
    })
  ).json().items as {
    id: string;
    number: string;
    status: string;
    clientPo: string;
    job: { id: string } | null;
  }[];

/** Set-up request → StartPage → a portal session in punch-out mode (cookie and CSRF token). */
async function punchIn(setup = example('setup-request')) {
  const res = await post(setup);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/text\/xml/);
  const doc = xml.parse(res.body).cXML.Response;
  expect(doc.Status['@code']).toBe('200');
  const start = new URL(doc.PunchOutSetupResponse.StartPage.URL as string);
  // Opened twice at once (a double click): one session.
  const both = await Promise.all([0, 1].map(() => t.request({ method: 'GET', url: start.pathname })));
  expect(both.map((r) => r.statusCode).sort(), 'the StartPage works once').toEqual([303, 404]);
  const opened = both.find((r) => r.statusCode === 303)!;
  expect(opened.headers.location).toBe(`/p/${shop.portal.slug}`);
  const again = await t.request({ method: 'GET', url: start.pathname });
  expect(again.statusCode).toBe(404);
  const cookie = `jj_portal=${opened.cookies.find((c) => c.name === 'jj_portal')!.value}`;
  const me = await t.request({
    method: 'GET',
    url: `/api/v1/portal/${shop.portal.slug}/auth/me`,
    headers: { cookie },
  });
  return { cookie, 'x-csrf-token': me.json().csrfToken as string, user: me.json().user };
}

describe('cXML PunchOut', () => {
  it('refuses a wrong shared secret, unknown credentials and a malformed document, in cXML', async () => {
    const wrong = await post(example('setup-request').replace(SECRET, 'not-the-secret-at-all'));
    expect(wrong.statusCode).toBe(401);
    expect(statusOf(wrong.body)['@code']).toBe('401');
    const stranger = await post(example('setup-request').replaceAll('AN01000000001', 'AN09999999999'));
    expect(statusOf(stranger.body)['@code']).toBe('401');
    const broken = await post('<cXML><Header></cXML>');
    expect(broken.statusCode).toBe(400);
    expect(statusOf(broken.body)['#text']).toMatch(/well-formed/);
    const entity = await post(
      '<?xml version="1.0"?><!DOCTYPE cXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><cXML payloadID="1"><Header/></cXML>',
    );
    expect(entity.statusCode).toBe(400);
    expect(statusOf(entity.body)['#text']).toMatch(/Entity/);
  });

  it('round trip: set-up → session → cart as PunchOutOrderMessage → OrderRequest → one approved order and its job', async () => {
    const who = await punchIn();
    expect(who.user).toMatchObject({ email: 'nguyen.an@txstate.example.edu', name: 'Nguyễn Văn An' });
    const slug = shop.portal.slug;
    expect((await p()('GET', `/portal/${slug}/punchout`, who)).json()).toMatchObject({ active: true });
    const card = (await p()('GET', `/portal/${slug}/catalog?q=CARD`, who)).json().items[0];
    expect(
      (await p()('POST', `/portal/${slug}/cart/lines`, who, { productId: shop.stocked.id, quantity: 4 }))
        .statusCode,
    ).toBe(200);
    expect(
      (await p()('POST', `/portal/${slug}/cart/lines`, who, { productId: card.id, quantity: 500 }))
        .statusCode,
    ).toBe(200);
    const before = (await orders()).length;
    // The portal's own checkout is closed to a punch-out session: only the procurement system places the order.
    const direct = await p()('POST', `/portal/${slug}/checkout`, who, {
      costCentreId: shop.marketing.id,
      shipTo: { line1: '1 Main St', city: 'Austin', region: 'TX', postalCode: '78701' },
    });
    expect(direct.statusCode, direct.body).toBe(409);
    expect(direct.json().detail).toMatch(/punch-out session/);

    const back = await p()('POST', `/portal/${slug}/punchout/return`, who);
    expect(back.statusCode, back.body).toBe(200);
    const { url, field, cxml } = back.json();
    expect(url).toBe('https://procurement.example.edu/punchout/return');
    expect(field).toBe('cxml-urlencoded');
    const message = xml.parse(cxml).cXML.Message.PunchOutOrderMessage;
    expect(message.BuyerCookie).toBe('REQ-8842-Øster');
    expect(message.PunchOutOrderMessageHeader.Total.Money).toMatchObject({ '@currency': 'USD', '#text': 65 });
    const items = message.ItemIn as {
      '@quantity': string;
      ItemID: { SupplierPartID: string; SupplierPartAuxiliaryID: string };
      ItemDetail: {
        UnitPrice: { Money: { '@currency': string; '#text': number } };
        Description: { '#text': string };
        UnitOfMeasure: string;
        Classification: { '@domain': string };
      };
    }[];
    expect(
      items.map((i) => [
        i['@quantity'],
        i.ItemID.SupplierPartID,
        i.ItemDetail.UnitPrice.Money['#text'],
        i.ItemDetail.Description['#text'],
      ]),
    ).toEqual([
      ['4', 'AR-2027', 5, 'Annual report'],
      ['500', 'CARD-1', 0.09, 'Flyer'],
    ]);
    expect(
      items.every(
        (i) => i.ItemDetail.UnitPrice.Money['@currency'] === 'USD' && i.ItemDetail.UnitOfMeasure === 'EA',
      ),
    ).toBe(true);
    expect(items[0]!.ItemDetail.Classification['@domain']).toBe('UNSPSC');
    expect((await orders()).length, 'returning the cart makes no order').toBe(before);
    expect((await p()('GET', `/portal/${slug}/punchout`, who)).statusCode, 'the session ended').toBe(401);

    const request = example('order-request')
      .replace('{{line1}}', items[0]!.ItemID.SupplierPartAuxiliaryID)
      .replace('{{line2}}', items[1]!.ItemID.SupplierPartAuxiliaryID);
    // The procurement system retries (or double-posts) the same OrderRequest: one order.
    const answers = await Promise.all([post(request), post(request), post(request)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    const texts = answers.map((a) => statusOf(a.body)['#text']!);
    expect(texts.filter((x) => x.startsWith('Accepted as'))).toHaveLength(1);
    const placed = (await orders()).filter((o) => o.clientPo === 'PO-2026-00417');
    expect(placed).toHaveLength(1);
    const order = placed[0]!;
    expect(texts.every((x) => x.endsWith(order.number))).toBe(true);
    expect(order.status).toBe('approved');
    const full = (
      await t.request({ method: 'GET', url: `/api/v1/orders/${order.id}`, headers: am.headers })
    ).json();
    expect(full).toMatchObject({
      totalCents: 6500,
      shipTo: { line1: '601 University Dr', city: 'San Marcos', attention: 'Zoë Øster' },
    });
    // The job is made by the queue after the order's commit.
    let jobId: string | undefined;
    await expect
      .poll(async () => (jobId = (await orders()).find((o) => o.id === order.id)?.job?.id), {
        timeout: 15_000,
      })
      .toBeTruthy();
    const job = (
      await t.request({ method: 'GET', url: `/api/v1/jobs/${jobId}`, headers: am.headers })
    ).json();
    expect(job).toMatchObject({
      clientPo: 'PO-2026-00417',
      status: 'in_production',
      costCentreId: shop.marketing.id,
    });
    const item = (
      await t.request({ method: 'GET', url: `/api/v1/inventory/items/${shop.item.id}`, headers: am.headers })
    ).json();
    expect(item.reserved).toBe(4);

    // The order confirmation reaches the procurement system's receiver (queued after commit).
    await expect
      .poll(() => received.find((r) => r.includes('ConfirmationRequest')), { timeout: 15_000 })
      .toBeTruthy();
    const confirmation = xml.parse(received.find((r) => r.includes('ConfirmationRequest'))!).cXML.Request
      .ConfirmationRequest;
    expect(confirmation.ConfirmationHeader).toMatchObject({ '@type': 'accept', '@confirmID': order.number });
    expect(confirmation.OrderReference['@orderID']).toBe('PO-2026-00417');
  });

  it('returns the cart by a form post: the posting page may post only to the procurement system', async () => {
    const who = await punchIn();
    const slug = shop.portal.slug;
    await p()('POST', `/portal/${slug}/cart/lines`, who, { productId: shop.stocked.id, quantity: 2 });
    const form = (csrf: string) =>
      t.request({
        method: 'POST',
        url: '/api/v1/punchout/return',
        headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ slug, csrf }).toString(),
      });
    const forged = await form('not-the-token');
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Back to the cart');
    const page = await form(who['x-csrf-token']);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(
      /form-action https:\/\/procurement\.example\.edu;/,
    );
    expect(page.headers['content-security-policy']).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(page.body).toContain('action="https://procurement.example.edu/punchout/return"');
    const value = /name="cxml-urlencoded" value="([^"]*)"/.exec(page.body)![1]!;
    const cxml = value
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const items = xml.parse(cxml).cXML.Message.PunchOutOrderMessage.ItemIn;
    expect(items.map((i: { ItemID: { SupplierPartID: string } }) => i.ItemID.SupplierPartID)).toEqual([
      'AR-2027',
    ]);
    expect((await form(who['x-csrf-token'])).statusCode, 'the session ended with the return').toBe(401);
  });

  it('refuses an unknown SupplierPartID or a wrong price with a cXML error and writes nothing', async () => {
    const fresh = (id: string) =>
      example('order-request')
        .replace('PO-2026-00417', id)
        .replace('1767312000000.9001@procurement.example.edu', `${id}@procurement.example.edu`)
        .replaceAll(/<SupplierPartAuxiliaryID>\{\{line\d\}\}<\/SupplierPartAuxiliaryID>/g, '');
    const before = (await orders()).length;
    const reserved = async () =>
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/inventory/items/${shop.item.id}`,
          headers: am.headers,
        })
      ).json().reserved;
    const held = await reserved();
    const unknown = await post(fresh('PO-X1').replace('<SupplierPartID>CARD-1', '<SupplierPartID>NOPE-9'));
    expect(unknown.statusCode).toBe(400);
    expect(statusOf(unknown.body)['#text']).toMatch(/unknown SupplierPartID NOPE-9/);
    const cheap = await post(
      fresh('PO-X2').replace('<Money currency="USD">0.09</Money>', '<Money currency="USD">0.08</Money>'),
    );
    expect(cheap.statusCode).toBe(400);
    expect(statusOf(cheap.body)['#text']).toMatch(/CARD-1 costs \$45\.00 for 500, not \$40\.00/);
    const short = await post(fresh('PO-X3').replace('<ItemOut quantity="4"', '<ItemOut quantity="400"'));
    expect(short.statusCode).toBe(409);
    expect((await orders()).length).toBe(before);
    expect(await reserved()).toBe(held);
    // Refused documents claimed nothing: the same orderID, corrected, is accepted.
    const ok = await post(fresh('PO-X2'));
    expect(statusOf(ok.body)).toMatchObject({ '@code': '200' });
  });

  it('posts a ShipNoticeRequest when the order’s shipment ships', async () => {
    const order = (await orders()).find((o) => o.clientPo === 'PO-2026-00417')!;
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: am.headers,
      payload: {
        jobId: order.job!.id,
        carrier: 'local',
        address: {
          name: 'Texas State University',
          line1: '601 University Dr',
          city: 'San Marcos',
          region: 'TX',
          postalCode: '78666',
        },
        packages: [{ weightLb: 4, lengthIn: 12, widthIn: 9, heightIn: 6, contents: 'Annual reports' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const shipment = created.json();
    for (const status of ['packed', 'shipped']) {
      const moved = await t.request({
        method: 'PATCH',
        url: `/api/v1/shipments/${shipment.id}`,
        headers: am.headers,
        payload: { status },
      });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    await expect
      .poll(() => received.find((r) => r.includes('ShipNoticeRequest')), { timeout: 15_000 })
      .toBeTruthy();
    const notice = xml.parse(received.find((r) => r.includes('ShipNoticeRequest'))!).cXML.Request
      .ShipNoticeRequest;
    expect(notice.ShipNoticeHeader['@shipmentID']).toBe(shipment.number);
    expect(notice.ShipNoticePortion.OrderReference['@orderID']).toBe('PO-2026-00417');
  });

  it('lets staff read the set-up without the secret, and audits the rotation', async () => {
    const got = await t.request({
      method: 'GET',
      url: `/api/v1/portals/${shop.portal.id}/punchout`,
      headers: am.headers,
    });
    expect(got.json()).toMatchObject({
      fromIdentity: 'AN01000000001',
      endpointUrl: expect.stringMatching(/\/api\/v1\/punchout\/cxml$/),
    });
    expect(got.body).not.toContain(SECRET);
    const rotated = await t.request({
      method: 'POST',
      url: `/api/v1/portals/${shop.portal.id}/punchout/secret`,
      headers: am.headers,
      payload: {},
    });
    expect(rotated.json().secret.length).toBeGreaterThan(30);
    expect((await post(example('setup-request'))).statusCode, 'the old secret no longer works').toBe(401);
    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit-events?entityType=portal&entityId=${shop.portal.id}`,
      headers: (await t.signIn('admin')).headers,
    });
    expect(audit.body).toContain('punchout.secret.rotated');
  });

  // Last: it uses up this address's allowance of refused documents.
  it('stops an address that keeps sending wrong secrets with 429', async () => {
    const wrong = example('setup-request').replace(SECRET, 'guessing-the-secret-again');
    let res = await post(wrong);
    for (let i = 0; i < 25 && res.statusCode === 401; i++) res = await post(wrong);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeTruthy();
    expect(statusOf(res.body)).toMatchObject({ '@code': '429' });
  });
});
