import type { z } from 'zod';
import type { EscalateConversation } from '../../shared/inbox-actions';
import { conflict, notFound } from '../platform/errors';
import type { Mailer } from '../platform/mail';
import type { ServiceContext } from '../platform/service-context';
import { createEscalation, getEscalation } from '../modules/escalations';
import { findConversationLinks, shopBusinessHours, type InboxSettings } from '../modules/inbox';
import { createClientFromSender } from './inbox-sender-to-client';

/**
 * Escalates a conversation, matched or not. An escalation belongs to a client and is owned first by its
 * account manager, so an unmatched thread is not escalated without one: the request names the sender's
 * client (`sender`: an existing account or a new one), which is made and linked first, in the same
 * transaction — a refused escalation leaves no new account or contact behind.
 */
export async function escalateConversation(
  opts: ServiceContext & {
    settings: InboxSettings;
    mail: { mailer: Mailer; publicUrl: string };
    conversationId: string;
    input: z.output<typeof EscalateConversation>;
  },
) {
  const { db, input } = opts;
  const { sender, ...escalation } = input;
  if (sender) await createClientFromSender({ ...opts, input: sender });
  else {
    const c = await findConversationLinks(db, opts.conversationId);
    if (!c) throw notFound('Conversation');
    if (!c.accountId)
      throw conflict('The sender is not linked to a client: name the client (sender) to escalate');
  }
  const hours = await shopBusinessHours(db, opts.settings);
  const row = await createEscalation({
    ...opts,
    hours,
    input: { ...escalation, conversationId: opts.conversationId },
  });
  return getEscalation({ db, clock: opts.clock, id: row.id });
}
