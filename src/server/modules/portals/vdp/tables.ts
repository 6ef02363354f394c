import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { baseColumns } from '../../../platform/db/columns';
import { accounts } from '../../accounts/tables';
import { users } from '../../users/tables';
import { products } from '../tables';
import type { Imposition, Placement } from '../../../../shared/vdp';

/**
 * A font the shop uploaded (TTF/OTF, checked by parsing it) for variable-data templates. Shop-wide, not
 * client-owned; the bundled DejaVu fonts are not rows. Portal requests read it to render proofs.
 */
export const vdpFonts = pgTable('vdp_fonts', {
  ...baseColumns(),
  name: text('name').notNull(),
  filename: text('filename').notNull(),
  fileKey: text('file_key').notNull(),
  glyphCount: integer('glyph_count').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
});

/**
 * A version of a variable-data product's template: the client's PDF design and where each field goes. Every
 * change writes a new version (never an update), so an order's proof can name the version it was set on.
 */
export const vdpTemplates = pgTable(
  'vdp_templates',
  {
    ...baseColumns(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    version: integer('version').notNull(),
    designName: text('design_name').notNull(),
    designFileKey: text('design_file_key').notNull(),
    designSha256: text('design_sha256').notNull(),
    pages: jsonb('pages').$type<{ width: number; height: number }[]>().notNull(),
    placements: jsonb('placements').$type<Placement[]>().notNull(),
    imposition: jsonb('imposition').$type<Imposition>().notNull(),
    /** A version that removes the template: the product falls back to the plain proof page. */
    removed: boolean('removed').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('vdp_templates_version_key').on(t.productId, t.version),
    index('vdp_templates_account_idx').on(t.accountId),
  ],
);
