// The public surface of the escalations module: what other modules, flows and the composition root may use.
export { registerBreachCheck } from './breach-check';
export { createEscalation } from './create-escalation';
export { getEscalation } from './escalation-queries';
export type { EscalationAssignedPayload } from './events';
export { escalationRoutes } from './routes';
