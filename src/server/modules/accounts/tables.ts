import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { users } from '../users/tables';

export const accounts = pgTable(
  'accounts',
  {
    ...baseColumns(),
    name: text('name').notNull(),
    segment: text('segment', { enum: ['state', 'education', 'corporate', 'other'] }).notNull(),
    status: text('status', { enum: ['prospect', 'active', 'on_hold', 'inactive'] })
      .notNull()
      .default('active'),
    ownerId: uuid('owner_id').references(() => users.id),
    taxExempt: boolean('tax_exempt').notNull().default(false),
    taxExemptCertificate: text('tax_exempt_certificate'),
    taxExemptExpiresOn: date('tax_exempt_expires_on'),
    poRequired: boolean('po_required').notNull().default(false),
    paymentTerms: text('payment_terms'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text('notes'),
    lastContactAt: moment('last_contact_at'),
    archivedAt: moment('archived_at'),
  },
  (t) => [
    index('accounts_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('accounts_name_sort_idx').on(sql`lower(${t.name})`, t.id),
    index('accounts_owner_idx').on(t.ownerId),
    index('accounts_tags_idx').using('gin', t.tags),
  ],
);

export const accountAddresses = pgTable(
  'account_addresses',
  {
    ...baseColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    kind: text('kind', { enum: ['billing', 'shipping'] }).notNull(),
    label: text('label'),
    attention: text('attention'),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    region: text('region').notNull(),
    postalCode: text('postal_code').notNull(),
    country: text('country').notNull().default('US'),
    isDefault: boolean('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('account_addresses_account_idx').on(t.accountId)],
);

export const contacts = pgTable(
  'contacts',
  {
    ...baseColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    title: text('title'),
    emails: text('emails')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    phones: jsonb('phones').$type<{ number: string; label?: string }[]>().notNull().default([]),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    preferredChannel: text('preferred_channel', { enum: ['email', 'phone', 'in_person', 'portal'] })
      .notNull()
      .default('email'),
    isPrimary: boolean('is_primary').notNull().default(false),
    notes: text('notes'),
    searchText: text('search_text').notNull().default(''),
    archivedAt: moment('archived_at'),
  },
  (t) => [
    index('contacts_account_idx').on(t.accountId),
    uniqueIndex('contacts_one_primary_key')
      .on(t.accountId)
      .where(sql`${t.isPrimary} and ${t.archivedAt} is null`),
    index('contacts_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

export const costCentres = pgTable(
  'cost_centres',
  {
    ...baseColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    code: text('code').notNull(),
    budgetOwnerContactId: uuid('budget_owner_contact_id').references(() => contacts.id),
    archivedAt: moment('archived_at'),
  },
  (t) => [index('cost_centres_account_idx').on(t.accountId)],
);
