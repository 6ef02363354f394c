import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildJob, buildMaterial, buildUser, buildVendor } from '../../factories';
import { todayIn } from '../../platform/clock';
import { addDays } from '../../platform/calendar/working-days';
import type { RunResult } from '../../../shared/reports';

let t: TestApp;
let manager: Session;
let production: Session;
let buyer: Session;
const today = () => todayIn('UTC');

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  manager = await t.signIn('manager');
  production = await t.signIn('production');
  buyer = await t.signIn('purchasing');
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

async function run(id: string, parameters: object, who = manager): Promise<RunResult> {
  const res = await api('POST', `/reports/${id}/run`, who, { parameters });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** An account manager with an account of their own. */
async function amWithAccount(name?: string) {
  const am = await buildUser(t.db, { role: 'account_manager' });
  const account = await buildAccount(t.db, { ownerId: am.id, ...(name ? { name } : {}) });
  return { am, account };
}

/** Completes a job the way the plant does: the proofs approved, every stage started, then finished. */
async function finishStages(jobId: string) {
  const job = (await api('GET', `/jobs/${jobId}`, manager)).json();
  for (const item of job.items.filter((i: { proof: string }) => i.proof !== 'none')) {
    const res = await api('PATCH', `/jobs/${jobId}/items/${item.id}/proof`, manager, {
      status: 'approved',
      decidedBy: 'The client',
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  for (const stage of job.stages) {
    for (const status of ['in_progress', 'done']) {
      const res = await api('PATCH', `/jobs/${jobId}/stages/${stage.id}`, manager, { status });
      expect(res.statusCode, res.body).toBe(200);
    }
  }
  return (await api('GET', `/jobs/${jobId}`, manager)).json();
}

async function complete(jobId: string) {
  for (const status of ['in_production', 'completed']) {
    const res = await api('PATCH', `/jobs/${jobId}`, manager, { status });
    expect(res.statusCode, res.body).toBe(200);
  }
}

describe('the catalogue', () => {
  it('lists the reports a role may run, each with its parameters as JSON Schema and typed columns', async () => {
    const all = (await api('GET', '/reports', manager)).json().items;
    expect(all.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining([
        'wip-by-department',
        'late-and-at-risk',
        'on-time-delivery',
        'throughput-by-department',
        'cycle-time-by-product',
        'stage-time-vs-standard',
        'material-shortages',
        'open-purchase-orders',
        'shipments-by-carrier',
        'book-of-business',
        'client-jobs-completed',
        'client-shipments',
      ]),
    );
    const onTime = all.find((r: { id: string }) => r.id === 'on-time-delivery');
    expect(onTime.parameters.properties.period.enum).toContain('last_full_month');
    expect(onTime.parameters.properties.ownerId['x-lookup']).toBe('user');
    expect(onTime.columns.find((c: { key: string }) => c.key === 'rate')).toMatchObject({ type: 'percent' });
    const client = all.find((r: { id: string }) => r.id === 'client-shipments');
    expect(client.parameters.required).toEqual(['accountId']);

    const forProduction = (await api('GET', '/reports', production))
      .json()
      .items.map((r: { id: string }) => r.id);
    expect(forProduction).toContain('wip-by-department');
    expect(forProduction).not.toContain('book-of-business');
    const refused = await api('POST', '/reports/book-of-business/run', production, { parameters: {} });
    expect(refused.statusCode).toBe(403);
  });

  it('refuses unknown reports and bad parameters, naming the field', async () => {
    expect((await api('POST', '/reports/no-such-report/run', manager, {})).statusCode).toBe(404);
    const custom = await api('POST', '/reports/on-time-delivery/run', manager, {
      parameters: { period: 'custom', from: '2026-01-01' },
    });
    expect(custom.statusCode).toBe(400);
    expect(custom.json().errors).toEqual([{ path: 'to', message: 'Required for a custom period' }]);
    const bad = await api('POST', '/reports/on-time-delivery/run', manager, {
      parameters: { bucket: 'year' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('bucket');
    const stranger = await api('POST', '/reports/client-shipments/run', manager, {
      parameters: { accountId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(stranger.statusCode).toBe(400);
  });
});

describe('production reports', () => {
  it('computes the on-time rate from jobs completed before and after their due dates, by AM and for the client', async () => {
    const { am, account } = await amWithAccount();
    const early = await buildJob(t.db, { accountId: account.id, dueDate: addDays(today(), 10) });
    const onTheDay = await buildJob(t.db, { accountId: account.id, dueDate: today() });
    const late = await buildJob(t.db, {
      accountId: account.id,
      today: addDays(today(), -40),
      dueDate: addDays(today(), -5),
    });
    await finishStages(early.id);
    await complete(onTheDay.id);
    await complete(late.id);

    const r = await run('on-time-delivery', {
      period: 'last_7_days',
      by: 'am',
      ownerId: am.id,
      bucket: 'month',
    });
    expect(r.parameters).toMatchObject({ from: addDays(today(), -6), to: today() });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      period_start: `${today().slice(0, 8)}01`,
      grp: am.name,
      completed: 3,
      on_time: 2,
      late: 1,
      avg_days_late: 5,
    });
    expect(r.rows[0]!.rate).toBeCloseTo(2 / 3);
    expect(r.totals).toMatchObject({ completed: 3, on_time: 2, late: 1 });
    expect(r.totals!.rate).toBeCloseTo(2 / 3);
    expect(r.chart).toMatchObject({ kind: 'line', valueType: 'percent', series: [{ key: 'rate' }] });
    expect(r.chart!.points[0]!.values[0]).toBeCloseTo(2 / 3);
    expect(r.parameterLabels).toEqual(expect.arrayContaining([['Account manager', am.name]]));

    const client = await run('client-jobs-completed', { accountId: account.id, period: 'last_7_days' });
    expect(client.rows.map((x) => [x.number, x.on_time, x.days_vs_due])).toEqual(
      expect.arrayContaining([
        [early.number, 'Yes', -10],
        [onTheDay.number, 'Yes', 0],
        [late.number, 'No', 5],
      ]),
    );
    expect(client.rows[0]).toMatchObject({ job_id: expect.any(String), quantity: 1000 });
    expect(client.totals!.on_time).toBeCloseTo(2 / 3);
    expect(client.columns.map((c) => c.key)).not.toContain('on_time_n');

    // The finished stages show up in throughput and stage time; the products in cycle time.
    const throughput = await run('throughput-by-department', { period: 'last_7_days' });
    const stages = throughput.rows.reduce((sum, x) => sum + Number(x.stages_done), 0);
    expect(stages).toBeGreaterThanOrEqual(early.stages.length);
    expect(throughput.chart?.kind).toBe('stacked-bar');
    const stageTime = await run('stage-time-vs-standard', { period: 'last_7_days' });
    expect(stageTime.rows.length).toBeGreaterThan(0);
    expect(stageTime.rows[0]).toMatchObject({
      stages: expect.any(Number),
      standard_hours: expect.any(Number),
    });
    const cycle = await run('cycle-time-by-product', { period: 'last_7_days' });
    const postcards = cycle.rows.find((x) => x.product === 'Postcard')!;
    expect(postcards.jobs).toBeGreaterThanOrEqual(3);
    expect(Number(postcards.median_days)).toBeGreaterThanOrEqual(0);
  });

  it('lists late jobs with days past due and the stage they are in; counts open stages per department', async () => {
    const before = await run('wip-by-department', {});
    const { am, account } = await amWithAccount();
    const job = await buildJob(t.db, {
      accountId: account.id,
      today: addDays(today(), -30),
      dueDate: addDays(today(), -2),
    });
    await api('PATCH', `/jobs/${job.id}`, manager, { dueDate: addDays(today(), -2) });
    const r = await run('late-and-at-risk', { ownerId: am.id });
    expect(r.rows).toEqual([
      expect.objectContaining({
        number: job.number,
        job_id: job.id,
        account: account.name,
        risk: 'Late',
        days_to_due: -2,
        due_date: addDays(today(), -2),
        department: job.stages[0]!.department.name,
      }),
    ]);
    expect((await run('late-and-at-risk', { ownerId: am.id, risk: 'at_risk' })).rows).toEqual([]);

    const after = await run('wip-by-department', {});
    const sum = (r: RunResult, key: string) => Number(r.totals?.[key] ?? 0);
    expect(sum(after, 'stages') - sum(before, 'stages')).toBe(job.stages.length);
    expect(sum(after, 'overdue') - sum(before, 'overdue')).toBe(job.stages.length);
    expect(after.chart!.series.map((s) => s.label)).toEqual(['Waiting', 'Ready', 'In progress', 'Blocked']);
  });

  it('shows a job short of paper, then the purchase order that covers it', async () => {
    const vendor = await buildVendor(t.db, { name: `Report Paper ${Date.now()}` });
    const material = await buildMaterial(t.db, {
      preferredVendorId: vendor.id,
      unitCostCents: 4.2,
      onHand: 500,
    });
    const job = await buildJob(t.db, { items: [{ productType: 'postcard', quantity: 5000 }] });
    const need = await api('POST', `/jobs/${job.id}/materials`, buyer, {
      itemId: job.items[0]!.id,
      materialId: material.id,
      upCount: 4,
      spoilagePercent: 5,
    });
    expect(need.statusCode, need.body).toBe(201);
    const short = (await run('material-shortages', { show: 'to_order' }, buyer)).rows.find(
      (x) => x.job_id === job.id,
    );
    expect(short).toMatchObject({ required: 1313, allocated: 500, on_order: 0, short: 813, free_stock: 0 });

    const po = (
      await api('POST', '/purchase-orders/from-shortages', buyer, { jobMaterialIds: [need.json().id] })
    ).json();
    const covered = (await run('material-shortages', {}, buyer)).rows.find((x) => x.job_id === job.id);
    expect(covered).toMatchObject({ on_order: 813, short: 0, purchase_orders: po.number });
    expect(
      (await run('material-shortages', { show: 'to_order' }, buyer)).rows.find((x) => x.job_id === job.id),
    ).toBe(undefined);
    const open = await run('open-purchase-orders', { vendorId: vendor.id }, buyer);
    expect(open.rows).toEqual([
      expect.objectContaining({
        number: po.number,
        po_id: po.id,
        status: 'Draft',
        lines: 1,
        value_cents: 4200,
        jobs_waiting: 1,
      }),
    ]);
    expect(open.totals).toMatchObject({ value_cents: 4200 });
  });

  it("counts shipments by carrier and day, and lists a client's shipments with tracking", async () => {
    const { account } = await amWithAccount();
    const job = await buildJob(t.db, {
      accountId: account.id,
      items: [{ productType: 'postcard', quantity: 2500, proof: 'none' }],
    });
    for (const stage of job.stages) {
      if (stage.department.code === 'shipping') continue;
      await api('PATCH', `/jobs/${job.id}/stages/${stage.id}`, manager, { status: 'done' });
    }
    const before = await run('shipments-by-carrier', { period: 'last_7_days' });
    const ups = (r: RunResult) => r.rows.find((x) => x.day === today() && x.carrier === 'UPS');
    const created = await api('POST', '/shipments', manager, {
      jobId: job.id,
      carrier: 'ups',
      service: 'Ground',
      address: { name: 'Acme', line1: '1 Dock Rd', city: 'Austin', region: 'TX', postalCode: '78702' },
      packages: [{ weightLb: 22.5 }, { weightLb: 20 }],
      notifyClient: false,
    });
    expect(created.statusCode, created.body).toBe(201);
    const shipped = await api('PATCH', `/shipments/${created.json().id}`, manager, {
      status: 'shipped',
      trackingNumber: '1Z5R89390357567127',
    });
    expect(shipped.statusCode, shipped.body).toBe(200);

    const after = await run('shipments-by-carrier', { period: 'last_7_days' });
    expect(Number(ups(after)!.shipments) - Number(ups(before)?.shipments ?? 0)).toBe(1);
    expect(Number(ups(after)!.packages) - Number(ups(before)?.packages ?? 0)).toBe(2);
    expect(Number(ups(after)!.weight_lb) - Number(ups(before)?.weight_lb ?? 0)).toBeCloseTo(42.5);

    const client = await run('client-shipments', { accountId: account.id });
    expect(client.rows).toEqual([
      expect.objectContaining({
        job: job.number,
        carrier: 'UPS',
        service: 'Ground',
        tracking_number: '1Z5R89390357567127',
        tracking_url: expect.stringContaining('1Z5R89390357567127'),
        ship_to: 'Acme, Austin, TX',
        packages: 2,
        status: 'Shipped',
      }),
    ]);
  });
});

describe('account management', () => {
  it("sums an AM's book of business: open, late and at-risk jobs, open value and last activity", async () => {
    const { am, account } = await amWithAccount('Book Account One');
    const other = await buildAccount(t.db, { ownerId: am.id, name: 'Book Account Two' });
    await buildJob(t.db, { accountId: account.id, estimatedPriceCents: 125_000 });
    const late = await buildJob(t.db, {
      accountId: account.id,
      estimatedPriceCents: 50_000,
      today: addDays(today(), -30),
      dueDate: addDays(today(), -1),
    });
    // A change re-assesses the job's risk (the periodic check would too).
    await api('PATCH', `/jobs/${late.id}`, manager, { dueDate: addDays(today(), -1) });
    const r = await run('book-of-business', { ownerId: am.id });
    expect(r.rows.map((x) => x.account)).toEqual(['Book Account One', 'Book Account Two']);
    expect(r.rows[0]).toMatchObject({
      account_id: account.id,
      am: am.name,
      open_jobs: 2,
      late_jobs: 1,
      open_value_cents: 175_000,
      completed_90: 0,
      last_activity_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(r.rows[1]).toMatchObject({ account_id: other.id, open_jobs: 0 });
    expect(r.totals).toMatchObject({ open_jobs: 2, late_jobs: 1, open_value_cents: 175_000 });
    expect(r.chart!.points).toEqual([{ x: am.name, values: [1, 0, 1] }]);
  });
});
