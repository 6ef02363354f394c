// The public surface of the inbox module: what other modules, flows and the composition root may use.
export { conversationSubjects, conversationsPastTarget, findConversationLinks } from './conversation-queries';
export type { ClientContactedPayload, MessageReceivedPayload } from './events';
export { inboxRoutes } from './routes';
export { inboxSettings, shopBusinessHours } from './settings';
export type { InboxSettings } from './settings';
export { inboundOf, registerInbox, startInboundListener, stopInboundListener } from './wire';
