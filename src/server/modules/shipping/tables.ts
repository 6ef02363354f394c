import { date, index, jsonb, pgTable, text, uniqueIndex, uuid, boolean } from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { accounts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';
import type { PostalAddress } from '../../../shared/purchasing';

export type PackageValue = {
  weightLb: number;
  lengthIn?: number | null;
  widthIn?: number | null;
  heightIn?: number | null;
  contents?: string | null;
};
export type FreightValue = {
  freightClass?: string | null;
  nmfc?: string | null;
  pallets: number;
  hazardous: boolean;
};

export const shipments = pgTable(
  'shipments',
  {
    ...baseColumns(),
    number: text('number').notNull(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    carrier: text('carrier', { enum: ['ups', 'fedex', 'usps', 'local', 'pickup', 'freight'] }).notNull(),
    service: text('service'),
    trackingNumber: text('tracking_number'),
    trackingUrl: text('tracking_url'),
    address: jsonb('address').$type<PostalAddress>().notNull(),
    packages: jsonb('packages').$type<PackageValue[]>().notNull(),
    items: jsonb('items').$type<{ itemId: string; quantity: number }[]>().notNull(),
    freight: jsonb('freight').$type<FreightValue>(),
    status: text('status', { enum: ['planned', 'packed', 'shipped', 'delivered', 'exception'] })
      .notNull()
      .default('planned'),
    plannedDate: date('planned_date'),
    shippedAt: moment('shipped_at'),
    deliveredAt: moment('delivered_at'),
    exceptionReason: text('exception_reason'),
    podReceivedBy: text('pod_received_by'),
    podAt: moment('pod_at'),
    podFileId: uuid('pod_file_id'),
    notifyClient: boolean('notify_client').notNull().default(true),
    notifiedAt: moment('notified_at'),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('shipments_number_key').on(t.number),
    index('shipments_job_idx').on(t.jobId),
    index('shipments_account_idx').on(t.accountId, t.createdAt),
    index('shipments_status_idx').on(t.status, t.plannedDate),
  ],
);
