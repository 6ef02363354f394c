import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../platform/db';
import { fixedClock } from '../../platform/service-context';
import {
  freshPostgresUrl,
  staffClient,
  startServer,
  type ServerProcess,
} from '../../../../test/helpers/server-process';
import { startReceiver } from '../../../../test/helpers/webhook-receiver';
import { runDueDeliveries } from './attempt';
import { randomBytes } from 'node:crypto';
import { parseSecretKey } from '../../platform/secret-box';
import { RETRY_DELAYS_MS } from './settings';
import { webhookDeliveries } from './tables';

// A worker killed with SIGKILL in the middle of a delivery loses nothing: its lease runs out and another
// worker delivers the same message (same webhook-id). Needs PostgreSQL: this process opens the same database.
const pgUrl = await freshPostgresUrl();
const secretKeyText = randomBytes(32).toString('base64');
const dir = mkdtempSync(path.join(tmpdir(), 'jj-webhook-crash-'));
let server: ServerProcess | undefined;
let database: Database | undefined;
let closeReceiver: (() => Promise<void>) | undefined;
afterAll(async () => {
  await server?.kill9().catch(() => {});
  await database?.close();
  await closeReceiver?.();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!pgUrl)('webhooks and kill -9', () => {
  it('a worker killed mid-delivery loses nothing: another delivers the same message once its lease passes', async () => {
    const receiver = await startReceiver((n) => (n === 1 ? 'hang' : 200));
    closeReceiver = receiver.close;
    server = await startServer({
      DATABASE_URL: pgUrl!,
      JOBJACKET_FILES_DIR: path.join(dir, 'files'),
      JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: '1',
      JOBJACKET_WEBHOOKS_TIMEOUT_SECONDS: '30',
      JOBJACKET_SECRET_KEY: secretKeyText,
    });
    const api = await staffClient(server.url);
    const endpoint = await api.call<{ id: string; secret: string }>('POST', '/webhook-endpoints', {
      url: receiver.url,
      eventTypes: ['job.created'],
    });
    expect(endpoint.status).toBe(201);
    const account = await api.call<{ id: string }>('POST', '/accounts', {
      name: 'Crash Hooks Co',
      segment: 'corporate',
    });
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const job = await api.call<{ id: string }>('POST', '/jobs', {
      accountId: account.body.id,
      title: 'Held in flight',
      dueDate: due,
      items: [{ productType: 'postcard', quantity: 100 }],
    });
    expect(job.status).toBe(201);
    const deadline = Date.now() + 60_000;
    while (receiver.received.length < 1) {
      if (Date.now() > deadline) throw new Error(`no delivery arrived:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await server.kill9();

    database = await openDatabase({ databaseUrl: pgUrl! });
    const [held] = await database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.body.id));
    expect(held).toMatchObject({ status: 'pending', attempts: 0 });
    expect(held!.leaseUntil).not.toBeNull();
    // The key the server sealed the endpoint's secret with: this worker opens it with the same one.
    const secretKey = parseSecretKey(secretKeyText)!;
    const settings = { allowPrivate: true, timeoutMs: 5000, retryDelaysMs: RETRY_DELAYS_MS, secretKey };
    // While the dead worker's lease lasts, nobody sends it twice…
    expect(
      await runDueDeliveries({ db: database.db, clock: fixedClock(new Date(), 'UTC'), settings }),
    ).toEqual([]);
    // …and once it has passed, another worker delivers it.
    const later = fixedClock(new Date(held!.leaseUntil!.getTime() + 1000), 'UTC');
    expect(await runDueDeliveries({ db: database.db, clock: later, settings })).toEqual(['delivered']);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
    const body = new Webhook(endpoint.body.secret).verify(
      receiver.received[1]!.body,
      receiver.received[1]!.headers,
    );
    expect(body).toMatchObject({ type: 'job.created', data: { jobId: job.body.id } });
    const [after] = await database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, held!.id));
    expect(after).toMatchObject({ status: 'delivered', attempts: 1 });
  }, 180_000);
});
