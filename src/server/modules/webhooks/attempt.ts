import { and, asc, eq, isNull, lt, lte, or } from 'drizzle-orm';
import { systemActor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import type { Clock } from '../../platform/service-context';
import { signingSecrets } from './endpoints';
import { postWebhook } from './post';
import { messageId } from './presenter';
import type { WebhookSettings } from './settings';
import { signedHeaders } from './signing';
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from './tables';

/** Longer than any request may take: a worker still holding a delivery after this has died. */
const leaseMs = (settings: WebhookSettings) => settings.timeoutMs + 30_000;

/** Deliveries that may be attempted now: pending, due, not held by a live worker, to an enabled endpoint. */
export const dueNow = (now: Date) =>
  and(
    eq(webhookDeliveries.status, 'pending'),
    lte(webhookDeliveries.nextAttemptAt, now),
    or(isNull(webhookDeliveries.leaseUntil), lt(webhookDeliveries.leaseUntil, now)),
    eq(webhookEndpoints.enabled, true),
  );

export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

/**
 * Makes one attempt of one delivery: claims it under a lease (one atomic update, so two workers never send
 * it at once; a worker killed mid-request lets it go when the lease passes), signs and POSTs the event, then
 * records the attempt and the next step — delivered, a retry on the schedule, or failed for good (which
 * switches the endpoint off when nothing reached it since the delivery began).
 */
export async function attemptDelivery(opts: {
  db: Db;
  clock: Clock;
  settings: WebhookSettings;
  id: string;
}): Promise<AttemptOutcome> {
  const { db, settings } = opts;
  const now = opts.clock.now();
  const lease = new Date(now.getTime() + leaseMs(settings));
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ leaseUntil: lease })
    .where(
      and(
        eq(webhookDeliveries.id, opts.id),
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, now),
        or(isNull(webhookDeliveries.leaseUntil), lt(webhookDeliveries.leaseUntil, now)),
      ),
    )
    .returning();
  if (!claimed) return 'skipped';
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, claimed.endpointId));
  if (!endpoint?.enabled) {
    await db.update(webhookDeliveries).set({ leaseUntil: null }).where(eq(webhookDeliveries.id, claimed.id));
    return 'skipped';
  }
  const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, claimed.eventId));
  const body = JSON.stringify(event!.body);
  const headers = signedHeaders({
    id: messageId(claimed.eventId),
    at: now,
    body,
    secrets: signingSecrets(endpoint, now, settings.secretKey),
  });
  const result = await postWebhook({
    url: endpoint.url,
    headers,
    body,
    timeoutMs: settings.timeoutMs,
    policy: settings,
  });
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  const attempts = claimed.attempts + 1;
  const error = ok ? null : (result.error ?? `the receiver answered ${result.status}`);
  const finalFailure = !ok && attempts > settings.retryDelaysMs.length;
  const after = opts.clock.now();
  return db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      deliveryId: claimed.id,
      url: endpoint.url,
      requestHeaders: headers,
      responseStatus: result.status,
      responseBody: result.body,
      error: result.error,
      durationMs: result.durationMs,
    });
    const [held] = await tx
      .update(webhookDeliveries)
      .set({
        attempts,
        lastStatus: result.status,
        lastError: error,
        leaseUntil: null,
        queuedAt: null,
        updatedAt: new Date(),
        ...(ok
          ? { status: 'delivered' as const, deliveredAt: after }
          : finalFailure
            ? { status: 'failed' as const }
            : { nextAttemptAt: new Date(after.getTime() + settings.retryDelaysMs[attempts - 1]!) }),
      })
      .where(and(eq(webhookDeliveries.id, claimed.id), eq(webhookDeliveries.leaseUntil, lease)))
      .returning({ id: webhookDeliveries.id });
    // Another worker took it over (this one outlived its lease): its outcome is the one that counts.
    if (!held) return 'skipped';
    if (ok) {
      await tx
        .update(webhookEndpoints)
        .set({ lastSuccessAt: after })
        .where(eq(webhookEndpoints.id, endpoint.id));
      return 'delivered';
    }
    if (!finalFailure) return 'retry';
    await disableIfDead(tx, endpoint.id, claimed.createdAt, error!);
    return 'failed';
  });
}

async function disableIfDead(db: Db, endpointId: string, since: Date, error: string) {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, endpointId))
    .for('update');
  if (!row?.enabled || (row.lastSuccessAt && row.lastSuccessAt >= since)) return;
  const reason = `Every attempt failed since ${since.toISOString()} (last: ${error})`;
  await db
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: new Date() })
    .where(eq(webhookEndpoints.id, endpointId));
  await emit(
    db,
    systemActor,
    'webhook_endpoint.disabled',
    {
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      accountId: row.accountId,
    },
    { endpointId, url: row.url, reason },
  );
}

/**
 * Attempts every delivery due at the clock's moment, oldest first: what a worker does after the sweep, and
 * what a test does with a clock it moves (retries three days long, checked in seconds).
 */
export async function runDueDeliveries(opts: {
  db: Db;
  clock: Clock;
  settings: WebhookSettings;
  limit?: number;
}) {
  const due = await opts.db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(dueNow(opts.clock.now()))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(opts.limit ?? 100);
  const outcomes: AttemptOutcome[] = [];
  for (const { id } of due) outcomes.push(await attemptDelivery({ ...opts, id }));
  return outcomes;
}
