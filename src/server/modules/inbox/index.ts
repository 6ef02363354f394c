// The public surface of the inbox module: what other modules, flows and the composition root may use.
export {
  conversationSubjects,
  conversationsPastTarget,
  findConversationLinks,
  getConversation,
  getMessageRow,
} from './conversation-queries';
export type { ClientContactedPayload, MessageReceivedPayload } from './events';
export { inboxRoutes } from './routes';
export {
  accountNameFromDomain,
  conversationSender,
  isFreeMail,
  lockConversation,
  splitSenderName,
} from './sender';
export { inboxSettings, shopBusinessHours } from './settings';
export type { InboxSettings } from './settings';
export { linkSender } from './update-conversation';
export { inboundOf, registerInbox, startInboundListener, stopInboundListener } from './wire';
