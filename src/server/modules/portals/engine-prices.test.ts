import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { exampleBrochure, setUpExampleCostModel } from '../../../../test/helpers/estimating';
import { releasedJobId } from '../../../../test/helpers/portal';
import { buildPortal, buildPortalUser } from '../../factories';

// A print-on-demand product priced by the estimating engine: the buyer pays the engine's price for the quantity
// ordered, at the account's markup, from the product page to the order and its job.
let t: TestApp;
let admin: Session;
let am: Session;
let foldId: string;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  await t.ctx.queue.work();
  admin = await t.signIn('admin');
  am = await t.signIn('account_manager');
  ({ foldId } = await setUpExampleCostModel((method, url, payload) =>
    t.request({ method, url, headers: admin.headers, payload: payload as never }),
  ));
});
afterAll(() => t.close());

type Headers = Record<string, string>;
const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
  t.request({ method, url: `/api/v1${url}`, headers, payload: payload as never });

async function portalSignIn(slug: string, email: string): Promise<Headers> {
  const res = await call('POST', `/portal/${slug}/auth/login`, {}, { email, password: PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'jj_portal')!;
  return { cookie: `jj_portal=${cookie.value}`, 'x-csrf-token': res.json().csrfToken };
}

const { description: _d, quantities: _q, ...brochureSpec } = exampleBrochure('');
const engineSpec = () => ({ ...brochureSpec, operationIds: [foldId] });
const product = (over: object = {}) => ({
  sku: `BRO-${Math.random().toString(36).slice(2, 8)}`,
  name: 'Tri-fold brochure — Nguyễn → Zoë Øster',
  kind: 'print_on_demand',
  productType: 'folded_brochure',
  minQuantity: 250,
  multipleOf: 250,
  engineSpec: engineSpec(),
  ...over,
});

/** What the engine asks for `quantity` of the brochure for the account, before tax. */
async function enginePrice(accountId: string, quantity: number) {
  const res = await call('POST', '/estimates', am.headers, {
    accountId,
    items: [{ ...engineSpec(), quantities: [quantity] }],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].quantities[0].priceCents as number;
}

describe('portal prices from the estimating engine', () => {
  it('prices the ordered quantity at the account’s markup, in the cart, the order and its job', async () => {
    const portal = await buildPortal(t.db);
    const accountId = portal.account.id;
    expect(
      (await call('PUT', `/accounts/${accountId}/markup`, admin.headers, { markupPercent: 25 })).statusCode,
    ).toBe(200);
    const created = await call('POST', `/portals/${portal.id}/products`, admin.headers, product());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ pricedByEngine: true, engineSpec: { operationIds: [foldId] } });
    const expected = await enginePrice(accountId, 5000);
    expect(expected).toBeGreaterThan(0);
    expect(expected).not.toBe(78_142); // the shop's 40 % would give the worked example's price; this account has 25 %

    const user = await buildPortalUser(t.db, portal.id, { role: 'buyer', password: PASSWORD });
    const who = await portalSignIn(portal.slug, user.email);
    const id = created.json().id;
    const shown = (await call('GET', `/portal/${portal.slug}/catalog/${id}`, who)).json();
    expect(shown).toMatchObject({ pricedByEngine: true, engineSpec: null });
    const price = await call('GET', `/portal/${portal.slug}/catalog/${id}/price?quantity=5000`, who);
    expect(price.statusCode, price.body).toBe(200);
    expect(price.json()).toMatchObject({ quantity: 5000, amountCents: expected });
    const odd = await call('GET', `/portal/${portal.slug}/catalog/${id}/price?quantity=260`, who);
    expect(odd.statusCode).toBe(400);
    expect(odd.json().detail).toContain('multiples of 250');

    const added = await call('POST', `/portal/${portal.slug}/cart/lines`, who, {
      productId: id,
      quantity: 5000,
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ totalCents: expected, lines: [{ amountCents: expected }] });

    const account = (await call('GET', `/accounts/${accountId}`, am.headers)).json();
    const centre = account.costCentres[0];
    const address = account.addresses.find((a: { kind: string }) => a.kind === 'shipping');
    const order = await call(
      'POST',
      `/portal/${portal.slug}/checkout`,
      { ...who, 'idempotency-key': `engine-${id}` },
      { costCentreId: centre.id, shipToAddressId: address.id },
    );
    expect(order.statusCode, order.body).toBe(201);
    expect(order.json()).toMatchObject({
      totalCents: expected,
      lines: [{ quantity: 5000, amountCents: expected }],
    });
    // The job is made after the checkout commits, by the queued release.
    const jobId = await releasedJobId(t, order.json().id);
    const { rows } = await t.ctx.database.raw.query<{ price_cents: number }>(
      `select price_cents from job_items where job_id = $1`,
      [jobId],
    );
    expect(rows.map((r) => r.price_cents)).toEqual([expected]);
  });

  it('refuses specs the engine cannot price, and engine prices on anything but print on demand', async () => {
    const portal = await buildPortal(t.db);
    const unknownOp = await call(
      'POST',
      `/portals/${portal.id}/products`,
      admin.headers,
      product({ engineSpec: { ...engineSpec(), operationIds: ['00000000-0000-4000-8000-000000000000'] } }),
    );
    expect(unknownOp.statusCode).toBe(400);
    expect(unknownOp.json().detail).toMatch(/Unknown or inactive operation/);
    const tooBig = await call(
      'POST',
      `/portals/${portal.id}/products`,
      admin.headers,
      product({ engineSpec: { ...engineSpec(), flatSize: { width: 40, height: 30, unit: 'in' } } }),
    );
    expect(tooBig.statusCode).toBe(400);
    const stocked = await call(
      'POST',
      `/portals/${portal.id}/products`,
      admin.headers,
      product({ kind: 'kit', components: [] }),
    );
    expect(stocked.statusCode).toBe(400);
    expect(stocked.json().errors).toEqual([expect.objectContaining({ path: 'body.engineSpec' })]);
  });
});
