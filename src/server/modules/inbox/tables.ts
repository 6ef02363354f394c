import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { accounts, contacts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';
import { mailMessages } from '../../platform/mail-tables';

export type StoredAttachment = { filename: string; contentType: string; size: number; storageKey: string };
export type MeetingAttendee = {
  name: string;
  email: string;
  contactId: string | null;
  timeZone: string | null;
};

/** A client query: the thread of e-mails (and the calls and meetings about it) with one client. */
export const conversations = pgTable(
  'conversations',
  {
    ...baseColumns(),
    /** Null while the sender is unknown (the unmatched queue). */
    accountId: uuid('account_id').references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    fromAddress: text('from_address'),
    subject: text('subject').notNull(),
    status: text('status', { enum: ['open', 'waiting_on_client', 'waiting_on_us', 'resolved'] })
      .notNull()
      .default('open'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] })
      .notNull()
      .default('normal'),
    assigneeId: uuid('assignee_id').references(() => users.id),
    jobId: uuid('job_id').references(() => jobs.id),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The secret in `reply+TOKEN@…` addresses that threads answers back here. */
    replyToken: text('reply_token').notNull(),
    lastMessageAt: moment('last_message_at').notNull().defaultNow(),
    lastInboundAt: moment('last_inbound_at'),
    firstResponseDueAt: moment('first_response_due_at'),
    firstResponseAt: moment('first_response_at'),
    resolutionDueAt: moment('resolution_due_at'),
    /** Set while waiting on the client: the resolution clock is paused from this moment. */
    pausedAt: moment('paused_at'),
    resolvedAt: moment('resolved_at'),
  },
  (t) => [
    uniqueIndex('conversations_reply_token_key').on(t.replyToken),
    index('conversations_account_idx').on(t.accountId, t.lastMessageAt),
    index('conversations_assignee_idx').on(t.assigneeId, t.status),
    index('conversations_status_idx').on(t.status, t.lastMessageAt),
    index('conversations_job_idx').on(t.jobId),
    index('conversations_open_account_idx')
      .on(t.accountId)
      .where(sql`${t.status} <> 'resolved'`),
  ],
);

/** One e-mail in or out; the raw RFC 822 source of inbound mail is kept in the file store. */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    ...baseColumns(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    accountId: uuid('account_id').references(() => accounts.id),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    source: text('source', { enum: ['smtp', 'imap', 'http', 'app'] }).notNull(),
    messageId: text('message_id'),
    inReplyTo: text('in_reply_to'),
    references: text('references')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    fromAddress: text('from_address').notNull(),
    fromName: text('from_name'),
    to: text('to')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    cc: text('cc')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    /** The HTML part as received; only ever shown after sanitising. */
    html: text('html'),
    rawKey: text('raw_key'),
    attachments: jsonb('attachments').$type<StoredAttachment[]>().notNull().default([]),
    mailMessageId: uuid('mail_message_id').references(() => mailMessages.id),
    bouncedAt: moment('bounced_at'),
    bounceReason: text('bounce_reason'),
    authorId: uuid('author_id').references(() => users.id),
    at: moment('at').notNull().defaultNow(),
  },
  (t) => [
    index('inbox_messages_conversation_idx').on(t.conversationId, t.at),
    index('inbox_messages_message_id_idx').on(t.messageId),
    uniqueIndex('inbox_messages_inbound_message_id_key')
      .on(t.messageId)
      .where(sql`${t.direction} = 'in' and ${t.messageId} is not null`),
  ],
);

/** Addresses a person linked to a contact from the unmatched queue: their next mail matches at once. */
export const inboxKnownSenders = pgTable('inbox_known_senders', {
  address: text('address').primaryKey(),
  contactId: uuid('contact_id')
    .notNull()
    .references(() => contacts.id),
  createdAt: moment('created_at').notNull().defaultNow(),
  createdBy: uuid('created_by').references(() => users.id),
});

export const calls = pgTable(
  'calls',
  {
    ...baseColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    summary: text('summary').notNull(),
    occurredAt: moment('occurred_at').notNull(),
    followUpTask: text('follow_up_task'),
    followUpDueOn: date('follow_up_due_on'),
    followUpDoneAt: moment('follow_up_done_at'),
    userId: uuid('user_id').references(() => users.id),
  },
  (t) => [
    index('calls_account_idx').on(t.accountId, t.occurredAt),
    index('calls_follow_up_idx').on(t.userId, t.followUpDueOn),
  ],
);

export const meetings = pgTable(
  'meetings',
  {
    ...baseColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    title: text('title').notNull(),
    startsAt: moment('starts_at').notNull(),
    endsAt: moment('ends_at').notNull(),
    place: text('place'),
    agenda: text('agenda'),
    notes: text('notes'),
    attendees: jsonb('attendees').$type<MeetingAttendee[]>().notNull(),
    organizerId: uuid('organizer_id').references(() => users.id),
    /** iCalendar SEQUENCE: bumped on every change sent to attendees. */
    sequence: integer('sequence').notNull().default(0),
    cancelledAt: moment('cancelled_at'),
  },
  (t) => [index('meetings_account_idx').on(t.accountId, t.startsAt)],
);

/** Each user's e-mail signature, appended to replies. */
export const inboxSignatures = pgTable('inbox_signatures', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  text: text('text').notNull(),
  updatedAt: moment('updated_at').notNull().defaultNow(),
});

/** Response targets by priority and (optionally) client segment, in business minutes. */
export const responseTargets = pgTable(
  'response_targets',
  {
    ...baseColumns(),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull(),
    segment: text('segment', { enum: ['state', 'education', 'corporate', 'other'] }),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
  },
  (t) => [uniqueIndex('response_targets_key').on(t.priority, sql`coalesce(${t.segment}, '*')`)],
);
