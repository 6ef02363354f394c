import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import type { QuantityEstimate } from '../../../shared/estimating';
import type { QuotePrice } from '../../../shared/quotes';
import { accounts, contacts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';

/** A quote to a client: one row per version (a revised quote keeps the old one, status `superseded`). */
export const quotes = pgTable(
  'quotes',
  {
    ...baseColumns(),
    number: text('number').notNull(),
    version: integer('version').notNull().default(1),
    previousVersionId: uuid('previous_version_id').references((): AnyPgColumn => quotes.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    ownerId: uuid('owner_id').references(() => users.id),
    title: text('title').notNull(),
    status: text('status', {
      enum: ['draft', 'sent', 'accepted', 'declined', 'expired', 'superseded'],
    }).notNull(),
    validUntil: date('valid_until').notNull(),
    turnaroundDays: integer('turnaround_days').notNull(),
    terms: text('terms'),
    clientNotes: text('client_notes'),
    internalNotes: text('internal_notes'),
    sentAt: moment('sent_at'),
    linkTokenHash: text('link_token_hash'),
    linkExpiresAt: moment('link_expires_at'),
    decidedAt: moment('decided_at'),
    decidedBy: text('decided_by'),
    decisionChannel: text('decision_channel'),
    declineReason: text('decline_reason'),
    clientPo: text('client_po'),
    jobId: uuid('job_id').references(() => jobs.id),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('quotes_number_version_key').on(t.number, t.version),
    uniqueIndex('quotes_link_token_key').on(t.linkTokenHash),
    index('quotes_account_idx').on(t.accountId, t.createdAt),
    index('quotes_status_idx').on(t.status, t.validUntil),
  ],
);

/** An item of a quote version: the engine's input, and the price of each quantity with its working. */
export const quoteItems = pgTable(
  'quote_items',
  {
    ...baseColumns(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    productType: text('product_type').notNull(),
    optional: boolean('optional').notNull().default(false),
    proof: text('proof').notNull().default('pdf'),
    input: jsonb('input').$type<Record<string, unknown>>().notNull(),
    prices: jsonb('prices').$type<QuotePrice[]>().notNull(),
    estimates: jsonb('estimates').$type<QuantityEstimate[]>().notNull(),
    acceptedQuantity: integer('accepted_quantity'),
  },
  (t) => [uniqueIndex('quote_items_position_key').on(t.quoteId, t.position)],
);
