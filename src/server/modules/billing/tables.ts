import { bigint, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { baseColumns } from '../../platform/db/columns';
import { accounts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';

/** A batch of jobs handed to accounting as an invoice-import file (QuickBooks Online or Xero CSV). */
export const invoiceExports = pgTable('invoice_exports', {
  ...baseColumns(),
  number: text('number').notNull(),
  format: text('format', { enum: ['quickbooks', 'xero'] }).notNull(),
  jobCount: integer('job_count').notNull(),
  totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
  csv: text('csv').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
});

/** A job in an export batch: once here it is never exported again (a unique job id), so nothing is billed twice. */
export const invoiceExportJobs = pgTable(
  'invoice_export_jobs',
  {
    ...baseColumns(),
    exportId: uuid('export_id')
      .notNull()
      .references(() => invoiceExports.id),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    jobNumber: text('job_number').notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('invoice_export_jobs_job_key').on(t.jobId),
    index('invoice_export_jobs_export_idx').on(t.exportId),
  ],
);
