// Over 400 lines on purpose: the escalation path end to end (levels, breaches, workers) over one shared set-up.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type Session, type TestApp } from '../../../../test/helpers/app';
import { releasedJobId } from '../../../../test/helpers/portal';
import { waitFor } from '../../../../test/helpers/smtp';
import { loadConfig } from '../../platform/config';
import type { AppContext } from '../../platform/context';
import { mailMessages } from '../../schema';
import { createContext } from '../../runtime';
import {
  buildAccount,
  buildContact,
  buildInventoryItem,
  buildJob,
  buildPortal,
  buildPortalUser,
  buildProduct,
  buildUser,
} from '../../factories';
import { getAccount } from '../accounts/service';
import { accounts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { conversations } from '../inbox/tables';
import { BREACH_QUEUE, breachCheckOf, checkBreaches } from './breach-check';
import { escalationBreaches, escalations } from './tables';

const TOKEN = 'inbound-secret-0123456789';
let t: TestApp;
let am: Session;
let manager: Session;
const env = { JOBJACKET_INBOUND_TOKEN: TOKEN, JOBJACKET_DEMO: '0', LOG_LEVEL: 'silent' };

beforeAll(async () => {
  t = await createTestApp(env);
  am = await t.signIn('account_manager');
  manager = await t.signIn('manager');
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

async function conversationFromClient() {
  const account = await buildAccount(t.db, {
    name: `Esc Client ${Math.random().toString(36).slice(2, 7)}`,
    ownerId: am.userId,
  });
  const email = `kim.${account.id.slice(0, 8)}@client.example`;
  await buildContact(t.db, { accountId: account.id, emails: [email] });
  const raw = `From: ${email}\r\nTo: orders@shop.example\r\nSubject: Wrong stock on the brochures\r\nMessage-ID: <${account.id}@client.example>\r\n\r\nThe paper is wrong.\r\n`;
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/inbound/email',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
    payload: raw,
  });
  expect(res.statusCode, res.body).toBe(202);
  return { account, conversationId: res.json().conversationId as string };
}

/** A second worker process on the same database: its own queue, consuming every queue. */
async function worker(): Promise<AppContext> {
  const config = loadConfig({ ...env, JOBJACKET_FILES_DIR: t.ctx.config.filesDir });
  const ctx = await createContext(config, {
    database: t.ctx.database,
    queue: { supervise: false, pollingIntervalSeconds: 0.5 },
  });
  await ctx.queue.work();
  return ctx;
}

const pending = async () => {
  const r = (await t.db.execute(
    sql`select count(*)::int as n from pgboss.job where name = ${BREACH_QUEUE} and state in ('created', 'retry', 'active')`,
  )) as unknown as { rows: { n: number }[] };
  return r.rows[0]!.n;
};

describe('automatic escalation', () => {
  it('escalates a breached first-response target exactly once, with two workers and a restart in between', async () => {
    const { account, conversationId } = await conversationFromClient();
    await t.db
      .update(conversations)
      .set({ firstResponseDueAt: new Date(Date.now() - 60_000) })
      .where(eq(conversations.id, conversationId));
    await t.ctx.queue.work();
    let second = await worker();
    const run = async (ctxs: AppContext[]) => {
      for (const ctx of ctxs) for (let i = 0; i < 3; i++) await ctx.queue.send(ctx.db, BREACH_QUEUE, {});
      await Promise.all(ctxs.map((ctx) => checkBreaches(breachCheckOf(ctx))));
      await waitFor(
        async () => ((await pending()) === 0 ? true : undefined),
        'the breach checks to finish',
        200,
      );
    };
    await run([t.ctx, second]);
    await second.queue.stop(); // the second worker restarts
    second = await worker();
    await run([t.ctx, second]);
    await second.queue.stop();

    const rows = await t.db.select().from(escalations).where(eq(escalations.conversationId, conversationId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 1, ownerId: am.userId, accountId: account.id, status: 'open' });
    expect(rows[0]!.automatic).toContain('First response target missed');
    const breaches = await t.db
      .select()
      .from(escalationBreaches)
      .where(eq(escalationBreaches.subjectId, conversationId));
    expect(breaches).toHaveLength(1);
    const amMail = await t.db
      .select()
      .from(mailMessages)
      .where(sql`${mailMessages.subject} like ${`%${rows[0]!.number}%`}`);
    expect(amMail).toHaveLength(1);

    // The next breach (resolution) raises the same escalation one level, once.
    await t.db
      .update(conversations)
      .set({
        firstResponseAt: new Date(),
        resolutionDueAt: new Date(Date.now() - 1000),
        status: 'waiting_on_us',
      })
      .where(eq(conversations.id, conversationId));
    await checkBreaches(breachCheckOf(t.ctx));
    await checkBreaches(breachCheckOf(t.ctx));
    const [raised] = await t.db
      .select()
      .from(escalations)
      .where(eq(escalations.conversationId, conversationId));
    expect(raised!.level).toBe(2);
    expect(raised!.ownerId).not.toBe(am.userId);
    const timeline = (await api('GET', `/accounts/${account.id}/timeline`, am)).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['escalation.opened', 'escalation.raised', 'message.received']),
    );
  });

  it('does not escalate while waiting on the client', async () => {
    const { conversationId } = await conversationFromClient();
    await t.db
      .update(conversations)
      .set({
        status: 'waiting_on_client',
        pausedAt: new Date(),
        firstResponseAt: new Date(),
        resolutionDueAt: new Date(Date.now() - 1000),
      })
      .where(eq(conversations.id, conversationId));
    await checkBreaches(breachCheckOf(t.ctx));
    expect(
      await t.db.select().from(escalations).where(eq(escalations.conversationId, conversationId)),
    ).toHaveLength(0);
  });

  it('raises an escalated job once when the job passes its due date', async () => {
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const job = await buildJob(t.db, { accountId: account.id, today: '2020-01-01' });
    const res = await api('POST', '/escalations', am, {
      title: 'Late catalogue',
      severity: 'S2',
      category: 'delay',
      jobId: job.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    await checkBreaches(breachCheckOf(t.ctx));
    await checkBreaches(breachCheckOf(t.ctx));
    const [row] = await t.db.select().from(escalations).where(eq(escalations.id, res.json().id));
    expect(row!.level).toBe(2);
    expect(row!.history.map((h) => h.kind)).toEqual(['opened', 'raised']);
  });
});

describe('late jobs', () => {
  const escalationsOf = (jobId: string) =>
    t.db.select().from(escalations).where(eq(escalations.jobId, jobId));

  it('opens one escalation for a late job nobody escalated, however many checks run at once', async () => {
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const job = await buildJob(t.db, { accountId: account.id, today: '2020-01-01', priority: 'rush' });
    const onTime = await buildJob(t.db, { accountId: account.id });
    const second = await worker();
    await Promise.all([
      checkBreaches(breachCheckOf(t.ctx)),
      checkBreaches(breachCheckOf(second)),
      checkBreaches(breachCheckOf(t.ctx)),
    ]);
    await second.queue.stop();
    await checkBreaches(breachCheckOf(t.ctx));

    const rows = await escalationsOf(job.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      accountId: account.id,
      level: 1,
      ownerId: am.userId,
      severity: 'S2',
      category: 'delay',
      status: 'open',
    });
    expect(rows[0]!.automatic).toBe(`The job was due on ${job.dueDate}`);
    expect(await escalationsOf(onTime.id)).toHaveLength(0);
    const notices = await t.db
      .select()
      .from(mailMessages)
      .where(sql`${mailMessages.subject} like ${`%${rows[0]!.number}%`}`);
    expect(notices).toHaveLength(1);

    // Opening it was the action on this lateness: later checks do not also raise it for the same lateness;
    // its due-by passing does, once.
    await checkBreaches(breachCheckOf(t.ctx));
    expect((await escalationsOf(job.id))[0]!.level).toBe(1);
    await t.db
      .update(escalations)
      .set({ dueAt: new Date(Date.now() - 60_000) })
      .where(eq(escalations.id, rows[0]!.id));
    await checkBreaches(breachCheckOf(t.ctx));
    await checkBreaches(breachCheckOf(t.ctx));
    const [raised] = await escalationsOf(job.id);
    expect(raised!.level).toBe(2);
    expect(raised!.history.map((h) => h.kind)).toEqual(['opened', 'raised']);
    expect(raised!.history[1]!.text).toContain('Due-by passed');
    // Once it is resolved, the same lateness is not escalated again …
    const done = await api('POST', `/escalations/${raised!.id}/resolve`, manager, {
      rootCause: 'Press down for two days',
      correctiveAction: 'Second press booked for rush work',
    });
    expect(done.statusCode, done.body).toBe(200);
    await checkBreaches(breachCheckOf(t.ctx));
    expect(await escalationsOf(job.id)).toHaveLength(1);
    // … but a new due date that is missed again is a new breach.
    await t.db.update(jobs).set({ dueDate: '2020-02-15' }).where(eq(jobs.id, job.id));
    await checkBreaches(breachCheckOf(t.ctx));
    await checkBreaches(breachCheckOf(t.ctx));
    const after = await escalationsOf(job.id);
    expect(after).toHaveLength(2);
    expect(after.find((e) => e.status === 'open')!.automatic).toBe('The job was due on 2020-02-15');
  });

  it('does not open a second escalation for a late job that already has an open one', async () => {
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const job = await buildJob(t.db, { accountId: account.id, today: '2020-01-01' });
    const res = await api('POST', '/escalations', am, {
      title: 'Client chasing',
      severity: 'S3',
      category: 'delay',
      jobId: job.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    await checkBreaches(breachCheckOf(t.ctx));
    await api('POST', `/escalations/${res.json().id}/resolve`, am, {
      rootCause: 'Late proof approval',
      correctiveAction: 'Proof deadlines in the quote',
    });
    await checkBreaches(breachCheckOf(t.ctx));
    const rows = await escalationsOf(job.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 2, status: 'resolved' });
  });
});

/** A portal order placed by a buyer through the portal (cart, checkout), as staff would find it. */
async function portalOrder() {
  const portal = await buildPortal(t.db);
  const account = await getAccount({ db: t.db, id: portal.account.id });
  await t.db.update(accounts).set({ ownerId: am.userId }).where(eq(accounts.id, account.id));
  const item = await buildInventoryItem(t.db, account.id, { onHand: 50 });
  const product = await buildProduct(t.db, portal.id, {
    kind: 'stocked',
    inventoryItemId: item.id,
    unitPriceCents: 300,
    productType: null,
  });
  const buyer = await buildPortalUser(t.db, portal.id, { password: PASSWORD });
  const login = await t.request({
    method: 'POST',
    url: `/api/v1/portal/${portal.slug}/auth/login`,
    payload: { email: buyer.email, password: PASSWORD },
  });
  expect(login.statusCode, login.body).toBe(200);
  const headers = {
    cookie: `jj_portal=${login.cookies.find((c) => c.name === 'jj_portal')!.value}`,
    'x-csrf-token': login.json().csrfToken as string,
  };
  const line = await t.request({
    method: 'POST',
    url: `/api/v1/portal/${portal.slug}/cart/lines`,
    headers,
    payload: { productId: product.id, quantity: 4 },
  });
  expect(line.statusCode, line.body).toBeLessThan(300);
  const placed = await t.request({
    method: 'POST',
    url: `/api/v1/portal/${portal.slug}/checkout`,
    headers,
    payload: { costCentreId: account.costCentres[0]!.id, shipToAddressId: account.addresses[0]!.id },
  });
  expect(placed.statusCode, placed.body).toBe(201);
  return { account, order: placed.json() as { id: string; number: string } };
}

describe('portal order escalations', () => {
  it('escalates an order from the staff side; the escalation names the order and is found by it', async () => {
    const { account, order } = await portalOrder();
    const res = await api('POST', '/escalations', am, {
      title: `Order ${order.number} arrived damaged`,
      severity: 'S2',
      category: 'quality',
      orderId: order.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const placed = (await api('GET', `/orders/${order.id}`, am)).json();
    expect(res.json()).toMatchObject({
      order: { id: order.id, number: order.number },
      account: { id: account.id },
      job: placed.job ? { id: placed.job.id } : null, // the order's job comes along
      owner: { id: am.userId },
      level: 1,
    });
    const list = (await api('GET', `/escalations?status=all&orderId=${order.id}`, am)).json();
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([res.json().id]);
    const timeline = (await api('GET', `/accounts/${account.id}/timeline`, am)).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toContain('escalation.opened');

    // Another client's account with this order is refused, and nothing is written.
    const other = await buildAccount(t.db);
    const before = (await t.db.select().from(escalations)).length;
    const wrong = await api('POST', '/escalations', am, {
      title: 'x',
      severity: 'S4',
      category: 'other',
      orderId: order.id,
      accountId: other.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors?.[0]?.path ?? wrong.body).toContain('orderId');
    const unknown = await api('POST', '/escalations', am, {
      title: 'x',
      severity: 'S4',
      category: 'other',
      orderId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(400);
    expect((await t.db.select().from(escalations)).length).toBe(before);
  });

  it('links the order’s job, so the escalation moves up when that job is late', async () => {
    const { order } = await portalOrder();
    await t.ctx.queue.work(); // the order's job is made by the queued release
    const jobId = await releasedJobId(t, order.id);
    const res = await api('POST', '/escalations', am, {
      title: `Order ${order.number} is late`,
      severity: 'S3',
      category: 'delay',
      orderId: order.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().job).toMatchObject({ id: jobId });
    await t.db.update(jobs).set({ dueDate: '2020-03-01' }).where(eq(jobs.id, jobId));
    await checkBreaches(breachCheckOf(t.ctx));
    await checkBreaches(breachCheckOf(t.ctx));
    const rows = await t.db.select().from(escalations).where(eq(escalations.orderId, order.id));
    expect(rows).toHaveLength(1); // raised, not a second automatic one for the job
    expect(rows[0]!.level).toBe(2);
    expect(await t.db.select().from(escalations).where(eq(escalations.jobId, jobId))).toHaveLength(1);
  });
});

describe('escalations API', () => {
  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = (await t.db.select().from(escalations)).length;
    for (const body of [
      { title: 'x', severity: 'S9', category: 'delay', accountId: am.userId },
      { title: 'x', severity: 'S1', category: 'delay' },
      { title: 'x', severity: 'S1', category: 'delay', accountId: '00000000-0000-4000-8000-000000000000' },
    ]) {
      const res = await api('POST', '/escalations', am, body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await t.db.select().from(escalations)).length).toBe(before);
    const prod = await t.signIn('production');
    expect(
      (
        await api('POST', '/escalations', prod, {
          title: 'x',
          severity: 'S1',
          category: 'delay',
          accountId: am.userId,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('resolves with root cause and corrective action, once', async () => {
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const director = await buildUser(t.db, { role: 'admin' });
    const admin = await t.signIn('admin');
    const levels = await api('PUT', '/escalation-levels', admin, {
      items: [
        { level: 1, label: 'Account manager', owner: 'account_manager', userId: null },
        { level: 2, label: 'Operations director', owner: 'user', userId: director.id },
      ],
    });
    expect(levels.statusCode, levels.body).toBe(200);
    const created = (
      await api('POST', '/escalations', am, {
        title: 'Billing dispute on PO 7',
        severity: 'S3',
        category: 'billing_dispute',
        accountId: account.id,
      })
    ).json();
    expect(created).toMatchObject({ level: 1, levelLabel: 'Account manager', owner: { id: am.userId } });
    const raised = (await api('PATCH', `/escalations/${created.id}`, manager, { raise: true })).json();
    expect(raised).toMatchObject({ level: 2, owner: { id: director.id } });
    const missing = await api('POST', `/escalations/${created.id}/resolve`, am, { rootCause: '' });
    expect(missing.statusCode).toBe(400);
    const done = await api('POST', `/escalations/${created.id}/resolve`, am, {
      rootCause: 'Wrong price list',
      correctiveAction: 'Price lists checked at quote',
    });
    expect(done.json()).toMatchObject({ status: 'resolved', rootCause: 'Wrong price list' });
    expect(
      (await api('POST', `/escalations/${created.id}/resolve`, am, { rootCause: 'a', correctiveAction: 'b' }))
        .statusCode,
    ).toBe(409);
    const list = (await api('GET', `/escalations?status=resolved&accountId=${account.id}`, am)).json();
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([created.id]);
    const timeline = (await api('GET', `/accounts/${account.id}/timeline`, am)).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toContain('escalation.resolved');
  });
});
