import { z } from 'zod';
import { CreateAccount, CreateContact } from '../../shared/accounts';
import type { SenderSuggestion, SenderToClient } from '../../shared/inbox-actions';
import { conflict } from '../platform/errors';
import type { Db } from '../platform/db';
import type { ServiceContext } from '../platform/service-context';
import { accountsByContactDomain, createAccount, createContact, getAccount } from '../modules/accounts';
import {
  accountNameFromDomain,
  conversationSender,
  isFreeMail,
  linkSender,
  lockConversation,
  splitSenderName,
  type InboxSettings,
} from '../modules/inbox';

/**
 * What to suggest for an unknown sender: their name from the From header, and the accounts whose contacts
 * write from the same domain (none for public mail services), or a new account named after the domain.
 */
export async function suggestSenderClient(db: Db, conversationId: string): Promise<SenderSuggestion> {
  const s = await conversationSender(db, conversationId);
  const freeMail = s.domain ? isFreeMail(s.domain) : false;
  const accounts = s.domain && !freeMail ? await accountsByContactDomain(db, s.domain) : [];
  return {
    address: s.address,
    displayName: s.displayName,
    ...splitSenderName(s.displayName, s.address),
    domain: s.domain,
    freeMail,
    accounts,
    newAccountName: freeMail ? '' : accountNameFromDomain(s.domain),
  };
}

/**
 * Makes an unknown sender a contact — of a chosen account, or of a new account made here — and links the
 * conversation (and, remembered, the sender's other unmatched mail) to it. All in the caller's transaction:
 * a refused step leaves no account or contact behind. The conversation is locked first, so two people
 * turning the same sender into a client at once make one contact; the second is told it is linked.
 */
export async function createClientFromSender(
  opts: ServiceContext & {
    settings: InboxSettings;
    conversationId: string;
    input: z.output<typeof SenderToClient>;
  },
) {
  const { db, input } = opts;
  const locked = await lockConversation(db, opts.conversationId);
  if (locked.accountId) throw conflict('This conversation is already linked to a client');
  const sender = await conversationSender(db, locked.id);
  if (!sender.address || sender.address.endsWith('@invalid'))
    throw conflict('The e-mail has no sender address to make a contact of');
  if (!z.email().safeParse(sender.address).success)
    throw conflict(`The sender address ${sender.address} is not one a contact can hold`);
  let account: { id: string; name: string; created: boolean };
  if (input.accountId) {
    const existing = await getAccount({ db, id: input.accountId, health: false });
    if (existing.archivedAt) throw conflict('The account is archived; restore it before adding contacts');
    account = { id: existing.id, name: existing.name, created: false };
  } else {
    const made = await createAccount({
      ...opts,
      input: CreateAccount.parse({ name: input.newAccount!.name, segment: input.newAccount!.segment }),
    });
    account = { id: made.id, name: made.name, created: true };
  }
  const contact = await createContact({
    ...opts,
    accountId: account.id,
    input: CreateContact.parse({
      firstName: input.firstName,
      lastName: input.lastName,
      title: input.title ?? null,
      emails: [sender.address],
    }),
  });
  const conversation = await linkSender({
    ...opts,
    id: locked.id,
    input: { contactId: contact.id, remember: input.remember },
  });
  return { account, contact: { id: contact.id, name: contact.name }, conversation };
}
