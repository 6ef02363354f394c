// The public surface of the webhooks module: what flows and the composition root may use.
export type { EndpointDisabledPayload } from './events';
export { isHeard, recordWebhookEvent } from './deliveries';
export { webhookRoutes } from './routes';
export { registerWebhookQueues, sealWebhookSecrets } from './worker';
export { portalWebhookRoutes } from './portal-routes';
export { resolveTarget, urlProblem } from './target';
export type { TargetPolicy } from './target';
