import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/webhooks';
import { buildAccount, buildJob } from '../../factories';
import { systemActor } from '../../platform/actor';
import { emit, subscribe, subscribersOf, type EventType } from '../../platform/events';
import { fixedClock } from '../../platform/service-context';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { startReceiver } from '../../../../test/helpers/webhook-receiver';
import { runDueDeliveries } from './attempt';
import { recordWebhookEvent, sweepDeliveries } from './deliveries';
import type { Queue } from '../../platform/queue';
import { catalogue } from './catalogue';
import { webhookEndpoints } from './tables';
import { sealWebhookSecrets } from './worker';
import { sealPlainSecrets } from './endpoints';
import { unseal } from '../../platform/secret-box';
import { RETRY_DELAYS_MS, webhookSettings } from './settings';

let t: TestApp;
let admin: Session;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: '1', JOBJACKET_WEBHOOKS_TIMEOUT_SECONDS: '2' });
  await t.ctx.queue.work();
  admin = await t.signIn('admin');
});
afterAll(async () => {
  for (const c of closers) await c();
  await t.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => T | Promise<T>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Waits until the queue's first attempt is received and recorded: a schedule run before it records itself, with a
 * clock a day ahead, would see its lease as expired and post once more.
 */
async function firstAttemptRecorded(r: { received: unknown[] }, endpointId: string) {
  await until('the first attempt', () => r.received.length >= 1);
  await until('the first attempt recorded', async () => {
    const rows = await t.db.execute(
      sql`select 1 from webhook_deliveries where endpoint_id = ${endpointId} and attempts >= 1`,
    );
    return (rows as unknown as { rows: unknown[] }).rows.length > 0;
  });
}
async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(answer);
  closers.push(r.close);
  return r;
}
async function subscribeUrl(url: string, eventTypes: string[], extra: Record<string, unknown> = {}) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/webhook-endpoints',
    headers: admin.headers,
    payload: { url, eventTypes, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
}

/** The internal event behind each public type, and a payload for it (the catalogue's example data). */
const internal: Record<(typeof WEBHOOK_EVENT_TYPES)[number], EventType> = {
  'job.created': 'job.created',
  'job.changed': 'job.change_order',
  'job.status_changed': 'job.status_changed',
  'job.at_risk': 'job.risk_changed',
  'job.late': 'job.risk_changed',
  'stage.changed': 'job.stage_changed',
  'stage.blocked': 'job.stage_blocked',
  'proof.sent': 'proof.sent',
  'proof.decided': 'proof.decided',
  'quote.sent': 'quote.sent',
  'quote.accepted': 'quote.accepted',
  'quote.declined': 'quote.declined',
  'order.placed': 'order.placed',
  'order.approved': 'order.approved',
  'order.rejected': 'order.rejected',
  'order.released': 'order.released',
  'shipment.shipped': 'shipment.shipped',
  'shipment.delivered': 'shipment.delivered',
  'shipment.exception': 'shipment.exception',
  'purchase_order.sent': 'purchase_order.sent',
  'purchase_order.received': 'purchase_order.received',
  'purchase_order.updated': 'purchase_order.updated',
  'message.received': 'conversation.message_received',
  'escalation.opened': 'escalation.opened',
  'escalation.resolved': 'escalation.resolved',
  'stock.low': 'stock.low',
};
/** Emits the internal event behind a public type, with the other flows that hear it silenced (fake payloads). */
const emitPublic = async (
  type: (typeof WEBHOOK_EVENT_TYPES)[number],
  accountId: string | null = null,
  rollBack = false,
) => {
  const silenced = subscribersOf(internal[type])
    .filter((name) => name !== 'webhook-events')
    .map((name) => subscribe(internal[type], name, async () => {}));
  try {
    await emitInternal(type, accountId, rollBack);
  } finally {
    silenced.forEach((end) => end());
  }
};
const emitInternal = (
  type: (typeof WEBHOOK_EVENT_TYPES)[number],
  accountId: string | null,
  rollBack: boolean,
) =>
  t.db.transaction(async (tx) => {
    await emit(tx, systemActor, internal[type], { entityType: 'test', entityId: null, accountId }, {
      ...catalogue[type].data,
    } as never);
    if (rollBack) throw new Error('the change fails after its event');
  });

describe('webhooks', () => {
  it('delivers every catalogue event type once, signed so the standardwebhooks package verifies it', async () => {
    const r = await receiver();
    const endpoint = await subscribeUrl(r.url, [...WEBHOOK_EVENT_TYPES]);
    const publishable = WEBHOOK_EVENT_TYPES.filter((type) =>
      subscribersOf(internal[type]).includes('webhook-events'),
    );
    expect(WEBHOOK_EVENT_TYPES.filter((type) => !publishable.includes(type))).toEqual([]);
    for (const type of publishable) await emitPublic(type);
    await until('every event', () => r.received.length >= publishable.length);
    await sleep(300);
    expect(r.received).toHaveLength(publishable.length);
    const wh = new Webhook(endpoint.secret);
    const types = r.received.map((m) => (wh.verify(m.body, m.headers) as { type: string }).type);
    expect(types.sort()).toEqual([...publishable].sort());
    expect(new Set(r.received.map((m) => m.headers['webhook-id'])).size).toBe(publishable.length);
    const body = JSON.parse(r.received[0]!.body) as { timestamp: string; data: unknown };
    expect(Date.parse(body.timestamp)).not.toBeNaN();
    // A wrong secret does not verify.
    expect(() =>
      new Webhook('whsec_' + Buffer.alloc(32, 1).toString('base64')).verify(
        r.received[0]!.body,
        r.received[0]!.headers,
      ),
    ).toThrow();
  });

  it('a receiver that answers 500 three times then 200 gets exactly one accepted delivery', async () => {
    const r = await receiver((n) => (n <= 3 ? 500 : 200));
    const endpoint = await subscribeUrl(r.url, ['shipment.shipped']);
    await emitPublic('shipment.shipped');
    await firstAttemptRecorded(r, endpoint.id);
    const settings = webhookSettings(t.ctx.config);
    let now = Date.now();
    for (let i = 0; i < 5; i++) {
      now += 25 * 3600_000; // past any delay of the schedule
      await runDueDeliveries({ db: t.db, clock: fixedClock(new Date(now), 'UTC'), settings });
    }
    expect(r.received).toHaveLength(4);
    expect(new Set(r.received.map((m) => m.headers['webhook-id'])).size).toBe(1);
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`,
      headers: admin.headers,
    });
    const [delivery] = list.json().items as {
      status: string;
      attempts: number;
      log: { responseStatus: number; responseBody: string; durationMs: number }[];
    }[];
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(delivery!.log.map((a) => a.responseStatus)).toEqual([500, 500, 500, 200]);
    expect(delivery!.log[0]!.responseBody).toBe('no thanks');
  });

  it('a rolled-back change sends nothing', async () => {
    const r = await receiver();
    await subscribeUrl(r.url, ['stage.blocked']);
    const before = await t.db.execute(sql`select count(*)::int as n from webhook_events`);
    await expect(emitPublic('stage.blocked', null, true)).rejects.toThrow('the change fails');
    await sleep(1500);
    const after = await t.db.execute(sql`select count(*)::int as n from webhook_events`);
    expect((after as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(
      (before as unknown as { rows: { n: number }[] }).rows[0]!.n,
    );
    expect(r.received).toHaveLength(0);
  });

  it('sends an account-limited endpoint only that account’s events', async () => {
    const mine = await buildAccount(t.db, { name: 'Nguyễn → Zoë Øster Print Buyers' });
    const other = await buildAccount(t.db);
    const r = await receiver();
    const endpoint = await subscribeUrl(r.url, ['order.approved'], { accountId: mine.id });
    expect(endpoint).toMatchObject({ accountName: 'Nguyễn → Zoë Øster Print Buyers' });
    await emitPublic('order.approved', other.id);
    await emitPublic('order.approved', null);
    await emitPublic('order.approved', mine.id);
    await until('the account’s event', () => r.received.length >= 1);
    await sleep(800);
    expect(r.received).toHaveLength(1);
  });

  it('signs with both secrets during a rotation’s overlap, then with the new one only', async () => {
    const r = await receiver();
    const endpoint = await subscribeUrl(r.url, ['quote.sent']);
    const rotated = await t.request({
      method: 'PATCH',
      url: `/api/v1/webhook-endpoints/${endpoint.id}`,
      headers: admin.headers,
      payload: { rotateSecret: true, rotationOverlapHours: 1 },
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret } = rotated.json() as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(endpoint.secret);
    const shown = await t.request({
      method: 'GET',
      url: `/api/v1/webhook-endpoints/${endpoint.id}`,
      headers: admin.headers,
    });
    expect(shown.json()).not.toHaveProperty('secret');
    await emitPublic('quote.sent');
    await until('the delivery', () => r.received.length >= 1);
    const [m] = r.received;
    expect(m!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(secret).verify(m!.body, m!.headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(m!.body, m!.headers)).not.toThrow();
  });

  it('replays a delivery with the same webhook-id; a disabled endpoint is not replayed', async () => {
    const r = await receiver();
    const endpoint = await subscribeUrl(r.url, ['shipment.delivered']);
    await emitPublic('shipment.delivered');
    await until('the delivery', () => r.received.length >= 1);
    const list = await t.request({
      method: 'GET',
      url: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`,
      headers: admin.headers,
    });
    const id = (list.json().items as { id: string }[])[0]!.id;
    const replay = await t.request({
      method: 'POST',
      url: `/api/v1/webhook-deliveries/${id}/replay`,
      headers: admin.headers,
    });
    expect(replay.statusCode, replay.body).toBe(201);
    await until('the replay', () => r.received.length >= 2);
    expect(r.received[1]!.headers['webhook-id']).toBe(r.received[0]!.headers['webhook-id']);
    await t.request({
      method: 'PATCH',
      url: `/api/v1/webhook-endpoints/${endpoint.id}`,
      headers: admin.headers,
      payload: { enabled: false },
    });
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/webhook-deliveries/${id}/replay`,
      headers: admin.headers,
    });
    expect(refused.statusCode).toBe(409);
  });

  it('switches an endpoint off after a delivery fails for the whole schedule and e-mails the admins', async () => {
    const r = await receiver(() => 503);
    const endpoint = await subscribeUrl(r.url, ['shipment.exception']);
    await emitPublic('shipment.exception');
    await firstAttemptRecorded(r, endpoint.id);
    const settings = webhookSettings(t.ctx.config);
    let now = Date.now();
    for (let i = 0; i < RETRY_DELAYS_MS.length + 2; i++) {
      now += 25 * 3600_000;
      await runDueDeliveries({ db: t.db, clock: fixedClock(new Date(now), 'UTC'), settings });
    }
    expect(r.received).toHaveLength(RETRY_DELAYS_MS.length + 1);
    const shown = (
      await t.request({
        method: 'GET',
        url: `/api/v1/webhook-endpoints/${endpoint.id}`,
        headers: admin.headers,
      })
    ).json();
    expect(shown).toMatchObject({ enabled: false });
    expect(shown.disabledReason).toMatch(/503/);
    const mail = await t.db.execute(
      sql`select subject from mail_messages where subject like ${'Webhook endpoint disabled:%'}`,
    );
    expect((mail as unknown as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
  });

  it('hears a stage move made through the API: stage.changed and job.status_changed', async () => {
    const r = await receiver();
    const endpoint = await subscribeUrl(r.url, ['stage.changed', 'job.status_changed']);
    const job = await buildJob(t.db);
    const stage = job.stages[0]!;
    const moved = await t.request({
      method: 'PATCH',
      url: `/api/v1/jobs/${job.id}/stages/${stage.id}`,
      headers: admin.headers,
      payload: { status: 'in_progress' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await until('both events', () => r.received.length >= 2);
    const wh = new Webhook(endpoint.secret);
    const bodies = r.received.map(
      (m) => wh.verify(m.body, m.headers) as { type: string; data: { jobId: string; to: string } },
    );
    expect(bodies.map((b) => b.type).sort()).toEqual(['job.status_changed', 'stage.changed']);
    expect(bodies.find((b) => b.type === 'job.status_changed')!.data).toMatchObject({
      jobId: job.id,
      to: 'in_production',
    });
  });

  it('refuses a non-admin, a bad address and an empty event list in plain words', async () => {
    const am = await t.signIn('account_manager');
    const denied = await t.request({ method: 'GET', url: '/api/v1/webhook-endpoints', headers: am.headers });
    expect(denied.statusCode).toBe(403);
    const types = await t.request({ method: 'GET', url: '/api/v1/event-types', headers: am.headers });
    expect(types.json().items).toHaveLength(WEBHOOK_EVENT_TYPES.length);
    for (const payload of [
      { url: 'ftp://example.com/x', eventTypes: ['job.late'] },
      { url: 'https://example.com/x', eventTypes: [] },
      { url: 'https://example.com/x', eventTypes: ['job.nope'] },
      {
        url: 'https://example.com/x',
        eventTypes: ['job.late'],
        accountId: '00000000-0000-4000-8000-000000000000',
      },
    ]) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/webhook-endpoints',
        headers: admin.headers,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const missing = await t.request({
      method: 'DELETE',
      url: '/api/v1/webhook-endpoints/00000000-0000-4000-8000-000000000000',
      headers: admin.headers,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps signing secrets sealed at rest (AES-256-GCM) and seals a plain one left from before', async () => {
    const r = await receiver();
    const endpoint = await subscribeUrl(r.url, ['stock.low']);
    const [row] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row!.secret).toMatch(/^enc:v1:/);
    expect(row!.secret).not.toContain(endpoint.secret.slice(6, 20));
    // A row from before sealing (plain text) still signs, and the start-up pass seals it.
    await t.db
      .update(webhookEndpoints)
      .set({ secret: endpoint.secret })
      .where(eq(webhookEndpoints.id, endpoint.id));
    expect(await sealWebhookSecrets(t.ctx)).toBeGreaterThanOrEqual(1);
    const [sealed] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(sealed!.secret).toMatch(/^enc:v1:/);
    expect(await sealWebhookSecrets(t.ctx)).toBe(0);
    await emitPublic('stock.low');
    await until('the delivery', () => r.received.length >= 1);
    expect(() =>
      new Webhook(endpoint.secret).verify(r.received[0]!.body, r.received[0]!.headers),
    ).not.toThrow();
    // The key is needed: another key cannot open it, and a node started with another key refuses to start.
    expect(() => unseal(Buffer.alloc(32, 7), sealed!.secret)).toThrow();
    await expect(sealPlainSecrets({ db: t.db, key: Buffer.alloc(32, 7) })).rejects.toThrow(
      /sealed with another key: give every node the same JOBJACKET_SECRET_KEY/,
    );
  });

  it('docs/webhooks.md shows every event type of the catalogue, generated from it (not stale)', async () => {
    const doc = readFileSync('docs/webhooks.md', 'utf8');
    for (const type of WEBHOOK_EVENT_TYPES) expect(doc, type).toContain(`### \`${type}\``);
    const { generatedWebhooksDoc } = await import('../../../../scripts/webhooks-doc');
    expect(doc, 'run npx tsx scripts/webhooks-doc.ts').toBe(await generatedWebhooksDoc());
  });

  it('the minute sweep fans out an event recorded while the queue was stopped', async () => {
    const r = await receiver();
    await subscribeUrl(r.url, ['order.rejected']);
    const stopped = { running: false } as Queue;
    await t.db.transaction((tx) =>
      recordWebhookEvent(tx, stopped, {
        type: 'order.rejected',
        accountId: null,
        at: new Date(),
        data: catalogue['order.rejected'].data,
      }),
    );
    await sleep(500);
    expect(r.received).toHaveLength(0);
    const later = fixedClock(new Date(Date.now() + 60_000), 'UTC');
    await sweepDeliveries({ db: t.db, queue: t.ctx.queue, clock: later });
    await until('the swept event', () => r.received.length >= 1);
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({ type: 'order.rejected' });
  });
});
