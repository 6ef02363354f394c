import { sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { baseColumns } from '../../platform/db/columns';

/** Production departments: data an admin edits, each with its own working days and hours. */
export const departments = pgTable(
  'departments',
  {
    ...baseColumns(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    workingDays: integer('working_days')
      .array()
      .notNull()
      .default(sql`'{1,2,3,4,5}'::int[]`),
    dayStart: text('day_start').notNull().default('08:00'),
    dayEnd: text('day_end').notNull().default('17:00'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('departments_code_key').on(t.code)],
);

/** Days the whole shop is closed; every department's calendar skips them. */
export const shopHolidays = pgTable('shop_holidays', {
  ...baseColumns(),
  date: date('date').notNull().unique(),
  name: text('name').notNull(),
});

export type RouteStep = {
  departmentCode: string;
  name: string;
  standardHours: number;
  piecesPerHour?: number;
};

/** The default route of each product type: ordered stages, each in a department with a standard duration. */
export const productRoutes = pgTable('product_routes', {
  ...baseColumns(),
  productType: text('product_type').notNull().unique(),
  /** A product type an admin defined beyond the built-in ones is named here; built-in ones have none. */
  label: text('label'),
  /** A retired product type stays on old jobs but is not offered for new work. */
  active: boolean('active').notNull().default(true),
  steps: jsonb('steps').$type<RouteStep[]>().notNull(),
});
