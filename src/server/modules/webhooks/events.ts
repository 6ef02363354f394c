/** The webhooks module's own event: an endpoint was switched off after failing for days. */
export type EndpointDisabledPayload = { endpointId: string; url: string; reason: string };

declare module '../../platform/events' {
  interface DomainEvents {
    /** Every attempt of a delivery failed (about three days) with no success since it began: the endpoint is off. */
    'webhook_endpoint.disabled': EndpointDisabledPayload;
  }
}
