import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildContact, buildMaterial } from '../../factories';
import { todayIn } from '../../platform/clock';
import { addDays } from '../../platform/calendar/working-days';
import { mailMessages } from '../../schema';

let t: TestApp;
let am: Session;
let prepressOp: Session;
let pressOp: Session;
const today = todayIn('UTC');
const UNICODE = 'Nguyễn → Zoë Øster';

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  am = await t.signIn('account_manager');
  prepressOp = await t.signIn('production', { department: 'prepress' });
  pressOp = await t.signIn('production', { department: 'press' });
});
afterAll(() => t.close());

const send = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, s = am) =>
  t.request({ method, url, payload, headers: s.headers });
const get = (url: string, s = am) => t.request({ method: 'GET', url, headers: s.headers });

type Job = {
  id: string;
  number: string;
  dueDate: string;
  status: string;
  productionStarted: boolean;
  items: { id: string; position: number; quantity: number; productType: string; priceCents: number | null }[];
  stages: { id: string; itemId: string; status: string; plannedStart: string; plannedEnd: string }[];
  shipTo: { addressId: string; line1: string } | null;
};

const addresses = [
  {
    kind: 'shipping',
    label: 'Dock',
    line1: '1 Harbour Rd',
    city: 'Albany',
    region: 'NY',
    postalCode: '12207',
    isDefault: true,
  },
  {
    kind: 'shipping',
    label: 'Warehouse',
    line1: '9 Mill St',
    city: 'Troy',
    region: 'NY',
    postalCode: '12180',
  },
];

/** A job of two items (a booklet at $1,200.00 and envelopes at $300.00) for a client contact with a Unicode name. */
async function setUp(over: { poRequired?: boolean; ownerId?: string | null } = {}) {
  const account = await buildAccount(t.db, {
    ownerId: over.ownerId === undefined ? am.userId : over.ownerId,
    poRequired: over.poRequired ?? false,
    addresses: addresses as never,
  });
  const contact = await buildContact(t.db, {
    accountId: account.id,
    firstName: 'Nguyễn',
    lastName: '→ Zoë Øster',
    emails: [`zoe.${account.id.slice(0, 6)}@client.example`],
  });
  const res = await send('POST', '/api/v1/jobs', {
    accountId: account.id,
    contactId: contact.id,
    title: 'Spring newsletter',
    dueDate: addDays(today, 30),
    clientPo: over.poRequired ? 'PO-1' : null,
    items: [
      { productType: 'booklet', quantity: 5000, pages: 16, priceCents: 120_000, proof: 'none' },
      {
        productType: 'envelope',
        quantity: 5000,
        priceCents: 30_000,
        proof: 'none',
        spec: { stock: { name: 'Wove' } },
      },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return { account, contact, job: res.json() as Job };
}

/** Production starts: prepress of the booklet is done, so prepress has nothing open on it. */
async function startProduction(job: Job) {
  const prepress = job.stages[0]!;
  const url = `/api/v1/jobs/${job.id}/stages/${prepress.id}`;
  expect((await send('PATCH', url, { status: 'in_progress' }, prepressOp)).statusCode).toBe(200);
  const done = await send('PATCH', url, { status: 'done' }, prepressOp);
  expect(done.statusCode, done.body).toBe(200);
  return done.json() as Job;
}

const unreadOf = async (s: Session) =>
  (await get('/api/v1/notifications', s)).json().items as { kind: string; title: string; link: string }[];

describe('editing a job before production', () => {
  it('changes the header and items without a change order, ship-to copied from the account', async () => {
    const { account, job } = await setUp();
    expect(job.shipTo?.line1).toBe('1 Harbour Rd');
    expect(job.productionStarted).toBe(false);
    const other = await t.signIn('account_manager');
    const warehouse = (await get(`/api/v1/accounts/${account.id}`)).json().addresses[1];
    const edited = await send('PATCH', `/api/v1/jobs/${job.id}`, {
      title: `${UNICODE} newsletter`,
      dueDate: addDays(today, 40),
      clientPo: 'PO-77',
      shipToAddressId: warehouse.id,
      clientNotes: 'Deliver to the side door',
      ownerId: other.userId,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      title: `${UNICODE} newsletter`,
      clientPo: 'PO-77',
      shipTo: { addressId: warehouse.id, line1: '9 Mill St' },
      owner: { id: other.userId },
    });
    const added = await send('POST', `/api/v1/jobs/${job.id}/items`, {
      productType: 'postcard',
      quantity: 2500,
      spec: { inks: { front: 4, back: 1, spots: ['PMS 186 C'] }, finishing: { score: true } },
    });
    expect(added.statusCode, added.body).toBe(201);
    const postcard = added.json().items.at(-1);
    expect(postcard).toMatchObject({ position: 3, spec: { inks: { spots: ['PMS 186 C'] } } });
    expect(
      added.json().stages.filter((s: { itemId: string }) => s.itemId === postcard.id).length,
    ).toBeGreaterThan(0);
    // A field left out stays as it was: the proof type and the spec survive a change of quantity.
    const envelope = job.items[1]!;
    const more = await send('PATCH', `/api/v1/jobs/${job.id}/items/${envelope.id}`, { quantity: 6000 });
    expect(more.statusCode, more.body).toBe(200);
    expect(more.json().items[1]).toMatchObject({
      quantity: 6000,
      proof: 'none',
      spec: { stock: { name: 'Wove' } },
    });
    const removed = await send('DELETE', `/api/v1/jobs/${job.id}/items/${job.items[1]!.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(
      removed.json().items.map((i: { position: number; productType: string }) => [i.position, i.productType]),
    ).toEqual([
      [1, 'booklet'],
      [2, 'postcard'],
    ]);
    expect((await get(`/api/v1/jobs/${job.id}/change-orders`)).json().items).toEqual([]);
    const actions = (await get(`/api/v1/jobs/${job.id}/activity`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['job.update', 'job.item.add', 'job.item.remove']));
  });

  it('refuses what a user gets wrong with a problem that says what', async () => {
    const { account, job } = await setUp();
    const past = await send('PATCH', `/api/v1/jobs/${job.id}`, { dueDate: addDays(today, -1) });
    expect(past.statusCode).toBe(400);
    expect(past.json().detail).toContain('past');
    const zero = await send('PATCH', `/api/v1/jobs/${job.id}/items/${job.items[0]!.id}`, { quantity: 0 });
    expect(zero.statusCode).toBe(400);
    const strange = await send('PATCH', `/api/v1/jobs/${job.id}`, { shipToAddressId: account.id });
    expect(strange.statusCode).toBe(400);
    expect(strange.json().detail).toContain('shipping addresses');
    await send('DELETE', `/api/v1/jobs/${job.id}/items/${job.items[1]!.id}`);
    const last = await send('DELETE', `/api/v1/jobs/${job.id}/items/${job.items[0]!.id}`);
    expect(last.statusCode).toBe(409);
    expect(last.json().detail).toContain('last item');
    const unknown = await send('PATCH', `/api/v1/jobs/${job.id}/items/${account.id}`, { quantity: 5 });
    expect(unknown.statusCode).toBe(404);
    await send('PATCH', `/api/v1/jobs/${job.id}`, { status: 'cancelled', statusReason: 'Client withdrew' });
    const cancelled = await send('PATCH', `/api/v1/jobs/${job.id}`, { title: 'Too late' });
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().detail).toContain('cancelled');
    const item = await send('POST', `/api/v1/jobs/${job.id}/items`, {
      productType: 'postcard',
      quantity: 10,
    });
    expect(item.statusCode).toBe(409);
    expect((await get(`/api/v1/jobs/${job.id}`)).json().title).toBe('Spring newsletter');
  });
});

describe('change orders once production has started', () => {
  it('needs a reason and who asked; re-plans, re-prices, tells the departments and confirms to the client', async () => {
    const { account, contact, job: created } = await setUp();
    const material = await buildMaterial(t.db, { onHand: 100_000 });
    const need = await send('POST', `/api/v1/jobs/${created.id}/materials`, {
      itemId: created.items[0]!.id,
      materialId: material.id,
      upCount: 2,
      sheetsPerItem: 8,
      spoilagePercent: 5,
    });
    expect(need.statusCode, need.body).toBe(201);
    expect(need.json().quantity).toBe(21_000);
    const job = await startProduction(created);
    expect(job.productionStarted).toBe(true);
    const booklet = job.items[0]!;
    const itemUrl = `/api/v1/jobs/${job.id}/items/${booklet.id}`;

    const bare = await send('PATCH', itemUrl, { quantity: 7500, priceCents: 165_000 });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().detail).toContain('change order');
    const nobody = await send('PATCH', itemUrl, { quantity: 7500, changeOrder: { reason: 'More copies' } });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().detail).toContain('who asked');
    const stranger = await buildContact(t.db);
    const foreign = await send('PATCH', itemUrl, {
      quantity: 7500,
      changeOrder: { reason: 'More copies', requestedByContactId: stranger.id },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().detail).toContain('not one of this account');

    const changed = await send('PATCH', itemUrl, {
      quantity: 7500,
      priceCents: 165_000,
      changeOrder: {
        reason: 'The board wants more copies',
        requestedByContactId: contact.id,
        confirmToClient: true,
      },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().items[0].quantity).toBe(7500);

    const orders = (await get(`/api/v1/jobs/${job.id}/change-orders`)).json().items;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      number: 1,
      kind: 'item_changed',
      reason: 'The board wants more copies',
      requestedBy: { kind: 'contact', id: contact.id, name: UNICODE },
      priceBeforeCents: 150_000,
      priceAfterCents: 195_000,
      priceDifferenceCents: 45_000,
      confirmationTo: contact.emails[0],
      changes: { itemId: booklet.id, before: { quantity: 5000 }, after: { quantity: 7500 } },
    });
    expect(orders[0].summary).toBe('item 1 (Booklet): quantity: 5,000 → 7,500; price: $1,200.00 → $1,650.00');

    // Material needs follow the new quantity: 7,500 × 8 ÷ 2 + 5 %.
    const needs = (await get(`/api/v1/jobs/${job.id}/materials`)).json().items;
    expect(needs[0]).toMatchObject({ quantity: 31_500, computed: true });

    // Press has open stages and hears of it; prepress finished its work on the booklet but still has the
    // envelope's prepress open, so it hears too; the AM made the change and is not told of their own change.
    const mailingOp = await t.signIn('production', { department: 'mailing' });
    const press = await unreadOf(pressOp);
    expect((await unreadOf(mailingOp)).length).toBe(0);
    expect(press.find((n) => n.kind === 'job.change_order')).toMatchObject({ link: `/jobs/${job.id}` });
    expect(press.find((n) => n.kind === 'job.change_order')!.title).toContain(`CO-1 on ${job.number}`);
    expect((await unreadOf(am)).some((n) => n.kind === 'job.change_order')).toBe(false);

    const [mail] = await t.db.select().from(mailMessages).where(eq(mailMessages.to, contact.emails[0]!));
    expect(mail!.subject).toBe(`${job.number}: change order CO-1 confirmed`);
    expect(mail!.text).toContain(`Hello ${UNICODE},`);
    expect(mail!.text).toContain('$1,500.00 → $1,950.00 (+$450.00)');

    const activity = (await get(`/api/v1/jobs/${job.id}/activity`)).json().items;
    expect(activity[0]).toMatchObject({ action: 'job.change_order' });
    const timeline = (await get(`/api/v1/accounts/${account.id}/timeline`)).json().items;
    expect(timeline.some((e: { title: string }) => e.title.includes(`CO-1 on ${job.number}`))).toBe(true);
  });

  it('re-plans open stages from a new due date and leaves done stages as they were', async () => {
    const { contact, job: created } = await setUp();
    const job = await startProduction(created);
    const staff = await t.signIn('manager');
    const later = addDays(today, 60);
    const moved = await send('PATCH', `/api/v1/jobs/${job.id}`, {
      dueDate: later,
      changeOrder: { reason: 'Event moved', requestedByUserId: staff.userId },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = moved.json() as Job;
    expect(after.stages[0]).toMatchObject({ status: 'done', plannedStart: job.stages[0]!.plannedStart });
    for (const [i, s] of after.stages.entries()) {
      if (s.status !== 'done') expect(s.plannedEnd > job.stages[i]!.plannedEnd).toBe(true);
    }
    const [order] = (await get(`/api/v1/jobs/${job.id}/change-orders`)).json().items;
    expect(order).toMatchObject({
      kind: 'job',
      requestedBy: { kind: 'staff', id: staff.userId },
      priceDifferenceCents: 0,
      changes: { before: { dueDate: job.dueDate }, after: { dueDate: later } },
    });
    // The AM's own changes that the client never sees need no change order.
    const internal = await send('PATCH', `/api/v1/jobs/${job.id}`, {
      internalNotes: 'Run on press 2',
      priority: 'high',
    });
    expect(internal.statusCode, internal.body).toBe(200);
    // Asked by staff, confirmed to the job's contact.
    const noMail = await send('PATCH', `/api/v1/jobs/${job.id}`, {
      clientPo: 'PO-9',
      changeOrder: { reason: 'New PO', requestedByUserId: staff.userId, confirmToClient: true },
    });
    expect(noMail.statusCode).toBe(200);
    expect((await get(`/api/v1/jobs/${job.id}/change-orders`)).json().items[1].confirmationTo).toBe(
      contact.emails[0],
    );
  });

  it('adds and removes items as change orders; refuses to remove an item with work started', async () => {
    const { contact, job: created } = await setUp({ ownerId: null });
    const job = await startProduction(created);
    const changeOrder = { reason: 'Client request', requestedByContactId: contact.id };
    const started = await send('DELETE', `/api/v1/jobs/${job.id}/items/${job.items[0]!.id}`, { changeOrder });
    expect(started.statusCode).toBe(409);
    expect(started.json().detail).toContain('has started');
    const bare = await send('DELETE', `/api/v1/jobs/${job.id}/items/${job.items[1]!.id}`);
    expect(bare.statusCode).toBe(400);
    const removed = await send('DELETE', `/api/v1/jobs/${job.id}/items/${job.items[1]!.id}`, { changeOrder });
    expect(removed.statusCode, removed.body).toBe(200);
    const added = await send('POST', `/api/v1/jobs/${job.id}/items`, {
      productType: 'postcard',
      quantity: 1000,
      priceCents: 9_900,
      changeOrder,
    });
    expect(added.statusCode, added.body).toBe(201);
    const orders = (await get(`/api/v1/jobs/${job.id}/change-orders`)).json().items;
    expect(
      orders.map((o: { number: number; kind: string; priceDifferenceCents: number }) => [
        o.number,
        o.kind,
        o.priceDifferenceCents,
      ]),
    ).toEqual([
      [1, 'item_removed', -30_000],
      [2, 'item_added', 9_900],
    ]);
    // An account without an owner: the departments still hear of it.
    expect(
      (await unreadOf(pressOp)).filter((n) => n.title.includes(job.number)).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("confirms to the client in the shop's own wording of the template", async () => {
    const admin = await t.signIn('admin');
    const saved = await send(
      'PUT',
      '/api/v1/mail-templates/job.change-order-confirmation',
      {
        subject: 'Your order {{job.number}} changed ({{changeOrder.number}})',
        body: 'Dear {{contact.name}}: {{changeOrder.summary}}. New total {{changeOrder.priceAfter}}.',
      },
      admin,
    );
    expect(saved.statusCode, saved.body).toBe(200);
    const { contact, job: created } = await setUp();
    const job = await startProduction(created);
    const res = await send('PATCH', `/api/v1/jobs/${job.id}/items/${job.items[1]!.id}`, {
      quantity: 8000,
      changeOrder: { reason: 'More', requestedByContactId: contact.id, confirmToClient: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [mail] = await t.db.select().from(mailMessages).where(eq(mailMessages.to, contact.emails[0]!));
    expect(mail!.subject).toBe(`Your order ${job.number} changed (CO-1)`);
    expect(mail!.text).toBe(
      `Dear ${UNICODE}: item 2 (Envelope): quantity: 5,000 → 8,000. New total $1,500.00.`,
    );
  });

  it('numbers concurrent change orders one after another under the job lock', async () => {
    const { contact, job: created } = await setUp();
    const job = await startProduction(created);
    const results = await Promise.all(
      [6000, 7000, 8000].map((quantity) =>
        send('PATCH', `/api/v1/jobs/${job.id}/items/${job.items[1]!.id}`, {
          quantity,
          changeOrder: { reason: `To ${quantity}`, requestedByContactId: contact.id },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const orders = (await get(`/api/v1/jobs/${job.id}/change-orders`)).json().items;
    expect(orders.map((o: { number: number }) => o.number)).toEqual([1, 2, 3]);
    // Each change order's "before" is the previous one's "after": no change was lost.
    for (let i = 1; i < orders.length; i++) {
      expect(orders[i].changes.before.quantity).toBe(orders[i - 1].changes.after.quantity);
    }
  });
});
