import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { baseColumns, moment } from './db/columns';

/** A file sent with a message, kept in the file store until delivery. */
export type MailAttachment = { filename: string; contentType: string; storageKey: string };

/** Every outbound e-mail; with no SMTP configured it stays here with status `outbox` for admins to read. */
export const mailMessages = pgTable(
  'mail_messages',
  {
    ...baseColumns(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    attachments: jsonb('attachments').$type<MailAttachment[]>(),
    headers: jsonb('headers').$type<Record<string, string>>(),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'outbox', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    sentAt: moment('sent_at'),
  },
  (t) => [index('mail_messages_created_idx').on(t.createdAt)],
);
