import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { prepared, type Db } from '../../platform/db';
import { mailMessages } from '../../platform/mail-tables';
import { accounts, contacts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';
import { calls, conversations, inboxMessages, meetings } from './tables';

// The inbox's reads of the clients, jobs and users its conversations, calls and meetings point at: one
// file, so the reads of other modules' tables (listed in the dependency baseline) stay in one place.

export type Sender = {
  contactId: string;
  contactName: string;
  accountId: string;
  ownerId: string | null;
  segment: 'state' | 'education' | 'corporate' | 'other';
};

/** The contact an address belongs to: one a person linked from the unmatched queue, else by contact e-mails. */
export async function findSender(db: Db, address: string): Promise<Sender | null> {
  const email = address.trim().toLowerCase();
  const select = db
    .select({
      contactId: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      accountId: accounts.id,
      ownerId: accounts.ownerId,
      segment: accounts.segment,
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId));
  const [known] = await select
    .where(eq(contacts.id, sql`(select contact_id from inbox_known_senders where address = ${email})`))
    .limit(1);
  const row =
    known ??
    (
      await select
        .where(
          and(
            isNull(contacts.archivedAt),
            isNull(accounts.archivedAt),
            sql`exists (select 1 from unnest(${contacts.emails}) e where lower(e) = ${email})`,
          ),
        )
        .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt))
        .limit(1)
    )[0];
  if (!row) return null;
  return {
    contactId: row.contactId,
    contactName: `${row.firstName} ${row.lastName}`,
    accountId: row.accountId,
    ownerId: row.ownerId,
    segment: row.segment,
  };
}

/** Conversations with their client, contact, assignee and job; callers add the where clause. */
export const selectConversations = (db: Db) =>
  db
    .select({
      c: conversations,
      account: { id: accounts.id, name: accounts.name },
      contact: {
        id: contacts.id,
        first: contacts.firstName,
        last: contacts.lastName,
        emails: contacts.emails,
      },
      assignee: { id: users.id, name: users.name },
      job: { id: jobs.id, number: jobs.number, title: jobs.title },
    })
    .from(conversations)
    .leftJoin(accounts, eq(accounts.id, conversations.accountId))
    .leftJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .leftJoin(jobs, eq(jobs.id, conversations.jobId));
export type ConversationRow = Awaited<ReturnType<ReturnType<typeof selectConversations>['where']>>[number];

/** Messages with their delivery status and author; callers add the where clause. */
export const selectMessages = (db: Db) =>
  db
    .select({
      m: inboxMessages,
      mail: { status: mailMessages.status, error: mailMessages.error },
      author: users.name,
    })
    .from(inboxMessages)
    .leftJoin(mailMessages, eq(mailMessages.id, inboxMessages.mailMessageId))
    .leftJoin(users, eq(users.id, inboxMessages.authorId));

/** Calls with their client, contact and the user who logged them; callers add the where clause. */
export const selectCalls = (db: Db) =>
  db
    .select({
      c: calls,
      account: { id: accounts.id, name: accounts.name },
      contact: { id: contacts.id, first: contacts.firstName, last: contacts.lastName },
      user: users.name,
    })
    .from(calls)
    .innerJoin(accounts, eq(accounts.id, calls.accountId))
    .leftJoin(contacts, eq(contacts.id, calls.contactId))
    .leftJoin(users, eq(users.id, calls.userId));
export type CallRow = Awaited<ReturnType<ReturnType<typeof selectCalls>['where']>>[number];

/** Meetings with their client and organiser; callers add the where clause. */
export const selectMeetings = (db: Db) =>
  db
    .select({
      m: meetings,
      account: { id: accounts.id, name: accounts.name },
      organizer: { name: users.name, email: users.email },
    })
    .from(meetings)
    .innerJoin(accounts, eq(accounts.id, meetings.accountId))
    .leftJoin(users, eq(users.id, meetings.organizerId));
export type MeetingRow = Awaited<ReturnType<ReturnType<typeof selectMeetings>['where']>>[number];

/** Whether an account exists. */
export async function accountExists(db: Db, accountId: string) {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  return Boolean(row);
}

/** An account's client segment (response targets differ by segment), or null. */
export async function accountSegment(db: Db, accountId: string | null) {
  if (!accountId) return null;
  const [row] = await db.select({ s: accounts.segment }).from(accounts).where(eq(accounts.id, accountId));
  return row?.s ?? null;
}

/** The account a contact belongs to, or null when there is no such contact. */
export async function contactAccountId(db: Db, contactId: string) {
  const [row] = await db
    .select({ accountId: contacts.accountId })
    .from(contacts)
    .where(eq(contacts.id, contactId));
  return row?.accountId ?? null;
}

/** A live contact with what linking a sender to it needs: its account, that account's owner and segment. */
export async function findLinkableContact(db: Db, contactId: string) {
  const [row] = await db
    .select({
      id: contacts.id,
      accountId: contacts.accountId,
      ownerId: accounts.ownerId,
      segment: accounts.segment,
      name: sql<string>`${contacts.firstName} || ' ' || ${contacts.lastName}`,
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(and(eq(contacts.id, contactId), isNull(contacts.archivedAt)));
  return row ?? null;
}

/** Whether a user exists and is active (conversations are assigned to active users only). */
export async function isActiveUser(db: Db, userId: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)));
  return Boolean(row);
}

/** A job's account, or null when there is no such job. */
export async function jobAccountId(db: Db, jobId: string) {
  const [row] = await db.select({ accountId: jobs.accountId }).from(jobs).where(eq(jobs.id, jobId));
  return row?.accountId ?? null;
}

/** A job by its number (an inbound subject may name one). */
export async function findJobByNumber(db: Db, number: string) {
  const [row] = await db
    .select({ id: jobs.id, accountId: jobs.accountId })
    .from(jobs)
    .where(eq(jobs.number, number));
  return row ?? null;
}

/** What a reply's merge fields say about the conversation's contact, client, job and the writer. */
export async function replyParties(
  db: Db,
  c: { contactId: string | null; accountId: string | null; jobId: string | null },
  userId: string | null,
) {
  const [contact] = c.contactId ? await db.select().from(contacts).where(eq(contacts.id, c.contactId)) : [];
  const [account] = c.accountId ? await db.select().from(accounts).where(eq(accounts.id, c.accountId)) : [];
  const [job] = c.jobId ? await db.select().from(jobs).where(eq(jobs.id, c.jobId)) : [];
  const [me] = userId ? await db.select({ name: users.name }).from(users).where(eq(users.id, userId)) : [];
  return { contact, account, job, me };
}

/** Conversations not yet resolved, counted per account, for the given accounts (those with none are left out). */
export async function countOpenQueriesByAccount(db: Db, accountIds: string[]) {
  const query = prepared(db, 'open_queries_by_account', (d) =>
    d
      .select({ id: conversations.accountId, n: sql<number>`count(*)::int` })
      .from(conversations)
      .where(
        and(
          sql`${conversations.accountId} = any(${sql.placeholder('ids')}::uuid[])`,
          ne(conversations.status, 'resolved'),
        ),
      )
      .groupBy(conversations.accountId)
      .prepare('open_queries_by_account'),
  );
  return query.execute({ ids: accountIds });
}
