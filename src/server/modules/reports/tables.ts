import { boolean, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { baseColumns, moment } from '../../platform/db/columns';
import { users } from '../users/tables';

/**
 * A report rendered to a file: an export a user asked for (progress they can poll) or the file of a
 * scheduled delivery. The bytes live in the files folder under `storage_key` until `expires_at`.
 */
export const reportExports = pgTable(
  'report_exports',
  {
    ...baseColumns(),
    reportId: text('report_id').notNull(),
    format: text('format', { enum: ['xlsx', 'csv', 'pdf', 'docx'] }).notNull(),
    parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull(),
    bom: boolean('bom').notNull().default(false),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
      .notNull()
      .default('queued'),
    progress: real('progress').notNull().default(0),
    rowsWritten: integer('rows_written').notNull().default(0),
    totalRows: integer('total_rows'),
    filename: text('filename'),
    storageKey: text('storage_key'),
    size: integer('size'),
    error: text('error'),
    requestedBy: uuid('requested_by').references(() => users.id),
    scheduleId: uuid('schedule_id'),
    finishedAt: moment('finished_at'),
    expiresAt: moment('expires_at'),
  },
  (t) => [
    index('report_exports_requested_idx').on(t.requestedBy, t.createdAt),
    index('report_exports_expires_idx').on(t.expiresAt),
  ],
);

/** A report e-mailed on a timetable in the schedule's time zone; `next_run_at` is the next due moment. */
export const reportSchedules = pgTable(
  'report_schedules',
  {
    ...baseColumns(),
    name: text('name').notNull(),
    reportId: text('report_id').notNull(),
    parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull(),
    formats: text('formats').array().notNull(),
    recipientUserIds: uuid('recipient_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    recipientEmails: text('recipient_emails')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Contacts of the report's account, e-mailed at their first address as it is on the day of delivery. */
    recipientContactIds: uuid('recipient_contact_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    frequency: text('frequency', { enum: ['daily', 'weekly', 'monthly'] }).notNull(),
    time: text('time').notNull(),
    weekday: integer('weekday'),
    /** 1–31, or 'last' / 'last_business'. */
    monthDay: text('month_day'),
    timeZone: text('time_zone').notNull(),
    active: boolean('active').notNull().default(true),
    nextRunAt: moment('next_run_at'),
    lastRunAt: moment('last_run_at'),
    /** Failed attempts at the current slot; after the last retry the slot is recorded as failed. */
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    ownerId: uuid('owner_id').references(() => users.id),
    deletedAt: moment('deleted_at'),
  },
  (t) => [
    index('report_schedules_due_idx')
      .on(t.nextRunAt)
      .where(sql`${t.active} and ${t.deletedAt} is null`),
  ],
);

/** One row per schedule and due moment: the unique key is what makes a slot deliver exactly once. */
export const reportDeliveries = pgTable(
  'report_deliveries',
  {
    ...baseColumns(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => reportSchedules.id),
    dueAt: moment('due_at').notNull(),
    kind: text('kind', { enum: ['scheduled', 'manual'] }).notNull(),
    status: text('status', { enum: ['sent', 'failed'] }).notNull(),
    recipients: text('recipients').array().notNull(),
    rowCount: integer('row_count'),
    /** Each file of the delivery, with the hash of its e-mailed download link's token (file-links.ts). */
    files: jsonb('files').$type<{ exportId: string; filename: string; tokenHash?: string }[]>().notNull(),
    error: text('error'),
  },
  (t) => [uniqueIndex('report_deliveries_slot_key').on(t.scheduleId, t.dueAt, t.kind)],
);
