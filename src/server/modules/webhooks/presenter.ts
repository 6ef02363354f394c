import type { WebhookDelivery, WebhookEndpoint } from '../../../shared/webhooks';
import { unseal } from '../../platform/secret-box';
import { secretHint } from './signing';
import type { webhookAttempts, webhookDeliveries, webhookEndpoints } from './tables';

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;
type AttemptRow = typeof webhookAttempts.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An endpoint as the API shows it: the secret only when `withSecret` (its creation or rotation). */
export function presentEndpoint(
  row: EndpointRow,
  accountName: string | null,
  key: Buffer,
  withSecret = false,
): WebhookEndpoint {
  const secret = unseal(key, row.secret);
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes as WebhookEndpoint['eventTypes'],
    accountId: row.accountId,
    accountName,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    secretHint: secretHint(secret),
    ...(withSecret ? { secret } : {}),
    previousSecretExpiresAt: iso(row.previousSecretExpiresAt),
    lastSuccessAt: iso(row.lastSuccessAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The `webhook-id` of an event: one per event, kept by retries and replays so receivers can drop repeats. */
export const messageId = (eventId: string) => `msg_${eventId.replaceAll('-', '')}`;

export function presentDelivery(row: DeliveryRow, body: unknown, log: AttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    messageId: messageId(row.eventId),
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    deliveredAt: iso(row.deliveredAt),
    replayOf: row.replayOf,
    createdAt: row.createdAt.toISOString(),
    body,
    log: log.map((a) => ({
      id: a.id,
      at: a.createdAt.toISOString(),
      url: a.url,
      requestHeaders: a.requestHeaders,
      responseStatus: a.responseStatus,
      responseBody: a.responseBody,
      error: a.error,
      durationMs: a.durationMs,
    })),
  };
}
