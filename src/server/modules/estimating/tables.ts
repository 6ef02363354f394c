import { boolean, check, integer, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { baseColumns } from '../../platform/db/columns';
import { accounts } from '../accounts/tables';
import { departments } from '../departments/tables';

/** A press the estimating engine can price work on (sizes in inches, amounts in cents). */
export const presses = pgTable('presses', {
  ...baseColumns(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['offset', 'digital'] }).notNull(),
  departmentId: uuid('department_id').references(() => departments.id),
  maxSheetWidth: real('max_sheet_width').notNull(),
  maxSheetHeight: real('max_sheet_height').notNull(),
  minSheetWidth: real('min_sheet_width').notNull(),
  minSheetHeight: real('min_sheet_height').notNull(),
  marginIn: real('margin_in').notNull(),
  colours: integer('colours').notNull(),
  perfecting: boolean('perfecting').notNull().default(false),
  makeReadyMinutes: real('make_ready_minutes').notNull(),
  makeReadySheets: integer('make_ready_sheets').notNull(),
  sheetsPerHour: real('sheets_per_hour').notNull(),
  hourlyRateCents: real('hourly_rate_cents').notNull(),
  plateCents: real('plate_cents').notNull().default(0),
  clickColourCents: real('click_colour_cents').notNull().default(0),
  clickMonoCents: real('click_mono_cents').notNull().default(0),
  /** Hours a day the press runs (from the start of its department's day); null: the department's whole day. */
  hoursPerDay: real('hours_per_day'),
  active: boolean('active').notNull().default(true),
});

/** A finishing operation or mailing service: set-up plus a rate per piece, thousand or sheet. */
export const estimatingOperations = pgTable('estimating_operations', {
  ...baseColumns(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['finishing', 'mailing'] }).notNull(),
  departmentId: uuid('department_id').references(() => departments.id),
  setupCents: real('setup_cents').notNull(),
  rateCents: real('rate_cents').notNull(),
  per: text('per', { enum: ['piece', 'thousand', 'sheet'] }).notNull(),
  active: boolean('active').notNull().default(true),
});

/** The shop's estimating rules: one row (id 1), made by the migration. */
export const estimatingRules = pgTable(
  'estimating_rules',
  {
    id: integer('id').primaryKey(),
    bleedIn: real('bleed_in').notNull(),
    gutterIn: real('gutter_in').notNull(),
    spoilage: jsonb('spoilage').$type<{ fromQuantity: number; percent: number }[]>().notNull(),
    markupPercent: real('markup_percent').notNull(),
    segmentMarkups: jsonb('segment_markups').$type<Record<string, number>>().notNull(),
    minimumChargeCents: real('minimum_charge_cents').notNull(),
    taxRatePercent: real('tax_rate_percent').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [check('estimating_rules_one_row', sql`${t.id} = 1`)],
);

/** An account's own markup, over its segment's and the shop's. */
export const accountMarkups = pgTable('account_markups', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id),
  markupPercent: real('markup_percent').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
