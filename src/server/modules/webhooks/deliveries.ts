import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  WEBHOOK_ENVELOPE_VERSION,
  type DeliveryListQuery,
  type WebhookEventType,
} from '../../../shared/webhooks';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import type { Queue } from '../../platform/queue';
import type { Clock, ServiceContext } from '../../platform/service-context';
import { dueNow } from './attempt';
import { findEndpoint } from './endpoints';
import { presentDelivery } from './presenter';
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from './tables';

export const FAN_OUT_QUEUE = 'webhooks.fan-out';
export const DELIVER_QUEUE = 'webhooks.deliver';
export const SWEEP_QUEUE = 'webhooks.sweep';
/** A delivery the sweep queued and nobody has tried since is queued again after this. */
const REQUEUE_AFTER_MS = 5 * 60_000;

/**
 * Records a public event in the caller's transaction (the cause's) and queues its fan-out there too: it
 * reaches endpoints if and only if the cause committed. Runs in portal transactions as well (the portal role
 * may insert events of its own account).
 */
export async function recordWebhookEvent(
  db: Db,
  queue: Queue,
  event: { type: WebhookEventType; accountId: string | null; at: Date; data: Record<string, unknown> },
) {
  const id = randomUUID();
  await db.insert(webhookEvents).values({
    id,
    type: event.type,
    accountId: event.accountId,
    body: {
      type: event.type,
      version: WEBHOOK_ENVELOPE_VERSION,
      timestamp: event.at.toISOString(),
      data: event.data,
    },
    createdAt: event.at,
  });
  // A context whose queue has stopped (a worker shutting down) leaves the event to the minute sweep.
  if (queue.running) await queue.send(db, FAN_OUT_QUEUE, { eventId: id });
}

/**
 * Whether an enabled endpoint hears an event of this type for this account (or for every account) now. An event
 * nobody hears is not recorded: the cause's transaction then spends one statement on webhooks, not six. An
 * endpoint made while the cause's transaction runs may miss that one event, as it would if made a moment later.
 */
export async function isHeard(db: Db, type: WebhookEventType, accountId: string | null): Promise<boolean> {
  const result = (await db.execute(
    sql`select webhook_heard(${type}, ${accountId}::uuid) as heard`,
  )) as unknown as { rows: { heard: boolean }[] };
  return result.rows[0]!.heard;
}

/**
 * Makes one delivery per enabled endpoint that hears the event (its type, and its account when the endpoint
 * is limited to one) and queues them. Idempotent: run twice, it makes no second delivery.
 */
export async function fanOut(opts: { db: Db; queue: Queue; eventId: string }) {
  await opts.db.transaction(async (tx) => {
    const [event] = await tx
      .update(webhookEvents)
      .set({ fannedOutAt: new Date() })
      .where(eq(webhookEvents.id, opts.eventId))
      .returning();
    if (!event) return;
    const endpoints = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(
        and(
          eq(webhookEndpoints.enabled, true),
          sql`${webhookEndpoints.eventTypes} ? ${event.type}`,
          lte(webhookEndpoints.createdAt, event.createdAt),
          event.accountId
            ? or(isNull(webhookEndpoints.accountId), eq(webhookEndpoints.accountId, event.accountId))
            : isNull(webhookEndpoints.accountId),
        ),
      );
    if (!endpoints.length) return;
    const made = await tx
      .insert(webhookDeliveries)
      .values(endpoints.map((e) => ({ endpointId: e.id, eventId: event.id, eventType: event.type })))
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    for (const d of made) await opts.queue.send(tx, DELIVER_QUEUE, { id: d.id });
  });
}

/**
 * Every minute: fans out events whose fan-out never ran, and queues the deliveries whose retry is due and
 * those a dead worker left (lease passed). The
 * attempt claims its delivery, so a delivery queued twice is still sent once per attempt.
 */
export async function sweepDeliveries(opts: { db: Db; queue: Queue; clock: Clock }) {
  const now = opts.clock.now();
  const waiting = await opts.db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(isNull(webhookEvents.fannedOutAt), lt(webhookEvents.createdAt, new Date(now.getTime() - 30_000))),
    )
    .orderBy(asc(webhookEvents.createdAt))
    .limit(500);
  for (const e of waiting) await fanOut({ ...opts, eventId: e.id });
  return opts.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(
        and(
          dueNow(now),
          or(
            isNull(webhookDeliveries.queuedAt),
            lt(webhookDeliveries.queuedAt, new Date(now.getTime() - REQUEUE_AFTER_MS)),
          ),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(500)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    if (!due.length) return 0;
    await tx
      .update(webhookDeliveries)
      .set({ queuedAt: now })
      .where(
        inArray(
          webhookDeliveries.id,
          due.map((d) => d.id),
        ),
      );
    for (const d of due) await opts.queue.send(tx, DELIVER_QUEUE, { id: d.id });
    return due.length;
  });
}

async function withLog(db: Db, rows: (typeof webhookDeliveries.$inferSelect)[]) {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [log, events] = await Promise.all([
    db
      .select()
      .from(webhookAttempts)
      .where(inArray(webhookAttempts.deliveryId, ids))
      .orderBy(asc(webhookAttempts.createdAt)),
    db
      .select({ id: webhookEvents.id, body: webhookEvents.body })
      .from(webhookEvents)
      .where(
        inArray(
          webhookEvents.id,
          rows.map((r) => r.eventId),
        ),
      ),
  ]);
  const bodies = new Map(events.map((e) => [e.id, e.body]));
  return rows.map((r) =>
    presentDelivery(
      r,
      bodies.get(r.eventId) ?? null,
      log.filter((a) => a.deliveryId === r.id),
    ),
  );
}

/** An endpoint's deliveries, newest first, each with its attempt log. */
export async function listDeliveries(opts: {
  db: Db;
  endpointId: string;
  query: z.output<typeof DeliveryListQuery>;
  accountId?: string;
}) {
  await findEndpoint(opts.db, opts.endpointId, false, opts.accountId);
  const rows = await opts.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, opts.endpointId),
        opts.query.status ? eq(webhookDeliveries.status, opts.query.status) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(opts.query.limit);
  return { items: await withLog(opts.db, rows), nextCursor: null };
}

export async function getDelivery(opts: { db: Db; id: string; accountId?: string }) {
  const [row] = await opts.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, opts.id));
  if (!row) throw notFound('Webhook delivery');
  if (opts.accountId)
    await findEndpoint(opts.db, row.endpointId, false, opts.accountId).catch(() => {
      throw notFound('Webhook delivery');
    });
  return (await withLog(opts.db, [row]))[0]!;
}

/**
 * Sends a delivery's event again as a new delivery (same `webhook-id`, so a receiver that kept it can tell),
 * now, with a fresh schedule. Refused while the endpoint is switched off.
 */
export async function replayDelivery(
  opts: ServiceContext & { queue: Queue; id: string; accountId?: string },
) {
  const { db } = opts;
  const [original] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, opts.id));
  if (!original) throw notFound('Webhook delivery');
  // Another account's delivery is as missing as an unknown one.
  const endpoint = await findEndpoint(db, original.endpointId, false, opts.accountId).catch(() => {
    throw notFound('Webhook delivery');
  });
  if (!endpoint.enabled) throw conflict('The endpoint is disabled: enable it before replaying');
  const [row] = await db
    .insert(webhookDeliveries)
    .values({
      endpointId: original.endpointId,
      eventId: original.eventId,
      eventType: original.eventType,
      replayOf: original.replayOf ?? original.id,
      nextAttemptAt: opts.clock.now(),
    })
    .returning();
  await opts.queue.send(db, DELIVER_QUEUE, { id: row!.id });
  await recordAudit(db, opts.actor, {
    action: 'webhook_delivery.replay',
    entityType: 'webhook_delivery',
    entityId: row!.id,
    accountId: endpoint.accountId,
    summary: `Replayed ${original.eventType} to ${endpoint.url}`,
    before: { deliveryId: original.id },
  });
  return (await withLog(db, [row!]))[0]!;
}
