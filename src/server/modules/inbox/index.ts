// The public surface of the inbox module: what other modules, flows and the composition root may use.
export { inboxRoutes } from './routes';
export { inboxDeps } from './service';
export type { InboxDeps } from './service';
export { registerInbox, startInboundListener, stopInboundListener } from './wire';
