import { subscribe } from '../platform/events';
import { recordAccountContact } from '../modules/accounts';

/**
 * An account's "last contact" follows the inbox: a client's e-mail landing, a reply going out, a call or a
 * meeting logged. The inbox only says what happened; the accounts module keeps the date.
 */
export function subscribeAccountLastContact() {
  subscribe('conversation.message_received', 'account-last-contact', async (db, { subject }) => {
    if (subject.accountId) await recordAccountContact(db, subject.accountId, new Date());
  });
  subscribe('client.contacted', 'account-last-contact', async (db, { payload }) => {
    await recordAccountContact(db, payload.accountId, new Date(payload.at));
  });
}
