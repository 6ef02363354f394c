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
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { accounts } from '../accounts/tables';
import { jobItems, jobs } from '../jobs/tables';
import { users } from '../users/tables';
import type { PostalAddress } from '../../../shared/purchasing';

export const vendors = pgTable(
  'vendors',
  {
    ...baseColumns(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    contactName: text('contact_name'),
    phone: text('phone'),
    terms: text('terms'),
    leadTimeDays: integer('lead_time_days').notNull().default(5),
    address: jsonb('address').$type<PostalAddress>(),
    notes: text('notes'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('vendors_name_key').on(sql`lower(${t.name})`)],
);

export type MaterialSpecValue = {
  weight?: string | null;
  finish?: string | null;
  width?: number | null;
  height?: number | null;
  sizeUnit: 'in' | 'mm';
  grain?: 'long' | 'short' | null;
  colour?: string | null;
};

/** Stock is kept in the material's unit (sheets, each); it changes only through `material_movements`. */
export const materials = pgTable(
  'materials',
  {
    ...baseColumns(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['paper', 'envelope', 'label', 'ink', 'packaging', 'other'] }).notNull(),
    spec: jsonb('spec').$type<MaterialSpecValue>().notNull(),
    unit: text('unit').notNull(),
    packUnits: jsonb('pack_units').$type<{ name: string; factor: number }[]>().notNull(),
    preferredVendorId: uuid('preferred_vendor_id').references(() => vendors.id),
    unitCostCents: real('unit_cost_cents'),
    reorderPoint: integer('reorder_point').notNull().default(0),
    reorderQuantity: integer('reorder_quantity').notNull().default(0),
    active: boolean('active').notNull().default(true),
    onHand: integer('on_hand').notNull().default(0),
    allocated: integer('allocated').notNull().default(0),
    onOrder: integer('on_order').notNull().default(0),
    /** Set when purchasing was told the material fell to its reorder point; cleared when it is back above. */
    reorderAlertedAt: moment('reorder_alerted_at'),
  },
  (t) => [
    uniqueIndex('materials_sku_key').on(sql`lower(${t.sku})`),
    index('materials_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    check('materials_on_hand_not_negative', sql`${t.onHand} >= 0`),
    check('materials_allocated_within_on_hand', sql`${t.allocated} >= 0 and ${t.allocated} <= ${t.onHand}`),
    check('materials_on_order_not_negative', sql`${t.onOrder} >= 0`),
  ],
);

export const purchaseOrders = pgTable(
  'purchase_orders',
  {
    ...baseColumns(),
    number: text('number').notNull(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id),
    status: text('status', {
      enum: ['draft', 'sent', 'partly_received', 'received', 'closed', 'cancelled'],
    })
      .notNull()
      .default('draft'),
    expectedDate: date('expected_date'),
    notes: text('notes'),
    shipTo: jsonb('ship_to').$type<PostalAddress>(),
    sentAt: moment('sent_at'),
    sentTo: text('sent_to'),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('purchase_orders_number_key').on(t.number),
    index('purchase_orders_status_idx').on(t.status, t.expectedDate),
    index('purchase_orders_vendor_idx').on(t.vendorId),
  ],
);

/** Quantities ordered in `unit` (factor stock units each); received and damaged are in stock units. */
export const purchaseOrderLines = pgTable(
  'purchase_order_lines',
  {
    ...baseColumns(),
    purchaseOrderId: uuid('purchase_order_id')
      .notNull()
      .references(() => purchaseOrders.id),
    position: integer('position').notNull(),
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id),
    quantity: integer('quantity').notNull(),
    unit: text('unit').notNull(),
    unitFactor: integer('unit_factor').notNull(),
    unitCostCents: integer('unit_cost_cents').notNull(),
    received: integer('received').notNull().default(0),
    damaged: integer('damaged').notNull().default(0),
  },
  (t) => [index('purchase_order_lines_po_idx').on(t.purchaseOrderId, t.position)],
);

/** What a job item needs of a material: required, allocated from stock, and what is on order for it. */
export const jobMaterials = pgTable(
  'job_materials',
  {
    ...baseColumns(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    itemId: uuid('item_id').references(() => jobItems.id),
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id),
    quantity: integer('quantity').notNull(),
    computed: boolean('computed').notNull().default(false),
    upCount: integer('up_count').notNull().default(1),
    sheetsPerItem: integer('sheets_per_item').notNull().default(1),
    spoilagePercent: real('spoilage_percent').notNull().default(0),
    allocated: integer('allocated').notNull().default(0),
    received: integer('received').notNull().default(0),
    note: text('note'),
  },
  (t) => [
    index('job_materials_job_idx').on(t.jobId),
    index('job_materials_material_idx').on(t.materialId),
    check('job_materials_allocated_range', sql`${t.allocated} >= 0`),
  ],
);

/** The part of a PO line meant for one job's need (in stock units), filled as the line is received. */
export const purchaseOrderDemands = pgTable(
  'purchase_order_demands',
  {
    ...baseColumns(),
    lineId: uuid('line_id')
      .notNull()
      .references(() => purchaseOrderLines.id),
    jobMaterialId: uuid('job_material_id')
      .notNull()
      .references(() => jobMaterials.id),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    quantity: integer('quantity').notNull(),
    filled: integer('filled').notNull().default(0),
  },
  (t) => [
    index('purchase_order_demands_line_idx').on(t.lineId),
    index('purchase_order_demands_job_material_idx').on(t.jobMaterialId),
  ],
);

export const purchaseOrderReceipts = pgTable(
  'purchase_order_receipts',
  {
    ...baseColumns(),
    purchaseOrderId: uuid('purchase_order_id')
      .notNull()
      .references(() => purchaseOrders.id),
    lines: jsonb('lines').$type<{ lineId: string; quantity: number; damaged: number }[]>().notNull(),
    note: text('note'),
    receivedBy: uuid('received_by').references(() => users.id),
  },
  (t) => [index('purchase_order_receipts_po_idx').on(t.purchaseOrderId)],
);

export const materialMovements = pgTable(
  'material_movements',
  {
    ...baseColumns(),
    /** The order the changes took effect: assigned while the stock row is locked, so newest = highest. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id),
    kind: text('kind', { enum: ['receipt', 'issue', 'adjustment', 'count', 'return'] }).notNull(),
    quantity: integer('quantity').notNull(),
    onHandAfter: integer('on_hand_after').notNull(),
    reason: text('reason').notNull(),
    jobId: uuid('job_id').references(() => jobs.id),
    purchaseOrderId: uuid('purchase_order_id').references(() => purchaseOrders.id),
    actorId: uuid('actor_id').references(() => users.id),
    actorLabel: text('actor_label').notNull(),
  },
  (t) => [
    index('material_movements_material_idx').on(t.materialId, t.seq),
    check('material_movements_on_hand_after_not_negative', sql`${t.onHandAfter} >= 0`),
  ],
);
