import { sql } from 'drizzle-orm';
import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** The columns every table carries: a uuid id and creation/update moments in UTC. */
export const baseColumns = () => ({
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** Moments keep milliseconds, as JavaScript does, so cursors built from them compare exactly. */
export const moment = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
