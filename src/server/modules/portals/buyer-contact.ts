import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { createContact, listContacts } from '../accounts';
import { portalUsers } from './tables';

type UserRow = typeof portalUsers.$inferSelect;
const ROLES = { buyer: ['buyer'], approver: ['approver'], client_admin: ['approver'], viewer: [] } as const;

/** "Nguyễn Văn An" → first "Nguyễn Văn", last "An"; a one-word name keeps it as the first name. */
function splitName(name: string) {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return { firstName: name.trim().slice(0, 80), lastName: '(portal)' };
  return { firstName: words.slice(0, -1).join(' ').slice(0, 80), lastName: words.at(-1)!.slice(0, 80) };
}

/**
 * Makes a portal user one of the account's contacts (the one with their e-mail, or a new one) and records it on
 * the user, so the jobs their orders become name them. Runs on the staff side (inviting), where contacts may be
 * written; the portal's own role may only read them.
 */
export async function linkBuyerContact(opts: ServiceContext & { user: UserRow }) {
  const { db, user } = opts;
  const contactId = await findContactByEmail(db, user.accountId, user.email);
  const id = contactId ?? (await newContact(opts));
  if (!id) return null;
  await db.update(portalUsers).set({ contactId: id }).where(eq(portalUsers.id, user.id));
  return id;
}

/** A new contact for the user; none on an archived account (it takes no new contacts: the job goes without). */
async function newContact(opts: ServiceContext & { user: UserRow }) {
  const { user } = opts;
  try {
    const contact = await createContact({
      ...opts,
      accountId: user.accountId,
      input: {
        ...splitName(user.name),
        title: null,
        emails: [user.email],
        phones: [],
        roles: [...ROLES[user.role]],
        preferredChannel: 'email',
        isPrimary: false,
        notes: 'Added as a portal user',
      },
    });
    return contact.id;
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFLICT') return null;
    throw err;
  }
}

async function findContactByEmail(db: Db, accountId: string, email: string) {
  const contacts = await listContacts({ db, accountId, includeArchived: false });
  return contacts.find((c) => c.emails.some((e) => e.toLowerCase() === email.toLowerCase()))?.id ?? null;
}

/** Who placed an order, as the order → job flow names them: their contact, or one found by their e-mail. */
export async function buyerContactOf(db: Db, buyerId: string) {
  const [user] = await db.select().from(portalUsers).where(eq(portalUsers.id, buyerId));
  if (!user) return null;
  return user.contactId ?? (await findContactByEmail(db, user.accountId, user.email));
}
