import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { conversations, inboxMessages } from './tables';

/** Public mail services: a sender's domain there says nothing about which client they write for. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'mail.com',
  'zoho.com',
  'comcast.net',
  'att.net',
  'verizon.net',
]);

/** Whether a domain is a public mail service. */
export const isFreeMail = (domain: string) => FREE_MAIL.has(domain.toLowerCase());

const capitalise = (w: string) => (w ? w[0]!.toLocaleUpperCase() + w.slice(1) : w);

/**
 * A first and last name from a From display name ("Zoë Øster", "Øster, Zoë", "Nguyễn → Zoë Øster" keeps all
 * but the last word as the first name), else from the address's local part ("zoe.oster" → Zoe Oster).
 */
export function splitSenderName(displayName: string | null, address: string | null) {
  const name = (displayName ?? '').replace(/^["']+|["']+$/g, '').trim();
  if (name && !name.includes('@')) {
    const comma = name.indexOf(',');
    if (comma > 0) {
      const last = name.slice(0, comma).trim();
      const first = name.slice(comma + 1).trim();
      if (first && last) return { firstName: first.slice(0, 80), lastName: last.slice(0, 80) };
    }
    const words = name.split(/\s+/);
    if (words.length === 1) return { firstName: words[0]!.slice(0, 80), lastName: '' };
    return { firstName: words.slice(0, -1).join(' ').slice(0, 80), lastName: words.at(-1)!.slice(0, 80) };
  }
  const local = (address ?? '').split('@')[0]!.replace(/\+.*$/, '');
  const words = local
    .split(/[._-]+/)
    .filter(Boolean)
    .map(capitalise);
  if (words.length < 2) return { firstName: words[0] ?? '', lastName: '' };
  return { firstName: words.slice(0, -1).join(' ').slice(0, 80), lastName: words.at(-1)!.slice(0, 80) };
}

/** A name for a new account from a domain: `county-schools.example` → "County Schools". */
export function accountNameFromDomain(domain: string | null) {
  if (!domain) return '';
  const labels = domain.split('.');
  const main = labels.length > 1 ? labels[labels.length - 2]! : labels[0]!;
  return main.split(/[-_]+/).filter(Boolean).map(capitalise).join(' ').slice(0, 200);
}

/** The conversation's sender: the address it came from and the display name of its first inbound e-mail. */
export async function conversationSender(db: Db, conversationId: string) {
  const [c] = await db
    .select({ id: conversations.id, accountId: conversations.accountId, from: conversations.fromAddress })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  if (!c) throw notFound('Conversation');
  const [first] = await db
    .select({ name: inboxMessages.fromName, address: inboxMessages.fromAddress })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.conversationId, c.id), eq(inboxMessages.direction, 'in')))
    .orderBy(asc(inboxMessages.at))
    .limit(1);
  const address = c.from ?? first?.address ?? null;
  return {
    id: c.id,
    accountId: c.accountId,
    address,
    displayName: first?.name ?? null,
    domain: address?.includes('@') ? address.split('@')[1]!.toLowerCase() : null,
  };
}

/** Locks a conversation row for the rest of the transaction: two people acting on one sender queue up. */
export async function lockConversation(db: Db, id: string) {
  const [row] = await db
    .select({ id: conversations.id, accountId: conversations.accountId, jobId: conversations.jobId })
    .from(conversations)
    .where(eq(conversations.id, id))
    .for('update');
  if (!row) throw notFound('Conversation');
  return row;
}
