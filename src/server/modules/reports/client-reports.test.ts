import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type Session, type TestApp } from '../../../../test/helpers/app';
import {
  buildAccount,
  buildInventoryItem,
  buildPortal,
  buildPortalUser,
  buildProduct,
} from '../../factories';
import { todayIn } from '../../platform/clock';
import { getAccount } from '../accounts/service';
import { budgetPeriod } from '../portals/budgets';
import type { RunResult } from '../../../shared/reports';

let t: TestApp;
let am: Session;
const today = () => todayIn('UTC');

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

type PortalHeaders = { cookie: string; 'x-csrf-token': string };
async function portalSignIn(slug: string, email: string): Promise<PortalHeaders> {
  const res = await t.request({
    method: 'POST',
    url: `/api/v1/portal/${slug}/auth/login`,
    payload: { email, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'jj_portal')!;
  return { cookie: `jj_portal=${cookie.value}`, 'x-csrf-token': res.json().csrfToken };
}
const asPortal = (method: 'GET' | 'POST', url: string, who: PortalHeaders, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who, payload });
const asStaff = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: am.headers, payload });

async function staffRun(id: string, parameters: object): Promise<RunResult> {
  const res = await asStaff('POST', `/reports/${id}/run`, { parameters });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * A client with a portal: Marketing has a $500 budget a month, Operations none. Two stocked items — annual
 * reports (100 on hand, reorder at 50) and posters (8 on hand, reorder at 5, restricted so orders wait).
 */
async function client(tag: string) {
  const account = await buildAccount(t.db, {
    name: `Report Client ${tag}`,
    addresses: [
      {
        kind: 'shipping',
        label: 'Main office',
        line1: '100 Main St',
        city: 'Austin',
        region: 'TX',
        postalCode: '78701',
        isDefault: true,
      },
    ],
    costCentres: [
      { name: 'Marketing', code: `MKT-${tag}` },
      { name: 'Operations', code: `OPS-${tag}` },
    ],
  });
  const full = await getAccount({ db: t.db, id: account.id });
  const marketing = full.costCentres.find((c) => c.name === 'Marketing')!;
  const operations = full.costCentres.find((c) => c.name === 'Operations')!;
  const portal = await buildPortal(t.db, {
    accountId: account.id,
    budgets: [{ costCentreId: marketing.id, amountCents: 50_000 }],
  });
  const reports = await buildInventoryItem(t.db, account.id, {
    onHand: 100,
    sku: `AR-${tag}`,
    name: 'Annual report',
    reorderPoint: 50,
  });
  const posters = await buildInventoryItem(t.db, account.id, {
    onHand: 8,
    sku: `POS-${tag}`,
    name: 'Poster',
    reorderPoint: 5,
    reorderQuantity: 40,
  });
  const annual = await buildProduct(t.db, portal.id, {
    kind: 'stocked',
    inventoryItemId: reports.id,
    sku: `AR-${tag}`,
    name: 'Annual report',
    unitPriceCents: 500,
    productType: null,
  });
  const poster = await buildProduct(t.db, portal.id, {
    kind: 'stocked',
    inventoryItemId: posters.id,
    sku: `POS-${tag}`,
    name: 'Poster',
    unitPriceCents: 200,
    restricted: true,
    productType: null,
  });
  const user = async (name: string, role: 'buyer' | 'approver' | 'client_admin' | 'viewer', extra = {}) => {
    const u = await buildPortalUser(t.db, portal.id, {
      name,
      role,
      email: `${name.toLowerCase().replace(/\W/g, '.')}.${tag}@client.example`,
      ...extra,
    });
    return { user: u, headers: await portalSignIn(portal.slug, u.email) };
  };
  const order = async (who: PortalHeaders, productId: string, quantity: number, costCentreId: string) => {
    await asPortal('POST', `/portal/${portal.slug}/cart/lines`, who, { productId, quantity });
    const placed = await asPortal('POST', `/portal/${portal.slug}/checkout`, who, {
      costCentreId,
      shipToAddressId: full.addresses[0]!.id,
    });
    expect(placed.statusCode, placed.body).toBe(201);
    return placed.json() as { id: string; number: string; status: string };
  };
  return { account, portal, marketing, operations, reports, posters, annual, poster, user, order };
}

/** The client of the figures below: three orders, one picked, one waiting for approval. */
async function clientWithOrders(tag: string) {
  const c = await client(tag);
  const bea = await c.user('Bea Buyer', 'buyer');
  const cal = await c.user('Cal Buyer', 'buyer');
  const first = await c.order(bea.headers, c.annual.id, 30, c.marketing.id); // $150, approved, picked below
  const second = await c.order(cal.headers, c.annual.id, 10, c.operations.id); // $50, approved, not picked
  const third = await c.order(bea.headers, c.poster.id, 5, c.marketing.id); // $10, restricted: waits
  expect([first.status, second.status, third.status]).toEqual(['approved', 'approved', 'pending_approval']);
  const picked = await asStaff('POST', `/orders/${first.id}/pick`);
  expect(picked.statusCode, picked.body).toBe(200);
  return { ...c, first, second, third };
}

describe('client reports over the portal', () => {
  it('sums portal orders by cost centre, buyer and product, and spend against the budget', async () => {
    const c = await clientWithOrders('A1');
    const orders = await staffRun('client-orders', { accountId: c.account.id, period: 'this_month' });
    expect(
      orders.rows.map((r) => [
        r.cost_centre,
        r.buyer,
        r.sku,
        r.orders,
        r.quantity,
        r.value_cents,
        r.pending_cents,
      ]),
    ).toEqual([
      ['Marketing', 'Bea Buyer', 'AR-A1', 1, 30, 15_000, 0],
      ['Marketing', 'Bea Buyer', 'POS-A1', 1, 5, 1_000, 1_000],
      ['Operations', 'Cal Buyer', 'AR-A1', 1, 10, 5_000, 0],
    ]);
    expect(orders.rows[0]).toMatchObject({
      last_order: c.first.number,
      last_order_path: `/orders/${c.first.id}`,
    });
    expect(orders.totals).toMatchObject({
      lines: 3,
      quantity: 45,
      value_cents: 21_000,
      pending_cents: 1_000,
    });
    expect(orders.chart!.points.map((p) => p.x)).toEqual(['Marketing', 'Operations']);

    const budget = await staffRun('client-budget-spend', { accountId: c.account.id });
    const period = budgetPeriod({ budgetPeriod: 'month', fiscalYearStartMonth: 1 }, today());
    expect(budget.rows).toEqual([
      expect.objectContaining({
        cost_centre: 'Marketing',
        period_from: period.from,
        period_to: period.to,
        budget_cents: 50_000,
        spent_cents: 15_000,
        pending_cents: 1_000,
        remaining_cents: 34_000,
        used: 0.32,
        orders: 2,
      }),
      expect.objectContaining({
        cost_centre: 'Operations',
        budget_cents: null,
        spent_cents: 5_000,
        remaining_cents: null,
        used: null,
        orders: 1,
      }),
    ]);
    expect(budget.totals).toMatchObject({ budget_cents: 50_000, spent_cents: 20_000, pending_cents: 1_000 });
    expect(budget.totals!.used).toBeCloseTo(0.32);

    // The report agrees with what the portal's budgets page shows the client.
    const admin = await c.user('Ada Admin', 'client_admin');
    const page = (await asPortal('GET', `/portal/${c.portal.slug}/budgets`, admin.headers)).json().items;
    expect(
      page.find((b: { costCentre: { id: string } }) => b.costCentre.id === c.marketing.id),
    ).toMatchObject({
      spentCents: 15_000,
      pendingCents: 1_000,
    });
  });

  it('works out quarter and fiscal-year budget periods as the checkout does', async () => {
    const account = await buildAccount(t.db, { costCentres: [{ name: 'Finance', code: 'FIN-Q' }] });
    const finance = (await getAccount({ db: t.db, id: account.id })).costCentres[0]!;
    await buildPortal(t.db, {
      accountId: account.id,
      budgetPeriod: 'fiscal_year',
      fiscalYearStartMonth: 7,
      budgets: [{ costCentreId: finance.id, amountCents: 100_000 }],
    });
    for (const asOf of ['2026-03-15', '2026-07-01', '2026-06-30']) {
      const r = await staffRun('client-budget-spend', { accountId: account.id, asOf });
      const expected = budgetPeriod({ budgetPeriod: 'fiscal_year', fiscalYearStartMonth: 7 }, asOf);
      expect([r.rows[0]!.period_from, r.rows[0]!.period_to]).toEqual([expected.from, expected.to]);
    }
    expect(budgetPeriod({ budgetPeriod: 'fiscal_year', fiscalYearStartMonth: 7 }, '2026-03-15')).toEqual({
      from: '2025-07-01',
      to: '2026-06-30',
    });
  });

  it('shows stock on hand with 12 months of use and months remaining, and the items that are low', async () => {
    const c = await clientWithOrders('A2');
    const stock = await staffRun('client-inventory', { accountId: c.account.id });
    expect(stock.rows).toEqual([
      expect.objectContaining({
        sku: 'AR-A2',
        item_path: `/inventory/${c.reports.id}`,
        on_hand: 70,
        reserved: 10,
        available: 60,
        usage_12m: 30,
        // Picked this month, its only month in use: 30 a month, not 30 spread over a year.
        avg_monthly: 30,
        months_left: 2,
        low_stock: 'No',
      }),
      expect.objectContaining({
        sku: 'POS-A2',
        on_hand: 8,
        reserved: 5,
        available: 3,
        usage_12m: 0,
        months_left: null,
        low_stock: 'Yes',
      }),
    ]);
    expect(stock.totals).toMatchObject({ on_hand: 78, reserved: 15, available: 63, usage_12m: 30 });

    // The same figures as the client's own inventory page.
    const admin = await c.user('Ada Admin', 'client_admin');
    const page = (await asPortal('GET', `/portal/${c.portal.slug}/inventory`, admin.headers)).json().items;
    expect(page.find((i: { sku: string }) => i.sku === 'AR-A2')).toMatchObject({
      available: 60,
      monthsLeft: 2,
    });

    const low = await staffRun('client-low-stock', { accountId: c.account.id });
    expect(low.rows).toEqual([
      expect.objectContaining({
        sku: 'POS-A2',
        available: 3,
        reorder_point: 5,
        below_by: 2,
        reorder_quantity: 40,
      }),
    ]);
  });
});

describe('client reports in the portal', () => {
  it('lists and runs the client reports for client admins and viewers, never for buyers or approvers', async () => {
    const c = await clientWithOrders('P1');
    const admin = await c.user('Ada Admin', 'client_admin');
    const viewer = await c.user('Vic Viewer', 'viewer');
    const list = await asPortal('GET', `/portal/${c.portal.slug}/reports`, admin.headers);
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json().items.map((r: { id: string }) => r.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'client-orders',
        'client-budget-spend',
        'client-inventory',
        'client-low-stock',
        'client-jobs-completed',
        'client-shipments',
      ]),
    );
    expect(ids).not.toContain('book-of-business');
    const orders = list.json().items.find((r: { id: string }) => r.id === 'client-orders');
    expect(Object.keys(orders.parameters.properties)).not.toContain('accountId');
    expect(orders.columns.find((x: { key: string }) => x.key === 'last_order').link).toBeUndefined();

    const run = await asPortal('POST', `/portal/${c.portal.slug}/reports/client-orders/run`, viewer.headers, {
      parameters: { period: 'this_month' },
    });
    expect(run.statusCode, run.body).toBe(200);
    const result: RunResult = run.json();
    expect(result.totals).toMatchObject({ quantity: 45, value_cents: 21_000 });
    expect(result.rows[0]).not.toHaveProperty('last_order_path');
    expect(result.parameters).not.toHaveProperty('accountId');
    const staff = await staffRun('client-orders', { accountId: c.account.id, period: 'this_month' });
    expect(result.rows.map((r) => r.value_cents)).toEqual(staff.rows.map((r) => r.value_cents));

    for (const role of ['buyer', 'approver'] as const) {
      const u = await c.user(`Other ${role}`, role);
      const listed = await asPortal('GET', `/portal/${c.portal.slug}/reports`, u.headers);
      expect(listed.statusCode).toBe(403);
      expect(listed.headers['content-type']).toContain('problem+json');
      const refused = await asPortal(
        'POST',
        `/portal/${c.portal.slug}/reports/client-orders/run`,
        u.headers,
        {
          parameters: {},
        },
      );
      expect(refused.statusCode).toBe(403);
    }
    const staffOnly = await asPortal(
      'POST',
      `/portal/${c.portal.slug}/reports/book-of-business/run`,
      admin.headers,
      {
        parameters: {},
      },
    );
    expect(staffOnly.statusCode).toBe(404);
  });

  it("gives a portal user of account A account A's figures whatever account they ask for", async () => {
    const a = await clientWithOrders('X1');
    const b = await client('X2');
    const bBuyer = await b.user('Bob Buyer', 'buyer');
    await b.order(bBuyer.headers, b.annual.id, 4, b.marketing.id); // B: 4 units, $20
    const admin = await a.user('Ada Admin', 'client_admin');
    for (const id of ['client-orders', 'client-budget-spend', 'client-inventory']) {
      const res = await asPortal('POST', `/portal/${a.portal.slug}/reports/${id}/run`, admin.headers, {
        parameters: { accountId: b.account.id, ...(id === 'client-orders' ? { period: 'this_month' } : {}) },
      });
      expect(res.statusCode, res.body).toBe(200);
      const text = JSON.stringify(res.json().rows);
      expect(text).not.toContain('X2');
      expect(text).toContain('X1');
    }
    const orders: RunResult = (
      await asPortal('POST', `/portal/${a.portal.slug}/reports/client-orders/run`, admin.headers, {
        parameters: { accountId: b.account.id, period: 'this_month' },
      })
    ).json();
    expect(orders.totals).toMatchObject({ quantity: 45, value_cents: 21_000 });
    // B's own figures, for contrast, through staff.
    const bStaff = await staffRun('client-orders', { accountId: b.account.id, period: 'this_month' });
    expect(bStaff.totals).toMatchObject({ quantity: 4, value_cents: 2_000 });
  });

  it('limits a viewer of one cost centre to that cost centre in the budget report', async () => {
    const c = await clientWithOrders('V1');
    const viewer = await c.user('Val Viewer', 'viewer', { costCentreIds: [c.operations.id] });
    const res = await asPortal(
      'POST',
      `/portal/${c.portal.slug}/reports/client-budget-spend/run`,
      viewer.headers,
      {
        parameters: {},
      },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows.map((r: { cost_centre: string }) => r.cost_centre)).toEqual(['Operations']);
  });
});
