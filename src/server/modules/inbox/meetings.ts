import { and, asc, desc, eq, lt, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateMeeting, Meeting, MeetingListQuery, UpdateMeeting } from '../../../shared/inbox';
import { recordAudit } from '../../platform/audit';
import { emitContacted } from './contacted';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { Mailer } from '../../platform/mail';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import type { ServiceContext } from '../../platform/service-context';
import { checkParties } from './check-parties';
import { meetingIcs } from './ics';
import { selectMeetings, type MeetingRow } from './repo';
import type { InboxSettings } from './settings';
import { meetings } from './tables';

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
  sequence: m.sequence,
  inviteUrl: `/api/v1/meetings/${m.id}/invite.ics`,
});

/** One meeting. */
export async function getMeeting(db: Db, id: string) {
  const [row] = await selectMeetings(db).where(eq(meetings.id, id));
  if (!row) throw notFound('Meeting');
  return presentMeeting(row);
}

/** The meetings about a conversation, earliest first. */
export async function meetingsOfConversation(db: Db, conversationId: string) {
  const rows = await selectMeetings(db)
    .where(eq(meetings.conversationId, conversationId))
    .orderBy(asc(meetings.startsAt));
  return rows.map(presentMeeting);
}

/** Meetings, latest first. */
export async function listMeetings(opts: {
  db: Db;
  query: z.output<typeof MeetingListQuery>;
}): Promise<Page<Meeting>> {
  const { db, query: q } = opts;
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
export async function meetingInvite(opts: { db: Db; settings: InboxSettings; id: string }) {
  const { settings } = opts;
  const [row] = await selectMeetings(opts.db).where(eq(meetings.id, opts.id));
  if (!row) throw notFound('Meeting');
  const m = row.m;
  return meetingIcs(
    { ...m, cancelled: Boolean(m.cancelledAt) },
    {
      name: row.organizer?.name ?? settings.shopName,
      email: row.organizer?.email ?? `noreply@${settings.replyDomain}`,
    },
    settings.replyDomain,
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

async function sendInvites(
  db: Db,
  mail: { mailer: Mailer; settings: InboxSettings },
  id: string,
  verb: string,
  note?: string,
) {
  const { settings } = mail;
  const [row] = await selectMeetings(db).where(eq(meetings.id, id));
  const m = row!.m;
  const ics = await meetingInvite({ db, settings, id });
  for (const a of m.attendees) {
    const zone = a.timeZone ?? settings.timeZone;
    await mail.mailer.queueMail(db, {
      to: a.email,
      subject: `${verb}: ${m.title} — ${when(m.startsAt, zone)}`,
      text: [
        `Hello ${a.name},`,
        '',
        `${verb}: ${m.title}`,
        ...(note ? [note] : []),
        `When: ${when(m.startsAt, zone)} – ${when(m.endsAt, zone)}`,
        ...(m.place ? [`Where: ${m.place}`] : []),
        ...(m.agenda ? ['', 'Agenda:', m.agenda] : []),
        '',
        `${row!.organizer?.name ?? settings.shopName}, ${settings.shopName}`,
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
  opts: ServiceContext & { mailer: Mailer; settings: InboxSettings; input: z.output<typeof CreateMeeting> },
) {
  const { db, actor, input } = opts;
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
  if (input.sendInvites) await sendInvites(db, opts, row!.id, 'Invitation');
  await recordAudit(db, actor, {
    action: 'meeting.scheduled',
    entityType: 'meeting',
    entityId: row!.id,
    accountId: input.accountId,
    summary: `Meeting “${input.title}” on ${when(new Date(input.startsAt), opts.settings.timeZone)}${input.place ? ` at ${input.place}` : ''}`,
    after: input,
  });
  await emitContacted(db, actor, input.accountId, new Date(input.startsAt), 'meeting', opts.clock.now());
  return getMeeting(db, row!.id);
}

/** Notes after the meeting; a new time, title, place or agenda (an updated invitation); or cancelling it. */
export async function updateMeeting(
  opts: ServiceContext & {
    mailer: Mailer;
    settings: InboxSettings;
    id: string;
    input: z.output<typeof UpdateMeeting>;
  },
) {
  const { db, actor, id, input } = opts;
  const now = opts.clock.now();
  const [before] = await db.select().from(meetings).where(eq(meetings.id, id)).for('update');
  if (!before) throw notFound('Meeting');
  const changing = [input.title, input.startsAt, input.endsAt, input.place, input.agenda].some(
    (v) => v !== undefined,
  );
  if (before.cancelledAt && changing) throw conflict('The meeting is cancelled; schedule a new one');
  const change = meetingChange(before, input);
  // Cancelling twice sends nothing the second time.
  const cancelling = input.cancel === true && !before.cancelledAt;
  const sending = cancelling || (change.fields.length > 0 && input.sendUpdates);
  // Every change of the event outranks what calendars hold (RFC 5546 §2.1.4), sent now or downloaded later.
  const revised = cancelling || change.fields.length > 0;
  await db
    .update(meetings)
    .set({
      ...(input.notes !== undefined ? { notes: input.notes } : {}),
      ...change.set,
      ...(cancelling ? { cancelledAt: now } : {}),
      ...(revised ? { sequence: before.sequence + 1 } : {}),
      updatedAt: now,
    })
    .where(eq(meetings.id, id));
  const moved = change.fields.includes('startsAt') || change.fields.includes('endsAt');
  const zone = opts.settings.timeZone;
  if (cancelling) await sendInvites(db, opts, id, 'Cancelled');
  else if (sending)
    await sendInvites(
      db,
      opts,
      id,
      moved ? 'Rescheduled' : 'Updated',
      moved ? `(Was ${when(before.startsAt, zone)}.)` : undefined,
    );
  const action = cancelling
    ? 'meeting.cancelled'
    : moved
      ? 'meeting.rescheduled'
      : change.fields.length
        ? 'meeting.updated'
        : 'meeting.notes';
  const after = { ...before, ...change.set };
  await recordAudit(db, actor, {
    action,
    entityType: 'meeting',
    entityId: id,
    accountId: before.accountId,
    summary: cancelling
      ? `Meeting “${before.title}” cancelled${before.attendees.length ? '; attendees sent the cancellation' : ''}`
      : moved
        ? `Meeting “${after.title}” moved from ${when(before.startsAt, zone)} to ${when(after.startsAt, zone)}${sending ? '; attendees sent the updated invitation' : ''}`
        : change.fields.length
          ? `Meeting “${after.title}” changed (${change.fields.join(', ')})${sending ? '; attendees sent the updated invitation' : ''}`
          : `Notes of the meeting “${before.title}”`,
    before: {
      notes: before.notes,
      ...Object.fromEntries(change.fields.map((k) => [k, before[k]])),
      sequence: before.sequence,
    },
    after: { ...input, sequence: revised ? before.sequence + 1 : before.sequence },
  });
  return getMeeting(db, id);
}

/** The fields of a meeting an update really changes (a time given as it already is changes nothing). */
function meetingChange(before: typeof meetings.$inferSelect, input: z.output<typeof UpdateMeeting>) {
  const set: Partial<Pick<typeof before, 'title' | 'startsAt' | 'endsAt' | 'place' | 'agenda'>> = {};
  if (input.title !== undefined && input.title !== before.title) set.title = input.title;
  if (input.startsAt && new Date(input.startsAt).getTime() !== before.startsAt.getTime())
    set.startsAt = new Date(input.startsAt);
  if (input.endsAt && new Date(input.endsAt).getTime() !== before.endsAt.getTime())
    set.endsAt = new Date(input.endsAt);
  if (input.place !== undefined && (input.place ?? null) !== before.place) set.place = input.place ?? null;
  if (input.agenda !== undefined && (input.agenda ?? null) !== before.agenda)
    set.agenda = input.agenda ?? null;
  if ((set.endsAt ?? before.endsAt) <= (set.startsAt ?? before.startsAt))
    throw invalid('The meeting must end after it starts', [{ path: 'endsAt', message: 'Before the start' }]);
  return { set, fields: Object.keys(set) as (keyof typeof set)[] };
}
