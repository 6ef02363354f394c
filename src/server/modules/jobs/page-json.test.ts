import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildContact, buildUser } from '../../factories';
import { Job, JobSummary } from '../../../shared/jobs';
import { todayIn } from '../../platform/clock';
import { addDays } from '../../platform/calendar/working-days';
import { findJobPageJson } from './repo';
import { getJob } from './service';

/**
 * The job page PostgreSQL writes as JSON (jobPageJson in repo.ts) against the one Node presents (getJob → presentJob), on
 * jobs whose rows were set to the values that differ in the two languages: no owner and an owner without a name,
 * fractional hours (ties, thirds, float4 text), moments with milliseconds and none, empty and full JSON, every
 * warning, a completed job, quotes and "Nguyễn → Zoë Øster" in text.
 */
let t: TestApp;
let am: Session;
const today = todayIn('UTC');
const clock = { now: () => new Date(), today: () => today };

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

async function newJob(items: object[] = [{ productType: 'booklet', quantity: 5000, pages: 16 }]) {
  const account = await buildAccount(t.db, {
    name: `Nguyễn → Zoë Øster "${Math.random()}"`,
    ownerId: am.userId,
  });
  const contact = await buildContact(t.db, { accountId: account.id });
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: am.headers,
    payload: {
      accountId: account.id,
      contactId: contact.id,
      title: 'O\'Brien\'s \\ "quoted" → Zoë',
      dueDate: addDays(today, 30),
      items,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Job;
}

const run = (query: ReturnType<typeof sql>) => t.db.execute(query);

async function bothWays(id: string, withToday: string | null = today) {
  const text = await findJobPageJson(t.db, id, withToday);
  const fromNode = Job.parse(await getJob({ db: t.db, id, ...(withToday ? { clock } : {}) }));
  const fromSql: unknown = JSON.parse(text!);
  expect(fromSql).toEqual(fromNode);
  // And exactly what the schema says: nothing it would strip or change.
  expect(Job.parse(fromSql)).toEqual(fromSql);
  return fromNode;
}

describe('the job page written by PostgreSQL', () => {
  it('equals the one Node presents, field for field, on the values that differ between the two', async () => {
    const job = await newJob([
      { productType: 'booklet', quantity: 5000, pages: 16, spec: { inks: { front: 4, back: 1 } } },
      { productType: 'envelope', quantity: 2500, description: 'Ünïcødé "window" \\ envelope' },
    ]);
    await bothWays(job.id);
    await bothWays(job.id, null);

    const [first, second, third, fourth] = job.stages;
    // Hours that round differently if done carelessly: a tie, a third, float4's shortest text, a big one.
    const hours = [1.125, 2 / 3, 0.285, 1234.567];
    for (const [i, stage] of [first, second, third, fourth].entries())
      await run(sql`update job_stages set standard_hours = ${hours[i]} where id = ${stage!.id}`);
    await run(sql`update job_stages set status = 'done', started_at = '2026-03-04T05:06:07.089Z',
      finished_at = '2026-03-05T00:00:00Z' where id = ${first!.id}`);
    await run(sql`update job_stages set status = 'blocked', blocked_reason = 'Paper «late» — Zoë',
      pinned_on = ${addDays(today, 3)}, planned_start = ${addDays(today, -2)} where id = ${second!.id}`);
    await run(sql`update job_items set proof_status = 'approved', proof_decided_by = 'Nguyễn Văn A',
      proof_decided_at = '2026-01-02T03:04:05.600Z', proof_comment = 'ok "fine"', packaging = 'cartons of 250',
      price_cents = 123456 where id = ${job.items[0]!.id}`);
    // With a key the schema does not name, which neither way may send.
    const shipTo = {
      addressId: null,
      label: 'Main "dock"',
      attention: 'Zoë Øster',
      line1: '1 Main St',
      line2: null,
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      country: 'US',
      internalCode: 'not for clients',
    };
    await run(sql`update jobs set risk = 'at_risk', estimated_price_cents = 99, client_po = 'PO-Ø1',
      in_hands_date = ${addDays(today, 31)}, internal_notes = 'line one
line two', ship_to = ${JSON.stringify(shipTo)}::jsonb
      where id = ${job.id}`);
    const presented = await bothWays(job.id);
    expect(presented.warnings).toHaveLength(2); // behind plan, at risk
    expect(presented.productionStarted).toBe(true);
    expect(presented.stages[0]!.standardHours).toBe(1.13);
    expect(presented.shipTo).not.toHaveProperty('internalCode');
    await bothWays(job.id, null);

    // Late and completed: no "behind plan"; an owner without a name; then no owner at all.
    const nameless = await buildUser(t.db, { role: 'account_manager', name: '' });
    await run(
      sql`update jobs set risk = 'late', status = 'completed', owner_id = ${nameless.id} where id = ${job.id}`,
    );
    expect((await bothWays(job.id)).owner).toBeNull();
    await run(
      sql`update jobs set owner_id = null, risk = 'on_track', contact_id = null where id = ${job.id}`,
    );
    expect((await bothWays(job.id)).warnings).toEqual([]);
  });

  it('answers a job with no stages or items the same way, and no such job as not found', async () => {
    const job = await newJob();
    await run(sql`delete from job_stages where job_id = ${job.id}`);
    await run(sql`delete from job_items where job_id = ${job.id}`);
    expect((await bothWays(job.id)).items).toEqual([]);
    expect(await findJobPageJson(t.db, '00000000-0000-4000-8000-000000000000', today)).toBeUndefined();
    const res = await t.request({
      method: 'GET',
      url: '/api/v1/jobs/00000000-0000-4000-8000-000000000000',
      headers: am.headers,
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('serves the page over HTTP as the same JSON', async () => {
    const job = await newJob();
    const res = await t.request({ method: 'GET', url: `/api/v1/jobs/${job.id}`, headers: am.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toEqual(Job.parse(await getJob({ db: t.db, id: job.id, clock })));
  });

  it('writes the job list’s lines as the page’s summary fields, paged with a cursor, for each kind of owner', async () => {
    const jobs = [await newJob(), await newJob(), await newJob()];
    const nameless = await buildUser(t.db, { role: 'account_manager', name: '' });
    await run(sql`update jobs set owner_id = null where id = ${jobs[1]!.id}`);
    await run(sql`update jobs set owner_id = ${nameless.id} where id = ${jobs[2]!.id}`);
    const expected = await Promise.all(
      jobs.map(async (j) => JobSummary.parse(await getJob({ db: t.db, id: j.id, clock }))),
    );
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/jobs?limit=1&q=zo%C3%AB${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.request({ method: 'GET', url, headers: am.headers });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: unknown[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(1);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    for (const line of expected) expect(seen).toContainEqual(line);
  });
});
