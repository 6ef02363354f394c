// The public surface of the escalations module: what other modules, flows and the composition root may use.
export { registerBreachCheck } from './breach-check';
export type { EscalationAssignedPayload } from './events';
export { escalationRoutes } from './routes';
