import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  type AnyPgColumn,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { accounts, contacts, costCentres } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';
import type { ItemSpec, ProductType } from '../../../shared/jobs';
import type { PostalAddress } from '../../../shared/purchasing';
import type { ArtworkRules, PreflightReport } from '../../../shared/artwork';

/**
 * Every table here is client-owned: it carries `account_id`, and PostgreSQL row-level security limits the
 * portal role to the rows of the signed-in portal user's account (migration 00xx_portals_rls).
 */
const ownedBy = () => ({
  accountId: uuid('account_id')
    .notNull()
    .references(() => accounts.id),
});

export const portals = pgTable(
  'portals',
  {
    ...baseColumns(),
    ...ownedBy(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    welcomeText: text('welcome_text'),
    logoUrl: text('logo_url'),
    /** An uploaded logo (checked and resized); shown instead of the typed URL. */
    logoFileId: uuid('logo_file_id').references((): AnyPgColumn => portalFiles.id),
    primaryColour: text('primary_colour').notNull(),
    showPrices: boolean('show_prices').notNull().default(true),
    active: boolean('active').notNull().default(true),
    approvalAboveCents: integer('approval_above_cents'),
    budgetPeriod: text('budget_period', { enum: ['month', 'quarter', 'fiscal_year'] })
      .notNull()
      .default('month'),
    fiscalYearStartMonth: integer('fiscal_year_start_month').notNull().default(1),
    shipToAddressIds: uuid('ship_to_address_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    allowNewAddresses: boolean('allow_new_addresses').notNull().default(true),
    cutoffTime: text('cutoff_time'),
    budgets: jsonb('budgets').$type<{ costCentreId: string; amountCents: number }[]>().notNull(),
  },
  (t) => [uniqueIndex('portals_slug_key').on(t.slug), uniqueIndex('portals_account_key').on(t.accountId)],
);

export const portalUsers = pgTable(
  'portal_users',
  {
    ...baseColumns(),
    ...ownedBy(),
    portalId: uuid('portal_id')
      .notNull()
      .references(() => portals.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['buyer', 'approver', 'client_admin', 'viewer'] }).notNull(),
    costCentreIds: uuid('cost_centre_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    spendingLimitCents: integer('spending_limit_cents'),
    active: boolean('active').notNull().default(true),
    passwordHash: text('password_hash'),
    inviteTokenHash: text('invite_token_hash'),
    inviteExpiresAt: moment('invite_expires_at'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: moment('locked_until'),
    lastSignInAt: moment('last_sign_in_at'),
    /** A password reset link: only its SHA-256 is kept; cleared when used (single use). */
    resetTokenHash: text('reset_token_hash'),
    resetExpiresAt: moment('reset_expires_at'),
    /** Whether order status e-mails (received, approved, rejected) go to this user. */
    orderEmails: boolean('order_emails').notNull().default(true),
    /** The account's contact this user is: the contact of the jobs their orders become. */
    contactId: uuid('contact_id').references(() => contacts.id),
  },
  (t) => [uniqueIndex('portal_users_email_key').on(t.portalId, sql`lower(${t.email})`)],
);

export const portalSessions = pgTable(
  'portal_sessions',
  {
    id: text('id').primaryKey(),
    ...ownedBy(),
    portalUserId: uuid('portal_user_id')
      .notNull()
      .references(() => portalUsers.id),
    csrfToken: text('csrf_token').notNull(),
    // Opened by a cXML PunchOut StartPage: the procurement system places the order, never the portal checkout.
    procurement: boolean('procurement').notNull().default(false),
    createdAt: moment('created_at').notNull().defaultNow(),
    expiresAt: moment('expires_at').notNull(),
  },
  (t) => [index('portal_sessions_user_idx').on(t.portalUserId)],
);

/** Client-owned stock the shop warehouses; reserved units are promised to approved or pending orders. */
export const inventoryItems = pgTable(
  'inventory_items',
  {
    ...baseColumns(),
    ...ownedBy(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull().default('each'),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    reorderPoint: integer('reorder_point').notNull().default(0),
    reorderQuantity: integer('reorder_quantity').notNull().default(0),
    location: text('location'),
    lowAlertedAt: moment('low_alerted_at'),
  },
  (t) => [
    uniqueIndex('inventory_items_sku_key').on(t.accountId, sql`lower(${t.sku})`),
    check('inventory_items_on_hand_not_negative', sql`${t.onHand} >= 0`),
    check(
      'inventory_items_reserved_within_on_hand',
      sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`,
    ),
  ],
);

export const products = pgTable(
  'products',
  {
    ...baseColumns(),
    ...ownedBy(),
    portalId: uuid('portal_id')
      .notNull()
      .references(() => portals.id),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    kind: text('kind', { enum: ['stocked', 'print_on_demand', 'variable_data', 'kit'] }).notNull(),
    categories: text('categories')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    imageUrl: text('image_url'),
    /** An uploaded product image (checked and resized); shown instead of the typed URL. */
    imageFileId: uuid('image_file_id').references((): AnyPgColumn => portalFiles.id),
    /** Print on demand: the buyer's own PDF artwork and the preflight it must pass (null: none asked). */
    artwork: jsonb('artwork').$type<ArtworkRules>(),
    unitPriceCents: integer('unit_price_cents').notNull().default(0),
    priceBreaks: jsonb('price_breaks').$type<{ minQuantity: number; unitPriceCents: number }[]>().notNull(),
    /** A print-on-demand item priced by the estimating engine from these specs at the ordered quantity. */
    engineSpec: jsonb('engine_spec').$type<Record<string, unknown>>(),
    minQuantity: integer('min_quantity').notNull().default(1),
    maxQuantity: integer('max_quantity'),
    multipleOf: integer('multiple_of').notNull().default(1),
    visibleToCostCentreIds: uuid('visible_to_cost_centre_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    restricted: boolean('restricted').notNull().default(false),
    activeFrom: date('active_from'),
    activeTo: date('active_to'),
    active: boolean('active').notNull().default(true),
    inventoryItemId: uuid('inventory_item_id').references(() => inventoryItems.id),
    productType: text('product_type').$type<ProductType>(),
    spec: jsonb('spec').$type<ItemSpec>().notNull(),
    fields: jsonb('fields')
      .$type<{ name: string; label: string; required: boolean; maxLength: number }[]>()
      .notNull(),
    components: jsonb('components').$type<{ productId: string; quantity: number }[]>().notNull(),
  },
  (t) => [
    uniqueIndex('products_sku_key').on(t.portalId, sql`lower(${t.sku})`),
    index('products_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
  ],
);

export const cartLines = pgTable(
  'cart_lines',
  {
    ...baseColumns(),
    ...ownedBy(),
    portalUserId: uuid('portal_user_id')
      .notNull()
      .references(() => portalUsers.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    values: jsonb('values').$type<Record<string, string>>().notNull(),
    proofApproved: boolean('proof_approved').notNull().default(false),
    /** Print on demand: the buyer's artwork that passed preflight. */
    artworkFileId: uuid('artwork_file_id').references((): AnyPgColumn => portalFiles.id),
  },
  (t) => [index('cart_lines_user_idx').on(t.portalUserId)],
);

export const orders = pgTable(
  'orders',
  {
    ...baseColumns(),
    ...ownedBy(),
    number: text('number').notNull(),
    portalId: uuid('portal_id')
      .notNull()
      .references(() => portals.id),
    buyerId: uuid('buyer_id')
      .notNull()
      .references(() => portalUsers.id),
    costCentreId: uuid('cost_centre_id')
      .notNull()
      .references(() => costCentres.id),
    status: text('status', {
      enum: [
        'pending_approval',
        'approved',
        'rejected',
        'in_fulfilment',
        'shipped',
        'completed',
        'cancelled',
      ],
    }).notNull(),
    approvalReasons: text('approval_reasons')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    decidedByPortalUserId: uuid('decided_by_portal_user_id').references(() => portalUsers.id),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedByLabel: text('decided_by_label'),
    decidedAt: moment('decided_at'),
    decisionComment: text('decision_comment'),
    shipTo: jsonb('ship_to').$type<PostalAddress>().notNull(),
    neededBy: date('needed_by'),
    notes: text('notes'),
    clientPo: text('client_po'),
    totalCents: integer('total_cents').notNull(),
    jobId: uuid('job_id').references(() => jobs.id),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    index('orders_portal_status_idx').on(t.portalId, t.status, t.createdAt),
    index('orders_buyer_idx').on(t.buyerId, t.createdAt),
    // Order history pages, newest first: a buyer's own, and a whole portal's (client admins, staff).
    index('orders_portal_buyer_recent_idx').on(t.portalId, t.buyerId, t.createdAt, t.id),
    index('orders_portal_recent_idx').on(t.portalId, t.createdAt, t.id),
    index('orders_cost_centre_idx').on(t.costCentreId, t.createdAt),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    ...baseColumns(),
    ...ownedBy(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    /** The line's price: the unit price × quantity, or the engine's price for the quantity (not a whole cent each). */
    amountCents: integer('amount_cents').notNull(),
    values: jsonb('values').$type<Record<string, string>>().notNull(),
    proofFileKey: text('proof_file_key'),
    /** Print on demand: the buyer's artwork, which becomes the job's artwork file. */
    artworkFileId: uuid('artwork_file_id').references((): AnyPgColumn => portalFiles.id),
    picked: boolean('picked').notNull().default(false),
  },
  (t) => [index('order_lines_order_idx').on(t.orderId)],
);

export const inventoryMovements = pgTable(
  'inventory_movements',
  {
    ...baseColumns(),
    /** The order the changes took effect: assigned while the stock row is locked, so newest = highest. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    ...ownedBy(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => inventoryItems.id),
    kind: text('kind', { enum: ['receipt', 'adjustment', 'count', 'reserve', 'release', 'pick'] }).notNull(),
    quantity: integer('quantity').notNull(),
    onHandAfter: integer('on_hand_after').notNull(),
    reservedAfter: integer('reserved_after').notNull(),
    reason: text('reason').notNull(),
    orderId: uuid('order_id').references(() => orders.id),
    jobId: uuid('job_id').references(() => jobs.id),
    actorLabel: text('actor_label').notNull(),
  },
  (t) => [
    index('inventory_movements_item_idx').on(t.itemId, t.seq),
    check('inventory_movements_on_hand_after_not_negative', sql`${t.onHandAfter} >= 0`),
  ],
);

/** A buyer's starred products. */
export const portalFavourites = pgTable(
  'portal_favourites',
  {
    ...baseColumns(),
    ...ownedBy(),
    portalUserId: uuid('portal_user_id')
      .notNull()
      .references(() => portalUsers.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
  },
  (t) => [uniqueIndex('portal_favourites_user_product_key').on(t.portalUserId, t.productId)],
);

/** A cart kept under a name to be put back later: its lines as they were saved. */
export const savedCarts = pgTable(
  'saved_carts',
  {
    ...baseColumns(),
    ...ownedBy(),
    portalUserId: uuid('portal_user_id')
      .notNull()
      .references(() => portalUsers.id),
    name: text('name').notNull(),
    lines: jsonb('lines')
      .$type<{ productId: string; quantity: number; values: Record<string, string> }[]>()
      .notNull(),
  },
  (t) => [uniqueIndex('saved_carts_user_name_key').on(t.portalUserId, sql`lower(${t.name})`)],
);

/**
 * One pick-list line ticked (or scanned) by the warehouse: an order line's stocked product, or one component
 * of a kit line. Picking is confirmed for the order once every line is ticked.
 */
export const pickTicks = pgTable(
  'pick_ticks',
  {
    ...baseColumns(),
    ...ownedBy(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    orderLineId: uuid('order_line_id')
      .notNull()
      .references(() => orderLines.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    pickedBy: text('picked_by').notNull(),
  },
  (t) => [
    uniqueIndex('pick_ticks_line_product_key').on(t.orderLineId, t.productId),
    index('pick_ticks_order_idx').on(t.orderId),
  ],
);

/**
 * Files uploaded to a portal: its logo and product images (checked by content and resized by staff), and the
 * buyers' print-on-demand artwork with its preflight report. The bytes live in the file store under
 * `storage_key`; the row is written after them, so it never points at a missing file.
 */
export const portalFiles = pgTable(
  'portal_files',
  {
    ...baseColumns(),
    ...ownedBy(),
    portalId: uuid('portal_id')
      .notNull()
      .references((): AnyPgColumn => portals.id),
    purpose: text('purpose', { enum: ['logo', 'product_image', 'artwork'] }).notNull(),
    /** Artwork: the product it was checked against. */
    productId: uuid('product_id').references((): AnyPgColumn => products.id),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    width: integer('width'),
    height: integer('height'),
    preflight: jsonb('preflight').$type<PreflightReport>(),
    uploadedByPortalUserId: uuid('uploaded_by_portal_user_id').references(() => portalUsers.id),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id),
  },
  (t) => [index('portal_files_portal_idx').on(t.portalId, t.purpose, t.createdAt)],
);
