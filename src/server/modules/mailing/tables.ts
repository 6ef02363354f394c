import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { accounts } from '../accounts/tables';
import { jobItems, jobs } from '../jobs/tables';
import { users } from '../users/tables';
import type { DedupeSummary, MailingMapping } from '../../../shared/mailing';

/**
 * A mailing list: kept on an account, optionally attached to a job item. Its records are the rows of
 * `current_import_id`; an import writes its rows under its own id and swaps the pointer only when it
 * completes, so a failed or killed import never shows a half list.
 */
export const mailingLists = pgTable(
  'mailing_lists',
  {
    ...baseColumns(),
    name: text('name').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    jobId: uuid('job_id').references(() => jobs.id),
    jobItemId: uuid('job_item_id').references(() => jobItems.id),
    mailClass: text('mail_class', { enum: ['first_class', 'marketing'] }).notNull(),
    shape: text('shape', { enum: ['letter', 'postcard', 'flat'] }).notNull(),
    pieceWeightOz: real('piece_weight_oz').notNull().default(1),
    dropDate: date('drop_date'),
    currentImportId: uuid('current_import_id'),
    sourceFilename: text('source_filename'),
    customFields: jsonb('custom_fields').$type<string[]>().notNull().default([]),
    recordCount: integer('record_count').notNull().default(0),
    standardizedAt: moment('standardized_at'),
    flaggedCount: integer('flagged_count'),
    /** Records that can be mailed: standardised without a fatal flag, and not removed as duplicates. */
    mailableCount: integer('mailable_count'),
    dedupe: jsonb('dedupe').$type<DedupeSummary>(),
    imbAssignedAt: moment('imb_assigned_at'),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('mailing_lists_account_idx').on(t.accountId), index('mailing_lists_job_idx').on(t.jobId)],
);

/** One background run on a list: an import (with its uploaded file), a standardisation or a merge/purge. */
export const mailingRuns = pgTable(
  'mailing_runs',
  {
    ...baseColumns(),
    listId: uuid('list_id')
      .notNull()
      .references(() => mailingLists.id),
    kind: text('kind', { enum: ['import', 'standardize', 'dedupe'] }).notNull(),
    status: text('status', { enum: ['uploaded', 'queued', 'running', 'done', 'failed'] }).notNull(),
    filename: text('filename'),
    uploadPath: text('upload_path'),
    bytes: bigint('bytes', { mode: 'number' }),
    encoding: text('encoding'),
    mapping: jsonb('mapping').$type<MailingMapping>(),
    options: jsonb('options').$type<Record<string, unknown>>(),
    percent: integer('percent').notNull().default(0),
    rowsDone: integer('rows_done').notNull().default(0),
    error: text('error'),
    startedBy: uuid('started_by').references(() => users.id),
    finishedAt: moment('finished_at'),
    /** An import's rejected rows (client addresses) are kept until then (JOBJACKET_REJECTS_KEEP_DAYS). */
    rejectsKeptUntil: moment('rejects_kept_until'),
    rejectsRemovedAt: moment('rejects_removed_at'),
  },
  (t) => [
    index('mailing_runs_list_idx').on(t.listId, t.createdAt),
    // One import/standardise/dedupe in flight per list at a time.
    uniqueIndex('mailing_runs_one_active_key')
      .on(t.listId)
      .where(sql`${t.status} in ('queued', 'running')`),
  ],
);

/**
 * The records of every import. Keyed by (import, row sequence) rather than a uuid per row: a list can
 * hold millions of rows, and a row's identity is its place in the file it came from.
 */
export const mailingRecords = pgTable(
  'mailing_records',
  {
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    fullName: text('full_name').notNull().default(''),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    company: text('company').notNull().default(''),
    address1: text('address1').notNull().default(''),
    address2: text('address2').notNull().default(''),
    city: text('city').notNull().default(''),
    state: text('state').notNull().default(''),
    zip: text('zip').notNull().default(''),
    zip4: text('zip4').notNull().default(''),
    custom: jsonb('custom').$type<Record<string, string>>(),
    stdAddress1: text('std_address1'),
    stdAddress2: text('std_address2'),
    stdCity: text('std_city'),
    stdState: text('std_state'),
    stdZip5: text('std_zip5'),
    stdZip4: text('std_zip4'),
    flags: text('flags').array(),
    mailable: integer('mailable'),
    exactKey: text('exact_key'),
    individualKey: text('individual_key'),
    householdKey: text('household_key'),
    dupKind: text('dup_kind', { enum: ['exact', 'individual', 'household'] }),
    dupOf: integer('dup_of'),
    serial: bigint('serial', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);

/** Postage per piece by class, shape and sort level, from an effective date (admins keep it current). */
export const postageRates = pgTable(
  'postage_rates',
  {
    ...baseColumns(),
    mailClass: text('mail_class', { enum: ['first_class', 'marketing'] }).notNull(),
    shape: text('shape', { enum: ['letter', 'postcard', 'flat'] }).notNull(),
    sortLevel: text('sort_level', { enum: ['5digit', '3digit', 'mixed', 'single'] }).notNull(),
    /** Per piece in mills (tenths of a cent), as USPS prices are quoted: $0.593 = 593. */
    priceMills: integer('price_mills').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    label: text('label'),
  },
  (t) => [uniqueIndex('postage_rates_key').on(t.mailClass, t.shape, t.sortLevel, t.effectiveFrom)],
);

/** The shop's mailing settings (one row): Mailer ID, service types and the next IMb serial. */
export const mailingSettings = pgTable('mailing_settings', {
  ...baseColumns(),
  singleton: integer('singleton').notNull().unique().default(1),
  mailerId: text('mailer_id'),
  barcodeId: text('barcode_id').notNull().default('00'),
  serviceTypeFirstClass: text('service_type_first_class').notNull().default('300'),
  serviceTypeMarketing: text('service_type_marketing').notNull().default('301'),
  nextSerial: bigint('next_serial', { mode: 'number' }).notNull().default(0),
});

/** A mail drop: pieces taken to the post office on a date, with the postage paid. */
export const mailDrops = pgTable(
  'mail_drops',
  {
    ...baseColumns(),
    listId: uuid('list_id')
      .notNull()
      .references(() => mailingLists.id),
    dropDate: date('drop_date').notNull(),
    postOffice: text('post_office').notNull(),
    pieces: integer('pieces').notNull(),
    postageCents: bigint('postage_cents', { mode: 'number' }).notNull(),
    notes: text('notes'),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [index('mail_drops_list_idx').on(t.listId)],
);
