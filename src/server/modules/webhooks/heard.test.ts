import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount } from '../../factories';
import { systemActor } from '../../platform/actor';
import { emit } from '../../platform/events';
import { inPortalScope } from '../portals/scope';
import { isHeard } from './deliveries';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: '1' });
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const endpoint = async (eventTypes: string[], extra: Record<string, unknown> = {}) => {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/webhook-endpoints',
    headers: admin.headers,
    payload: { url: 'http://127.0.0.1:9/hook', eventTypes, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
};
const recorded = async (accountId: string) =>
  (
    (await t.db.execute(
      sql`select count(*)::int as n from webhook_events where account_id = ${accountId}`,
    )) as unknown as { rows: { n: number }[] }
  ).rows[0]!.n;
const placeOrderEvent = (accountId: string) =>
  t.db.transaction((tx) =>
    emit(
      tx,
      systemActor,
      'order.placed',
      { entityType: 'order', entityId: null, accountId },
      {
        orderId: '00000000-0000-4000-8000-000000000000',
        number: 'ORD-2026-00001',
        portalId: '00000000-0000-4000-8000-000000000000',
        buyerId: '00000000-0000-4000-8000-000000000000',
        totalCents: 100,
        status: 'approved',
      },
    ),
  );

describe('an event nobody hears', () => {
  it('is recorded only when an enabled endpoint hears its type for its account or every account', async () => {
    const mine = await buildAccount(t.db);
    const other = await buildAccount(t.db);
    expect(await isHeard(t.db, 'order.placed', mine.id)).toBe(false);
    await placeOrderEvent(mine.id);
    expect(await recorded(mine.id)).toBe(0);

    await endpoint(['order.placed'], { accountId: other.id });
    await endpoint(['job.changed']);
    const paused = await endpoint(['order.placed']);
    await t.request({
      method: 'PATCH',
      url: `/api/v1/webhook-endpoints/${paused.id}`,
      headers: admin.headers,
      payload: { enabled: false },
    });
    expect(await isHeard(t.db, 'order.placed', mine.id)).toBe(false);
    expect(await isHeard(t.db, 'order.placed', other.id)).toBe(true);
    expect(await isHeard(t.db, 'job.changed', mine.id)).toBe(true);
    await placeOrderEvent(mine.id);
    await placeOrderEvent(other.id);
    expect(await recorded(mine.id)).toBe(0);
    expect(await recorded(other.id)).toBe(1);

    // A portal transaction asks for its own account, whatever account it names.
    expect(await inPortalScope(t.db, mine.id, (tx) => isHeard(tx, 'order.placed', other.id))).toBe(false);
    expect(await inPortalScope(t.db, other.id, (tx) => isHeard(tx, 'order.placed', other.id))).toBe(true);

    await endpoint(['order.placed'], { accountId: mine.id });
    await placeOrderEvent(mine.id);
    expect(await recorded(mine.id)).toBe(1);
  });
});
