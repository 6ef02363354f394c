import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app';
import { exampleBrochure, setUpExampleCostModel } from '../../../../../test/helpers/estimating';
import { buildAccount, buildContact, buildMaterial } from '../../../factories';
import type { RunResult } from '../../../../shared/reports';

// A job from an accepted quote, estimated against what the plant did: press hours, paper issued, outside work.
let t: TestApp;
let manager: Session;
let buyer: Session;
let foldId: string;

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  const admin = await t.signIn('admin');
  manager = await t.signIn('manager');
  buyer = await t.signIn('purchasing');
  ({ foldId } = await setUpExampleCostModel((method, url, payload) =>
    t.request({ method, url, headers: admin.headers, payload: payload as never }),
  ));
  // The offset press belongs to the press department: its stages are the estimate's press hours.
  await t.ctx.database.raw.query(
    `update presses set department_id = (select id from departments where code = 'press')`,
  );
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST', url: string, who: Session, payload?: unknown) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload: payload as never });

/** A quote for the worked example's brochure, accepted at 5,000 by phone: its job. */
async function acceptedJob() {
  const account = await buildAccount(t.db, { name: `Nguyễn → Zoë Øster ${Math.random()}` });
  const contact = await buildContact(t.db, { accountId: account.id });
  const quote = (
    await api('POST', '/quotes', manager, {
      accountId: account.id,
      contactId: contact.id,
      title: 'Spring brochures',
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      items: [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
    })
  ).json();
  const accepted = await api('POST', `/quotes/${quote.id}/accept`, manager, {
    decision: 'accept',
    name: 'Zoë Øster',
    channel: 'phone',
    choices: [{ itemId: quote.items[0].id, quantity: 5000 }],
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
  const { rows } = await t.ctx.database.raw.query<{ e: Record<string, number> }>(
    `select e from quote_items i, jsonb_array_elements(i.estimates) e
     where i.quote_id = $1 and (e->>'quantity')::int = 5000`,
    [quote.id],
  );
  return {
    jobId: accepted.json().job.id as string,
    number: accepted.json().job.number,
    estimate: rows[0]!.e,
  };
}

describe('estimated versus actual', () => {
  it('sets the estimate’s press hours and sheets beside the press stages’ hours and the paper issued to the job', async () => {
    const { jobId, number, estimate } = await acceptedJob();
    // The press stage took three hours.
    await t.ctx.database.raw.query(
      `update job_stages set status = 'done', started_at = now() - interval '3 hours', finished_at = now()
       where job_id = $1 and department_id = (select id from departments where code = 'press')`,
      [jobId],
    );
    const paper = await buildMaterial(t.db, { unitCostCents: 9.5, onHand: 10_000 });
    const issue = (quantity: number, over: object = {}) =>
      api('POST', `/materials/${paper.id}/movements`, buyer, {
        kind: 'issue',
        quantity,
        jobId,
        reason: 'To the Komori for the brochures',
        ...over,
      });
    expect((await issue(3000)).statusCode).toBe(201);

    const res = await api('POST', '/reports/estimated-vs-actual/run', manager, { parameters: {} });
    expect(res.statusCode, res.body).toBe(200);
    const result: RunResult = res.json();
    const row = result.rows.find((r) => r.number === number)!;
    const estHours = Math.round((estimate.makeReadyHours! + estimate.runHours!) * 100) / 100;
    expect(row).toMatchObject({
      est_hours: estHours,
      actual_hours: 3,
      est_sheets: estimate.totalSheets,
      issued_sheets: 3000,
      issued_cents: 28_500,
      price_cents: 78_142,
    });
    expect(row.hours_ratio).toBeCloseTo(3 / (estimate.makeReadyHours! + estimate.runHours!), 5);
    expect(result.chart?.series.map((s) => s.label)).toEqual(['Estimated', 'Actual']);

    const movements = (await api('GET', `/materials/${paper.id}/movements`, buyer)).json();
    expect(movements.items[0]).toMatchObject({ kind: 'issue', quantity: -3000, onHandAfter: 7000 });
  });

  it('refuses an issue without a job, to an unknown job, or of more than is on hand; two at once cannot overdraw', async () => {
    const { jobId } = await acceptedJob();
    const paper = await buildMaterial(t.db, { unitCostCents: 9.5, onHand: 10_000 });
    const move = (payload: object) => api('POST', `/materials/${paper.id}/movements`, buyer, payload);
    const noJob = await move({ kind: 'issue', quantity: 10, reason: 'Where to?' });
    expect(noJob.statusCode).toBe(400);
    expect(noJob.json().errors).toEqual([expect.objectContaining({ path: 'body.jobId' })]);
    const negative = await move({ kind: 'issue', quantity: -10, jobId, reason: 'Backwards' });
    expect(negative.statusCode).toBe(400);
    const unknown = await move({
      kind: 'issue',
      quantity: 10,
      jobId: '00000000-0000-4000-8000-000000000000',
      reason: 'No such job',
    });
    expect(unknown.statusCode).toBe(404);
    const tooMany = await move({ kind: 'issue', quantity: 10_001, jobId, reason: 'Too many' });
    expect(tooMany.statusCode).toBe(409);

    const both = await Promise.all([
      move({ kind: 'issue', quantity: 6000, jobId, reason: 'First half' }),
      move({ kind: 'issue', quantity: 6000, jobId, reason: 'Second half' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const after = (await api('GET', `/materials/${paper.id}`, buyer)).json();
    expect(after.stock.onHand).toBe(4000);
  });

  it('is for managers: production is refused', async () => {
    const production = await t.signIn('production');
    const res = await api('POST', '/reports/estimated-vs-actual/run', production, { parameters: {} });
    expect(res.statusCode).toBe(403);
  });
});
