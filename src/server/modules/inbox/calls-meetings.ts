import { and, asc, desc, eq, isNull, lte, lt, or, isNotNull } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Call,
  CallListQuery,
  CreateCall,
  CreateMeeting,
  Meeting,
  MeetingListQuery,
  UpdateCall,
  UpdateMeeting,
} from '../../../shared/inbox';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import { accounts, contacts } from '../accounts/tables';
import { users } from '../users/tables';
import { meetingIcs } from './ics';
import type { InboxDeps } from './service';
import { calls, conversations, meetings } from './tables';

const selectCalls = (db: Db) =>
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
type CallRow = Awaited<ReturnType<ReturnType<typeof selectCalls>['where']>>[number];

const presentCall = ({ c, account, contact, user }: CallRow): Call => ({
  id: c.id,
  account,
  contact: contact?.id ? { id: contact.id, name: `${contact.first} ${contact.last}` } : null,
  conversationId: c.conversationId,
  direction: c.direction,
  durationMinutes: c.durationMinutes,
  summary: c.summary,
  occurredAt: c.occurredAt.toISOString(),
  followUp:
    c.followUpTask && c.followUpDueOn
      ? { task: c.followUpTask, dueOn: c.followUpDueOn, doneAt: c.followUpDoneAt?.toISOString() ?? null }
      : null,
  loggedBy: user,
});

async function checkParties(
  db: Db,
  accountId: string,
  contactIds: (string | null | undefined)[],
  conversationId?: string | null,
) {
  const [account] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  if (!account)
    throw invalid('The account was not found', [{ path: 'accountId', message: 'Unknown account' }]);
  for (const id of contactIds.filter((x): x is string => Boolean(x))) {
    const [c] = await db.select({ accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, id));
    if (!c || c.accountId !== accountId)
      throw invalid('The contact is not one of this client’s', [
        { path: 'contactId', message: 'Not this client’s contact' },
      ]);
  }
  if (conversationId) {
    const [c] = await db
      .select({ accountId: conversations.accountId })
      .from(conversations)
      .where(eq(conversations.id, conversationId));
    if (!c || c.accountId !== accountId)
      throw invalid('The conversation is not this client’s', [
        { path: 'conversationId', message: 'Not this client’s conversation' },
      ]);
  }
}

export async function getCall(db: Db, id: string) {
  const [row] = await selectCalls(db).where(eq(calls.id, id));
  if (!row) throw notFound('Call');
  return presentCall(row);
}

/** Logs a phone call; a follow-up task with a due date lands on the caller's My day. */
export async function logCall(db: Db, actor: Actor, input: z.output<typeof CreateCall>, now = new Date()) {
  await checkParties(db, input.accountId, [input.contactId], input.conversationId);
  const [row] = await db
    .insert(calls)
    .values({
      accountId: input.accountId,
      contactId: input.contactId ?? null,
      conversationId: input.conversationId ?? null,
      direction: input.direction,
      durationMinutes: input.durationMinutes,
      summary: input.summary,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : now,
      followUpTask: input.followUp?.task ?? null,
      followUpDueOn: input.followUp?.dueOn ?? null,
      userId: actor.id,
    })
    .returning();
  if (input.conversationId) {
    // A call answers the client as much as an e-mail does.
    await db
      .update(conversations)
      .set({ lastMessageAt: now, updatedAt: now })
      .where(eq(conversations.id, input.conversationId));
    await db
      .update(conversations)
      .set({ firstResponseAt: now })
      .where(and(eq(conversations.id, input.conversationId), isNull(conversations.firstResponseAt)));
  }
  await recordAudit(db, actor, {
    action: 'call.logged',
    entityType: 'call',
    entityId: row!.id,
    accountId: input.accountId,
    summary: `${input.direction === 'inbound' ? 'Call from the client' : 'Call to the client'} (${input.durationMinutes} min): ${input.summary.slice(0, 140)}`,
    after: { ...input },
  });
  return getCall(db, row!.id);
}

export async function updateCall(
  db: Db,
  actor: Actor,
  id: string,
  input: z.output<typeof UpdateCall>,
  now = new Date(),
) {
  const [before] = await db.select().from(calls).where(eq(calls.id, id)).for('update');
  if (!before) throw notFound('Call');
  if (input.followUpDone !== undefined && !before.followUpTask)
    throw invalid('This call has no follow-up', [{ path: 'followUpDone', message: 'No follow-up task' }]);
  await db
    .update(calls)
    .set({
      ...(input.summary ? { summary: input.summary } : {}),
      ...(input.followUpDone !== undefined ? { followUpDoneAt: input.followUpDone ? now : null } : {}),
      updatedAt: now,
    })
    .where(eq(calls.id, id));
  await recordAudit(db, actor, {
    action: input.followUpDone ? 'call.follow-up-done' : 'call.updated',
    entityType: 'call',
    entityId: id,
    accountId: before.accountId,
    summary: input.followUpDone ? `Follow-up done: ${before.followUpTask}` : 'Call notes changed',
    before: { summary: before.summary, followUpDoneAt: before.followUpDoneAt },
    after: input,
  });
  return getCall(db, id);
}

export async function listCalls(
  db: Db,
  actor: Actor,
  q: z.output<typeof CallListQuery>,
  today: string,
): Promise<Page<Call>> {
  const after = q.cursor ? decodeCursor(q.cursor, 2) : null;
  const rows = await selectCalls(db)
    .where(
      and(
        q.accountId ? eq(calls.accountId, q.accountId) : undefined,
        q.followUpsDue === 'true'
          ? and(
              eq(calls.userId, actor.id ?? '00000000-0000-0000-0000-000000000000'),
              isNotNull(calls.followUpTask),
              isNull(calls.followUpDoneAt),
              lte(calls.followUpDueOn, today),
            )
          : undefined,
        after
          ? or(
              lt(calls.occurredAt, new Date(String(after[0]))),
              and(eq(calls.occurredAt, new Date(String(after[0]))), lt(calls.id, String(after[1]))),
            )
          : undefined,
      ),
    )
    .orderBy(desc(calls.occurredAt), desc(calls.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1)?.c;
  return {
    items: page.map(presentCall),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.occurredAt.toISOString(), last.id]) : null,
  };
}

/** Open follow-ups of a user due by a date, soonest first. */
export async function followUpsDue(db: Db, userId: string, by: string) {
  const rows = await selectCalls(db)
    .where(
      and(
        eq(calls.userId, userId),
        isNotNull(calls.followUpTask),
        isNull(calls.followUpDoneAt),
        lte(calls.followUpDueOn, by),
      ),
    )
    .orderBy(asc(calls.followUpDueOn))
    .limit(100);
  return rows.map(presentCall);
}

const selectMeetings = (db: Db) =>
  db
    .select({
      m: meetings,
      account: { id: accounts.id, name: accounts.name },
      organizer: { name: users.name, email: users.email },
    })
    .from(meetings)
    .innerJoin(accounts, eq(accounts.id, meetings.accountId))
    .leftJoin(users, eq(users.id, meetings.organizerId));
type MeetingRow = Awaited<ReturnType<ReturnType<typeof selectMeetings>['where']>>[number];

const presentMeeting = ({ m, account, organizer }: MeetingRow): Meeting => ({
  id: m.id,
  account,
  conversationId: m.conversationId,
  title: m.title,
  startsAt: m.startsAt.toISOString(),
  endsAt: m.endsAt.toISOString(),
  place: m.place,
  agenda: m.agenda,
  notes: m.notes,
  attendees: m.attendees,
  organizer: organizer?.name ?? null,
  cancelledAt: m.cancelledAt?.toISOString() ?? null,
  inviteUrl: `/api/v1/meetings/${m.id}/invite.ics`,
});

export async function getMeeting(db: Db, id: string) {
  const [row] = await selectMeetings(db).where(eq(meetings.id, id));
  if (!row) throw notFound('Meeting');
  return presentMeeting(row);
}

export async function listMeetings(db: Db, q: z.output<typeof MeetingListQuery>): Promise<Page<Meeting>> {
  const after = q.cursor ? decodeCursor(q.cursor, 2) : null;
  const rows = await selectMeetings(db)
    .where(
      and(
        q.accountId ? eq(meetings.accountId, q.accountId) : undefined,
        after
          ? or(
              lt(meetings.startsAt, new Date(String(after[0]))),
              and(eq(meetings.startsAt, new Date(String(after[0]))), lt(meetings.id, String(after[1]))),
            )
          : undefined,
      ),
    )
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1)?.m;
  return {
    items: page.map(presentMeeting),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.startsAt.toISOString(), last.id]) : null,
  };
}

/** The meeting's invitation as iCalendar text. */
export async function meetingInvite(db: Db, deps: InboxDeps, id: string) {
  const [row] = await selectMeetings(db).where(eq(meetings.id, id));
  if (!row) throw notFound('Meeting');
  const m = row.m;
  return meetingIcs(
    { ...m, cancelled: Boolean(m.cancelledAt) },
    {
      name: row.organizer?.name ?? deps.shopName,
      email: row.organizer?.email ?? `noreply@${deps.replyDomain}`,
    },
    deps.replyDomain,
  );
}

const when = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d);

async function sendInvites(db: Db, deps: InboxDeps, id: string, verb: string) {
  const [row] = await selectMeetings(db).where(eq(meetings.id, id));
  const m = row!.m;
  const ics = await meetingInvite(db, deps, id);
  for (const a of m.attendees) {
    const zone = a.timeZone ?? deps.timeZone;
    await deps.mailer.queueMail(db, {
      to: a.email,
      subject: `${verb}: ${m.title} — ${when(m.startsAt, zone)}`,
      text: [
        `Hello ${a.name},`,
        '',
        `${verb}: ${m.title}`,
        `When: ${when(m.startsAt, zone)} – ${when(m.endsAt, zone)}`,
        ...(m.place ? [`Where: ${m.place}`] : []),
        ...(m.agenda ? ['', 'Agenda:', m.agenda] : []),
        '',
        `${row!.organizer?.name ?? deps.shopName}, ${deps.shopName}`,
      ].join('\n'),
      attachments: [
        {
          filename: 'invite.ics',
          contentType: `text/calendar; charset=utf-8; method=${m.cancelledAt ? 'CANCEL' : 'REQUEST'}`,
          content: Buffer.from(ics),
        },
      ],
    });
  }
}

/** Schedules a meeting and e-mails each attendee an .ics invitation (after commit, through the queue). */
export async function scheduleMeeting(
  db: Db,
  deps: InboxDeps,
  actor: Actor,
  input: z.output<typeof CreateMeeting>,
) {
  await checkParties(
    db,
    input.accountId,
    input.attendees.map((a) => a.contactId),
    input.conversationId,
  );
  for (const [i, a] of input.attendees.entries()) {
    if (a.timeZone) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: a.timeZone });
      } catch {
        throw invalid('Unknown time zone', [
          { path: `attendees.${i}.timeZone`, message: 'Use an IANA zone such as America/Chicago' },
        ]);
      }
    }
  }
  const [row] = await db
    .insert(meetings)
    .values({
      accountId: input.accountId,
      conversationId: input.conversationId ?? null,
      title: input.title,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      place: input.place ?? null,
      agenda: input.agenda ?? null,
      attendees: input.attendees.map((a) => ({
        name: a.name,
        email: a.email.toLowerCase(),
        contactId: a.contactId ?? null,
        timeZone: a.timeZone ?? null,
      })),
      organizerId: actor.id,
    })
    .returning({ id: meetings.id });
  if (input.sendInvites) await sendInvites(db, deps, row!.id, 'Invitation');
  await recordAudit(db, actor, {
    action: 'meeting.scheduled',
    entityType: 'meeting',
    entityId: row!.id,
    accountId: input.accountId,
    summary: `Meeting “${input.title}” on ${when(new Date(input.startsAt), deps.timeZone)}${input.place ? ` at ${input.place}` : ''}`,
    after: input,
  });
  return getMeeting(db, row!.id);
}

/** Notes after the meeting, or cancelling it (attendees get a CANCEL). */
export async function updateMeeting(
  db: Db,
  deps: InboxDeps,
  actor: Actor,
  id: string,
  input: z.output<typeof UpdateMeeting>,
  now = new Date(),
) {
  const [before] = await db.select().from(meetings).where(eq(meetings.id, id)).for('update');
  if (!before) throw notFound('Meeting');
  const cancelling = input.cancel === true && !before.cancelledAt;
  await db
    .update(meetings)
    .set({
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
      ...(cancelling ? { cancelledAt: now, sequence: before.sequence + 1 } : {}),
      updatedAt: now,
    })
    .where(eq(meetings.id, id));
  if (cancelling) await sendInvites(db, deps, id, 'Cancelled');
  await recordAudit(db, actor, {
    action: cancelling ? 'meeting.cancelled' : 'meeting.notes',
    entityType: 'meeting',
    entityId: id,
    accountId: before.accountId,
    summary: cancelling ? `Meeting “${before.title}” cancelled` : `Notes of the meeting “${before.title}”`,
    before: { notes: before.notes },
    after: input,
  });
  return getMeeting(db, id);
}
