import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJob, buildPortal, buildPortalUser } from '../../factories';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { portalRequest, portalSignIn } from '../../../../test/helpers/portal';
import { startReceiver } from '../../../../test/helpers/webhook-receiver';
import type { Db } from '../../platform/db';
import { inPortalScope } from '../portals';

// A client admin manages their own account's endpoints in the portal and hears only their account's events.
let t: TestApp;
let admin: Session;
let p: ReturnType<typeof portalRequest>;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: '1', JOBJACKET_WEBHOOKS_TIMEOUT_SECONDS: '2' });
  await t.ctx.queue.work();
  admin = await t.signIn('admin');
  p = portalRequest(t);
});
afterAll(async () => {
  for (const c of closers) await c();
  await t.close();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (ok: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await ok()); i++) await sleep(50);
};
const count = async (db: Db, table: string) =>
  (
    (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
      rows: { n: number }[];
    }
  ).rows[0]!.n;
const seenBy = (accountId: string) =>
  inPortalScope(t.db, accountId, async (tx) => ({
    endpoints: await count(tx, 'webhook_endpoints'),
    deliveries: await count(tx, 'webhook_deliveries'),
    attempts: await count(tx, 'webhook_attempts'),
  }));

async function clientAdmin(role: 'client_admin' | 'buyer' = 'client_admin') {
  const portal = await buildPortal(t.db);
  const user = await buildPortalUser(t.db, portal.id, { name: 'Zoë Øster', role });
  return { portal, who: await portalSignIn(t, portal.slug, user.email) };
}

describe('portal webhooks', () => {
  it('a client admin subscribes, edits, pauses, rotates, lists, replays and deletes only their own endpoints', async () => {
    const mine = await clientAdmin();
    const other = await clientAdmin();
    const r = await startReceiver();
    closers.push(r.close);
    const base = `/portal/${mine.portal.slug}/webhook-endpoints`;
    const created = await p('POST', base, mine.who, { url: r.url, eventTypes: ['job.created'] });
    expect(created.statusCode, created.body).toBe(201);
    const endpoint = created.json();
    expect(endpoint).toMatchObject({ accountId: mine.portal.account.id, enabled: true });
    expect(endpoint.secret).toMatch(/^whsec_/);
    // An account id in the body is refused (the endpoint is always the caller's account's).
    const moved = await p('POST', base, mine.who, {
      url: r.url,
      eventTypes: ['job.created'],
      accountId: other.portal.account.id,
    });
    expect(moved.statusCode).toBe(400);

    // Events: mine arrive, another account's and account-less ones never do.
    await buildJob(t.db, { accountId: other.portal.account.id });
    const job = await buildJob(t.db, { accountId: mine.portal.account.id });
    const deadline = Date.now() + 20_000;
    while (r.received.length < 1 && Date.now() < deadline) await sleep(50);
    await sleep(800);
    expect(r.received).toHaveLength(1);
    const body = new Webhook(endpoint.secret).verify(r.received[0]!.body, r.received[0]!.headers);
    expect(body).toMatchObject({ type: 'job.created', data: { jobId: job.id } });

    // The other account sees none of it: list empty, every id a 404.
    const theirs = await p('GET', `/portal/${other.portal.slug}/webhook-endpoints`, other.who);
    expect(theirs.json().items).toEqual([]);
    const otherBase = `/portal/${other.portal.slug}/webhook-endpoints/${endpoint.id}`;
    expect((await p('GET', otherBase, other.who)).statusCode).toBe(404);
    expect((await p('PATCH', otherBase, other.who, { enabled: false })).statusCode).toBe(404);
    expect((await p('GET', `${otherBase}/deliveries`, other.who)).statusCode).toBe(404);
    expect((await p('DELETE', otherBase, other.who)).statusCode).toBe(404);
    const deliveries = (await p('GET', `${base}/${endpoint.id}/deliveries`, mine.who)).json().items;
    expect(deliveries).toHaveLength(1);
    expect(
      (
        await p(
          'POST',
          `/portal/${other.portal.slug}/webhook-deliveries/${deliveries[0].id}/replay`,
          other.who,
        )
      ).statusCode,
    ).toBe(404);

    // Their own: replay, edit event types, pause, rotate, delete.
    const replay = await p(
      'POST',
      `/portal/${mine.portal.slug}/webhook-deliveries/${deliveries[0].id}/replay`,
      mine.who,
    );
    expect(replay.statusCode, replay.body).toBe(201);
    const edited = await p('PATCH', `${base}/${endpoint.id}`, mine.who, {
      eventTypes: ['job.created', 'shipment.shipped'],
      enabled: false,
    });
    expect(edited.json()).toMatchObject({ eventTypes: ['job.created', 'shipment.shipped'], enabled: false });
    const rotated = await p('PATCH', `${base}/${endpoint.id}`, mine.who, { rotateSecret: true });
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(endpoint.secret);
    expect((await p('GET', base, mine.who)).json().items).toHaveLength(1);
    expect((await p('DELETE', `${base}/${endpoint.id}`, mine.who)).statusCode).toBe(204);
    expect((await p('GET', base, mine.who)).json().items).toEqual([]);
    // The staff admin still sees every endpoint through the staff API (the audit names the portal user).
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/webhook-endpoints', headers: admin.headers }))
        .statusCode,
    ).toBe(200);
  });

  it('a buyer (not a client admin) may not manage webhooks', async () => {
    const buyer = await clientAdmin('buyer');
    const res = await p('GET', `/portal/${buyer.portal.slug}/webhook-endpoints`, buyer.who);
    expect(res.statusCode).toBe(403);
  });
  it('holds a portal transaction to its account’s endpoints, deliveries and attempts even without a filter', async () => {
    const mine = await clientAdmin();
    const other = await clientAdmin();
    const r = await startReceiver();
    closers.push(r.close);
    for (const c of [mine, other]) {
      const made = await p('POST', `/portal/${c.portal.slug}/webhook-endpoints`, c.who, {
        url: r.url,
        eventTypes: ['job.created'],
      });
      expect(made.statusCode, made.body).toBe(201);
      await buildJob(t.db, { accountId: c.portal.account.id });
    }
    await until(() => r.received.length >= 2);
    await until(
      async () =>
        (await seenBy(mine.portal.account.id)).attempts >= 1 &&
        (await seenBy(other.portal.account.id)).attempts >= 1,
    );
    // The row-level policies alone (no account filter in these queries): one endpoint, one delivery, its attempt.
    expect(await seenBy(mine.portal.account.id)).toEqual({ endpoints: 1, deliveries: 1, attempts: 1 });
    const moved = (await inPortalScope(t.db, mine.portal.account.id, (tx) =>
      tx.execute(
        sql`update webhook_endpoints set enabled = false where account_id = ${other.portal.account.id}`,
      ),
    )) as unknown as { rowCount: number | null; affectedRows?: number };
    expect(moved.rowCount ?? moved.affectedRows).toBe(0);
  });
});
