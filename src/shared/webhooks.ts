import { z } from 'zod';
import { webUrl } from './common';

/** The public event types an endpoint can hear (docs/webhooks.md has each one's payload). */
export const WEBHOOK_EVENT_TYPES = [
  'job.created',
  'job.changed',
  'job.status_changed',
  'job.at_risk',
  'job.late',
  'stage.changed',
  'stage.blocked',
  'proof.sent',
  'proof.decided',
  'quote.sent',
  'quote.accepted',
  'quote.declined',
  'order.placed',
  'order.approved',
  'order.rejected',
  'order.released',
  'shipment.shipped',
  'shipment.delivered',
  'shipment.exception',
  'purchase_order.sent',
  'purchase_order.received',
  'purchase_order.updated',
  'message.received',
  'escalation.opened',
  'escalation.resolved',
  'stock.low',
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
/**
 * The version of the body every endpoint receives (`{ type, version, timestamp, data }`). 2: `data` carries
 * the resource as the API presents it (`job`, `order`…) beside the event's own fields.
 */
export const WEBHOOK_ENVELOPE_VERSION = 2 as const;
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const EventTypeInfo = z.object({
  type: WebhookEventType,
  description: z.string(),
  /** An example of the body an endpoint receives. */
  example: z.object({
    type: WebhookEventType,
    version: z.literal(WEBHOOK_ENVELOPE_VERSION),
    timestamp: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
});
export const EventTypeList = z.object({ items: z.array(EventTypeInfo) });

const eventTypes = z
  .array(WebhookEventType)
  .min(1, 'Choose at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((types) => [...new Set(types)]);

export const CreateWebhookEndpoint = z
  .object({
    url: webUrl(2000),
    description: z.string().trim().max(500).nullable().optional(),
    eventTypes,
    /** Limits the endpoint to one client account's events (a client's own system). */
    accountId: z.uuid().nullable().optional(),
  })
  .strict();

export const UpdateWebhookEndpoint = z
  .object({
    url: webUrl(2000).optional(),
    description: z.string().trim().max(500).nullable().optional(),
    eventTypes: eventTypes.optional(),
    accountId: z.uuid().nullable().optional(),
    enabled: z.boolean().optional(),
    /** Makes a new secret; the old one still signs (a second signature) for `rotationOverlapHours`. */
    rotateSecret: z.boolean().optional(),
    rotationOverlapHours: z.number().int().min(0).max(168).optional(),
  })
  .strict();

export const WebhookEndpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(WebhookEventType),
  accountId: z.uuid().nullable(),
  accountName: z.string().nullable(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  /** The start of the secret, to tell which one a receiver holds. */
  secretHint: z.string(),
  /** Shown once: in the answer to the create and to a rotation. */
  secret: z.string().optional(),
  previousSecretExpiresAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookAttempt = z.object({
  id: z.uuid(),
  at: z.string(),
  url: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

export const WebhookDelivery = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  /** The `webhook-id` header: the same for every attempt and every replay of one event. */
  messageId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  replayOf: z.uuid().nullable(),
  createdAt: z.string(),
  body: z.unknown(),
  log: z.array(WebhookAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const DeliveryListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});

/** What a portal client admin sends to subscribe their own system: always their own account's events. */
export const CreatePortalWebhookEndpoint = CreateWebhookEndpoint.omit({ accountId: true }).strict();
/** What a portal client admin may change of their endpoint (not the account it hears). */
export const UpdatePortalWebhookEndpoint = UpdateWebhookEndpoint.omit({ accountId: true }).strict();
