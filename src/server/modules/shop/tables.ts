import { check, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { moment } from '../../platform/db/columns';

/**
 * The shop's own letterhead (one row, key `shop`): what purchase orders, bills of lading, packing slips, job
 * tickets and reports print at the top, and the paper they print on. Without a row the configured shop name
 * and Letter paper are used.
 */
export const shopProfile = pgTable(
  'shop_profile',
  {
    key: text('key').primaryKey().default('shop'),
    name: text('name').notNull(),
    /** Postal address, one line per line as it prints. */
    address: text('address').notNull().default(''),
    phone: text('phone'),
    email: text('email'),
    /** The logo's key in the file store (PNG or JPEG, checked by content on upload). */
    logoKey: text('logo_key'),
    logoType: text('logo_type', { enum: ['image/png', 'image/jpeg'] }),
    paperSize: text('paper_size', { enum: ['letter', 'a4'] })
      .notNull()
      .default('letter'),
    updatedAt: moment('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [
    check('shop_profile_single_row', sql`${t.key} = 'shop'`),
    check('shop_profile_paper_size', sql`${t.paperSize} in ('letter', 'a4')`),
  ],
);
