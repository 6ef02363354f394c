import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { baseColumns, moment } from '../../platform/db/columns';
import { accounts } from '../accounts/tables';

/**
 * An HTTPS endpoint an admin subscribed to event types. `accountId` limits it to one client account's
 * events (a client's own system). The secret signs every request (Standard Webhooks, `whsec_…`); during a
 * rotation's overlap the previous secret signs too, until `previousSecretExpiresAt`.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    ...baseColumns(),
    url: text('url').notNull(),
    description: text('description'),
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    accountId: uuid('account_id').references(() => accounts.id),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: moment('previous_secret_expires_at'),
    lastSuccessAt: moment('last_success_at'),
  },
  (t) => [index('webhook_endpoints_account_idx').on(t.accountId)],
);

/**
 * One public event, written in the transaction of its cause (so it exists iff the cause committed) and
 * fanned out to the endpoints that hear it by the queue after commit. Portal transactions may insert here.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    accountId: uuid('account_id'),
    /** The body every endpoint receives: `{ type, timestamp, data }`. */
    body: jsonb('body').notNull(),
    createdAt: moment('created_at').notNull().defaultNow(),
    /** When its deliveries were made; the sweep fans out an event whose fan-out job never ran. */
    fannedOutAt: moment('fanned_out_at'),
  },
  (t) => [
    index('webhook_events_created_idx').on(t.createdAt),
    index('webhook_events_waiting_idx')
      .on(t.createdAt)
      .where(sql`fanned_out_at is null`),
  ],
);

/** One event to one endpoint: the message, its state and its schedule. Replays are new rows. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    ...baseColumns(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id),
    eventType: text('event_type').notNull(),
    replayOf: uuid('replay_of'),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: moment('next_attempt_at').notNull().defaultNow(),
    /** A worker holds the delivery until then; a worker that died mid-request lets it go when it passes. */
    leaseUntil: moment('lease_until'),
    /** When the sweep last put it in the queue (so a backlog is not enqueued again every minute). */
    queuedAt: moment('queued_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: moment('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    uniqueIndex('webhook_deliveries_first_key')
      .on(t.eventId, t.endpointId)
      .where(sql`replay_of is null`),
  ],
);

/** The delivery log: every request made, with the answer (status, capped body) and how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    ...baseColumns(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    requestHeaders: jsonb('request_headers').$type<Record<string, string>>().notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.createdAt)],
);
