import type { Db } from '../platform/db';
import { subscribe } from '../platform/events';
import type { EscalationAssignedPayload } from '../modules/escalations';
import type { MessageReceivedPayload } from '../modules/inbox';
import { notifyUser } from '../modules/notifications';

/**
 * Client service reaches the right person in the app whichever path moved the work: an escalation's new
 * owner when a person or the breach check opens, raises or hands it over (the escalations module e-mails
 * them itself); a conversation's assignee when the client writes.
 */
export function subscribeClientServiceAlerts() {
  subscribe('escalation.assigned', 'client-service-alerts', async (db, { payload }) => {
    await tellOwner(db, payload);
  });
  subscribe('conversation.message_received', 'client-service-alerts', async (db, { payload }) => {
    await tellAssignee(db, payload);
  });
}

async function tellOwner(db: Db, e: EscalationAssignedPayload) {
  await notifyUser({
    db,
    userId: e.ownerId,
    kind: 'escalation',
    title: `${e.why}: ${e.title}`,
    link: `/escalations/${e.escalationId}`,
  });
}

async function tellAssignee(db: Db, m: MessageReceivedPayload) {
  if (!m.assigneeId) return;
  await notifyUser({
    db,
    userId: m.assigneeId,
    kind: 'inbox.message',
    title: `E-mail from ${m.from}: ${m.subject}`,
    link: `/inbox/${m.conversationId}`,
  });
}
