import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildInventoryItem } from '../../factories';
import { todayIn } from '../../platform/clock';
import { addDays } from '../../platform/calendar/working-days';
import { jobs } from './tables';

let t: TestApp;
let am: Session;
const today = todayIn('UTC');

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

const send = (method: 'POST', url: string, payload?: object, s = am) =>
  t.request({ method, url, payload, headers: s.headers });

/** A job shipping to the account's default dock, on an account that may require a PO. */
async function setUp(over: { poRequired?: boolean } = {}) {
  const account = await buildAccount(t.db, {
    ownerId: am.userId,
    poRequired: over.poRequired ?? false,
    addresses: [
      {
        kind: 'shipping',
        line1: '1 Harbour Rd',
        city: 'Albany',
        region: 'NY',
        postalCode: '12207',
        isDefault: true,
      },
    ] as never,
  });
  const res = await send('POST', '/api/v1/jobs', {
    accountId: account.id,
    title: 'Nguyễn → Zoë Øster letterhead',
    dueDate: addDays(today, 30),
    clientPo: over.poRequired ? 'PO-1' : null,
    items: [{ productType: 'flat_sheet', quantity: 2000 }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return { account, job: res.json() as { id: string } };
}

describe('reorder', () => {
  it('needs a new due date, and a PO where the account requires one', async () => {
    const { job } = await setUp({ poRequired: true });
    const noDate = await send('POST', `/api/v1/jobs/${job.id}/copy`, { clientPo: 'PO-2' });
    expect(noDate.statusCode).toBe(400);
    const noPo = await send('POST', `/api/v1/jobs/${job.id}/copy`, { dueDate: addDays(today, 20) });
    expect(noPo.statusCode).toBe(400);
    expect(noPo.json().detail).toContain('requires a PO');
    const copy = await send('POST', `/api/v1/jobs/${job.id}/copy`, {
      dueDate: addDays(today, 20),
      clientPo: 'PO-2',
    });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({
      dueDate: addDays(today, 20),
      clientPo: 'PO-2',
      shipTo: { line1: '1 Harbour Rd' },
    });
  });

  it('makes one job from two concurrent requests with the same Idempotency-Key', async () => {
    const { account, job } = await setUp();
    const body = { dueDate: addDays(today, 25), title: 'Reorder once' };
    const twice = await Promise.all(
      [1, 2].map(() =>
        t.request({
          method: 'POST',
          url: `/api/v1/jobs/${job.id}/copy`,
          payload: body,
          headers: { ...am.headers, 'idempotency-key': `reorder-${job.id}` },
        }),
      ),
    );
    expect(twice.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(twice[0]!.json().id).toBe(twice[1]!.json().id);
    const made = await t.db.select().from(jobs).where(eq(jobs.accountId, account.id));
    expect(made.filter((j) => j.title === 'Reorder once')).toHaveLength(1);
    const reused = await t.request({
      method: 'POST',
      url: `/api/v1/jobs/${job.id}/copy`,
      payload: { ...body, dueDate: addDays(today, 26) },
      headers: { ...am.headers, 'idempotency-key': `reorder-${job.id}` },
    });
    expect(reused.statusCode).toBe(409);
  });
});

describe('reprint from a low inventory item', () => {
  it('makes one job from a double click carrying the same Idempotency-Key', async () => {
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const item = await buildInventoryItem(t.db, account.id, { reorderPoint: 100, reorderQuantity: 500 });
    const click = () =>
      t.request({
        method: 'POST',
        url: `/api/v1/inventory/items/${item.id}/reprint`,
        headers: { ...am.headers, 'idempotency-key': `reprint-${item.id}` },
      });
    const [a, b] = await Promise.all([click(), click()]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().jobId).toBe(b.json().jobId);
    const made = await t.db.select().from(jobs).where(eq(jobs.accountId, account.id));
    expect(made).toHaveLength(1);
  });
});
