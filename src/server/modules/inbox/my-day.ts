import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { InboxMyDay } from '../../../shared/inbox';
import type { Db } from '../../platform/db';
import { accounts, contacts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';
import { followUpsDue } from './calls-meetings';
import { presentConversations, type InboxDeps } from './service';
import { conversations } from './tables';

/** The inbox's part of My day: my client messages waiting on us, oldest first, and my follow-ups due. */
export async function inboxMyDay(
  db: Db,
  deps: InboxDeps,
  userId: string,
  today: string,
): Promise<InboxMyDay> {
  const rows = await db
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
    .leftJoin(jobs, eq(jobs.id, conversations.jobId))
    .where(
      and(
        eq(conversations.assigneeId, userId),
        inArray(conversations.status, ['open', 'waiting_on_us']),
        isNotNull(conversations.lastInboundAt),
      ),
    )
    .orderBy(asc(conversations.lastInboundAt))
    .limit(100);
  return {
    unanswered: await presentConversations(db, rows, await deps.hours(db)),
    followUps: await followUpsDue(db, userId, today),
  };
}
