import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildContact, buildInventoryItem, buildJob } from '../../factories';
import { systemActor } from '../../platform/actor';
import { emit } from '../../platform/events';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { startReceiver } from '../../../../test/helpers/webhook-receiver';
import { findOrder } from '../portals';
import { portalRequest, portalShop, portalSignIn } from '../../../../test/helpers/portal';
import { buildPortalUser } from '../../factories';

// The new sources, driven through the real routes: each event comes from its cause and carries its resource.
let t: TestApp;
let admin: Session;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let wh: Webhook;
beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: '1', JOBJACKET_WEBHOOKS_TIMEOUT_SECONDS: '2' });
  await t.ctx.queue.work();
  admin = await t.signIn('admin');
  receiver = await startReceiver();
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/webhook-endpoints',
    headers: admin.headers,
    payload: {
      url: receiver.url,
      eventTypes: [
        'job.changed',
        'job.status_changed',
        'proof.sent',
        'order.placed',
        'order.released',
        'stock.low',
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  wh = new Webhook(res.json().secret);
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

// Test assertions read deep into the bodies.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = { type: string; version: number; data: Record<string, any> };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The verified bodies received so far that match. */
const bodies = (match: (b: Body) => boolean) =>
  receiver.received.map((m) => wh.verify(m.body, m.headers) as Body).filter(match);
async function waitFor(what: string, match: (b: Body) => boolean, count = 1) {
  const deadline = Date.now() + 20_000;
  while (bodies(match).length < count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
  await sleep(300);
  return bodies(match);
}
/** The job an approved order became (at approval, or after it from the queue). */
async function jobOfOrder(orderId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const order = await findOrder(t.db, orderId);
    if (order?.jobId) return order.jobId;
    if (Date.now() > deadline) throw new Error(`order ${orderId} was not released`);
    await sleep(100);
  }
}
const patch = (url: string, payload: Record<string, unknown>) =>
  t.request({ method: 'PATCH', url: `/api/v1${url}`, headers: admin.headers, payload });

describe('webhook sources', () => {
  it('a job edit is job.changed (kind edit, the fields, the job as GET answers it)', async () => {
    const job = await buildJob(t.db);
    const res = await patch(`/jobs/${job.id}`, { title: 'Nguyễn → Zoë Øster catalogue', priority: 'rush' });
    expect(res.statusCode, res.body).toBe(200);
    const [body, ...more] = await waitFor(
      'job.changed',
      (b) => b.type === 'job.changed' && b.data.jobId === job.id,
    );
    expect(more).toEqual([]);
    expect(body!.version).toBe(2);
    expect(body!.data).toMatchObject({
      kind: 'edit',
      number: job.number,
      title: 'Nguyễn → Zoë Øster catalogue',
    });
    expect(body!.data.fields.sort()).toEqual(['priority', 'title']);
    const fresh = (
      await t.request({ method: 'GET', url: `/api/v1/jobs/${job.id}`, headers: admin.headers })
    ).json();
    expect(body!.data.job).toMatchObject({
      id: job.id,
      title: fresh.title,
      priority: 'rush',
      items: fresh.items,
    });
  });

  it('hold, release and cancel by PATCH are job.status_changed, each once, with the reason', async () => {
    const job = await buildJob(t.db);
    const ours = (b: Body) => b.type === 'job.status_changed' && b.data.jobId === job.id;
    expect(
      (await patch(`/jobs/${job.id}`, { status: 'on_hold', statusReason: 'Files missing' })).statusCode,
    ).toBe(200);
    expect((await patch(`/jobs/${job.id}`, { status: 'in_production' })).statusCode).toBe(200);
    expect(
      (await patch(`/jobs/${job.id}`, { status: 'cancelled', statusReason: 'Client withdrew' })).statusCode,
    ).toBe(200);
    const got = await waitFor('three status changes', ours, 3);
    expect(got.map((b) => [b.data.from, b.data.to, b.data.reason])).toEqual([
      ['draft', 'on_hold', 'Files missing'],
      ['on_hold', 'in_production', null],
      ['in_production', 'cancelled', 'Client withdrew'],
    ]);
    expect(got[2]!.data.job).toMatchObject({ id: job.id, status: 'cancelled' });
    // A status move is not also told as an edit.
    expect(bodies((b) => b.type === 'job.changed' && b.data.jobId === job.id)).toEqual([]);
  });

  it('sending a proof is proof.sent with the proof as the job’s proof list shows it', async () => {
    const job = await buildJob(t.db, {
      items: [{ productType: 'postcard', quantity: 500, proof: 'pdf' }],
    } as never);
    const contact = await buildContact(t.db, { accountId: job.account.id });
    const file = await t.request({
      method: 'POST',
      url: `/api/v1/jobs/${job.id}/files`,
      headers: admin.headers,
      payload: {
        itemId: job.items[0]!.id,
        kind: 'proof',
        filename: 'proof.pdf',
        contentType: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4\n% proof\n%%EOF\n').toString('base64'),
      },
    });
    expect(file.statusCode, file.body).toBe(201);
    const sent = await t.request({
      method: 'POST',
      url: `/api/v1/jobs/${job.id}/proofs`,
      headers: admin.headers,
      payload: { itemId: job.items[0]!.id, fileId: file.json().id, contactId: contact.id },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const [body] = await waitFor('proof.sent', (b) => b.type === 'proof.sent' && b.data.jobId === job.id);
    expect(body!.data).toMatchObject({
      proofId: sent.json().id,
      sentTo: contact.emails[0],
      fileVersion: 1,
      proof: { id: sent.json().id, sentTo: contact.emails[0] },
    });
  });

  it('a portal order released to production is order.released with the order and its job', async () => {
    const shop = await portalShop(t, { stock: 50 });
    const buyer = await buildPortalUser(t.db, shop.portal.id, { name: 'Zoë Øster' });
    const p = portalRequest(t);
    const who = await portalSignIn(t, shop.portal.slug, buyer.email);
    await p('POST', `/portal/${shop.portal.slug}/cart/lines`, who, {
      productId: shop.stocked.id,
      quantity: 2,
    });
    const placed = await p('POST', `/portal/${shop.portal.slug}/checkout`, who, {
      costCentreId: shop.marketing.id,
      shipToAddressId: shop.address.id,
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const jobId = await jobOfOrder(placed.json().id);
    const [body, ...more] = await waitFor(
      'order.released',
      (b) => b.type === 'order.released' && b.data.orderId === placed.json().id,
    );
    expect(more).toEqual([]);
    // order.placed is written in the buyer's (portal role) transaction: its order is there too.
    const [placedBody] = bodies((b) => b.type === 'order.placed' && b.data.orderId === placed.json().id);
    expect(placedBody!.data.order).toMatchObject({ id: placed.json().id, status: 'approved' });
    expect(body!.data).toMatchObject({
      jobId,
      order: { id: placed.json().id, number: placed.json().number },
      job: { id: jobId, status: 'in_production' },
    });
  });

  it('stock.low carries the inventory item as GET /inventory/items/{id} answers', async () => {
    const account = await buildAccount(t.db, { name: 'Nguyễn → Zoë Øster Schools' });
    const item = await buildInventoryItem(t.db, account.id, { onHand: 40, reorderPoint: 50 });
    await t.db.transaction((tx) =>
      emit(
        tx,
        systemActor,
        'stock.low',
        { entityType: 'inventory-item', entityId: item.id, accountId: account.id },
        {
          inventoryItemId: item.id,
          sku: item.sku,
          name: item.name,
          accountId: account.id,
          available: 40,
          reorderPoint: 50,
        },
      ),
    );
    const [body] = await waitFor(
      'stock.low',
      (b) => b.type === 'stock.low' && b.data.inventoryItemId === item.id,
    );
    const api = await t.request({
      method: 'GET',
      url: `/api/v1/inventory/items/${item.id}`,
      headers: admin.headers,
    });
    expect(body!.data.inventoryItem).toEqual(api.json());
  });
});
