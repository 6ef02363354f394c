import { z } from 'zod';
import { ListQuery, optionalText, trimmed } from './common';

const isoDate = z.iso.date();
const count = (max = 100_000_000) => z.number().int().min(0).max(max);

export const PostalAddress = z
  .object({
    name: optionalText(120),
    attention: optionalText(120),
    line1: trimmed(120),
    line2: optionalText(120),
    city: trimmed(80),
    region: trimmed(40),
    postalCode: trimmed(20),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as US')
      .toUpperCase()
      .default('US'),
    phone: optionalText(40),
  })
  .strict();
export type PostalAddress = z.output<typeof PostalAddress>;

export const VendorInput = z
  .object({
    name: trimmed(160),
    email: z.email('A vendor needs the e-mail address that receives purchase orders').max(254),
    contactName: optionalText(120),
    phone: optionalText(40),
    terms: optionalText(80),
    leadTimeDays: z.number().int().min(0).max(365).default(5),
    address: PostalAddress.nullable().optional(),
    notes: optionalText(5000),
    active: z.boolean().default(true),
  })
  .strict();
export const Vendor = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  contactName: z.string().nullable(),
  phone: z.string().nullable(),
  terms: z.string().nullable(),
  leadTimeDays: z.number().int(),
  address: PostalAddress.nullable(),
  notes: z.string().nullable(),
  active: z.boolean(),
  openOrders: z.number().int(),
  createdAt: z.string(),
});
export type Vendor = z.infer<typeof Vendor>;
export const VendorListQuery = ListQuery.extend({
  q: z.string().trim().max(100).optional(),
  active: z.enum(['true', 'false']).optional(),
}).strict();

export const MaterialKind = z.enum(['paper', 'envelope', 'label', 'ink', 'packaging', 'other']);
export type MaterialKind = z.infer<typeof MaterialKind>;
export const materialKindLabels: Record<MaterialKind, string> = {
  paper: 'Paper',
  envelope: 'Envelopes',
  label: 'Labels',
  ink: 'Ink',
  packaging: 'Packaging',
  other: 'Other supplies',
};

/** A larger unit a material is bought or counted in: a ream is 500 sheets, a carton 4 reams. */
export const PackUnit = z
  .object({ name: trimmed(20), factor: z.number().int().min(2).max(1_000_000) })
  .strict();

export const MaterialSpec = z
  .object({
    weight: optionalText(40),
    finish: optionalText(40),
    width: z.number().positive().max(1000).nullable().optional(),
    height: z.number().positive().max(1000).nullable().optional(),
    sizeUnit: z.enum(['in', 'mm']).default('in'),
    grain: z.enum(['long', 'short']).nullable().optional(),
    colour: optionalText(40),
  })
  .strict();

export const MaterialInput = z
  .object({
    sku: trimmed(40),
    name: trimmed(160),
    kind: MaterialKind,
    spec: MaterialSpec.default({ sizeUnit: 'in' }),
    unit: trimmed(20).default('sheet'),
    packUnits: z.array(PackUnit).max(5).default([]),
    preferredVendorId: z.uuid().nullable().optional(),
    unitCostCents: z.number().min(0).max(1_000_000).nullable().optional(),
    reorderPoint: count().default(0),
    reorderQuantity: count().default(0),
    active: z.boolean().default(true),
  })
  .strict();

export const Stock = z.object({
  onHand: z.number().int(),
  allocated: z.number().int(),
  onOrder: z.number().int(),
  available: z.number().int(),
  belowReorderPoint: z.boolean(),
});
export const Material = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  kind: MaterialKind,
  spec: MaterialSpec,
  unit: z.string(),
  packUnits: z.array(PackUnit),
  preferredVendor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  unitCostCents: z.number().nullable(),
  reorderPoint: z.number().int(),
  reorderQuantity: z.number().int(),
  active: z.boolean(),
  stock: Stock,
});
export type Material = z.infer<typeof Material>;
export const MaterialListQuery = ListQuery.extend({
  q: z.string().trim().max(100).optional(),
  kind: MaterialKind.optional(),
  low: z.enum(['true', 'false']).optional(),
}).strict();

export const MovementKind = z.enum(['receipt', 'issue', 'adjustment', 'count', 'return']);
export const MovementInput = z
  .object({
    kind: z.enum(['adjustment', 'count', 'return', 'issue']),
    quantity: z.number().int().min(-100_000_000).max(100_000_000),
    reason: trimmed(300),
    /** An issue takes stock to a job (its allocation first); the job's materials actually used. */
    jobId: z.uuid().optional(),
  })
  .strict()
  .refine((m) => (m.kind === 'issue') === Boolean(m.jobId), {
    message: 'An issue names the job the stock goes to (and only an issue does)',
    path: ['jobId'],
  })
  .refine((m) => m.kind !== 'issue' || m.quantity > 0, {
    message: 'Issue a positive quantity',
    path: ['quantity'],
  })
  .refine((m) => m.kind === 'count' || m.quantity !== 0, {
    message: 'A movement must change the stock',
    path: ['quantity'],
  })
  .refine((m) => m.kind !== 'count' || m.quantity >= 0, {
    message: 'A count is the quantity on the shelf: zero or more',
    path: ['quantity'],
  });
export const Movement = z.object({
  id: z.uuid(),
  at: z.string(),
  kind: MovementKind,
  quantity: z.number().int(),
  onHandAfter: z.number().int(),
  reason: z.string(),
  job: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  purchaseOrder: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  actor: z.string(),
});

export const JobMaterialStatus = z.enum(['to_order', 'ordered', 'allocated', 'received']);
export type JobMaterialStatus = z.infer<typeof JobMaterialStatus>;
export const jobMaterialStatusLabels: Record<JobMaterialStatus, string> = {
  to_order: 'To order',
  ordered: 'Ordered',
  allocated: 'Allocated from stock',
  received: 'Received',
};

export const JobMaterialInput = z
  .object({
    itemId: z.uuid().nullable().optional(),
    materialId: z.uuid(),
    /** Left out: computed from the item's quantity, up-count and spoilage. */
    quantity: z.number().int().positive().max(100_000_000).optional(),
    upCount: z.number().int().min(1).max(1000).default(1),
    sheetsPerItem: z.number().int().min(1).max(10_000).default(1),
    spoilagePercent: z.number().min(0).max(100).default(5),
    note: optionalText(300),
  })
  .strict();
export const UpdateJobMaterial = z
  .object({ quantity: z.number().int().positive().max(100_000_000), note: optionalText(300) })
  .strict();
export const JobMaterial = z.object({
  id: z.uuid(),
  jobId: z.uuid(),
  itemId: z.uuid().nullable(),
  material: z.object({ id: z.uuid(), sku: z.string(), name: z.string(), unit: z.string() }),
  quantity: z.number().int(),
  computed: z.boolean(),
  upCount: z.number().int(),
  sheetsPerItem: z.number().int(),
  spoilagePercent: z.number(),
  allocated: z.number().int(),
  onOrder: z.number().int(),
  received: z.number().int(),
  shortage: z.number().int(),
  status: JobMaterialStatus,
  note: z.string().nullable(),
  purchaseOrders: z.array(
    z.object({ id: z.uuid(), number: z.string(), status: z.string(), expectedDate: z.string().nullable() }),
  ),
});
export type JobMaterial = z.infer<typeof JobMaterial>;

export const Shortage = z.object({
  jobMaterialId: z.uuid(),
  job: z.object({ id: z.uuid(), number: z.string(), title: z.string(), dueDate: z.string() }),
  material: z.object({ id: z.uuid(), sku: z.string(), name: z.string(), unit: z.string() }),
  preferredVendor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  shortage: z.number().int(),
});
export type Shortage = z.infer<typeof Shortage>;

export const PoStatus = z.enum(['draft', 'sent', 'partly_received', 'received', 'closed', 'cancelled']);
export type PoStatus = z.infer<typeof PoStatus>;

export const PoLineInput = z
  .object({
    materialId: z.uuid(),
    quantity: z.number().int().positive().max(100_000_000),
    /** The unit ordered in: the material's stock unit or one of its pack units. */
    unit: trimmed(20).optional(),
    unitCostCents: z.number().int().min(0).max(100_000_000).default(0),
    /** The job shortages this line covers, in stock units. */
    for: z
      .array(z.object({ jobMaterialId: z.uuid(), quantity: z.number().int().positive() }).strict())
      .max(100)
      .default([]),
  })
  .strict();
export const CreatePurchaseOrder = z
  .object({
    vendorId: z.uuid(),
    expectedDate: isoDate.nullable().optional(),
    notes: optionalText(5000),
    shipTo: PostalAddress.nullable().optional(),
    lines: z.array(PoLineInput).min(1, 'A purchase order needs at least one line').max(200),
  })
  .strict();
export const PoFromShortages = z
  .object({
    jobMaterialIds: z.array(z.uuid()).min(1, 'Pick at least one shortage').max(200),
    vendorId: z.uuid().optional(),
    expectedDate: isoDate.nullable().optional(),
  })
  .strict();
export const UpdatePurchaseOrder = z
  .object({
    expectedDate: isoDate.nullable().optional(),
    notes: optionalText(5000),
    status: z.enum(['closed', 'cancelled']).optional(),
    reason: optionalText(300),
  })
  .strict();
export const SendPurchaseOrder = z
  .object({ to: z.email().max(254).optional(), message: optionalText(5000) })
  .strict();
export const ReceiptInput = z
  .object({
    lines: z
      .array(
        z
          .object({
            lineId: z.uuid(),
            quantity: count(),
            damaged: count().default(0),
          })
          .strict(),
      )
      .min(1)
      .max(200),
    note: optionalText(1000),
  })
  .strict();

export const PoLine = z.object({
  id: z.uuid(),
  material: z.object({ id: z.uuid(), sku: z.string(), name: z.string(), unit: z.string() }),
  quantity: z.number().int(),
  unit: z.string(),
  unitFactor: z.number().int(),
  unitCostCents: z.number().int(),
  amountCents: z.number().int(),
  orderedStockUnits: z.number().int(),
  receivedStockUnits: z.number().int(),
  damagedStockUnits: z.number().int(),
  jobs: z.array(z.object({ id: z.uuid(), number: z.string(), quantity: z.number().int() })),
});
export const Receipt = z.object({
  id: z.uuid(),
  at: z.string(),
  by: z.string(),
  note: z.string().nullable(),
  lines: z.array(z.object({ lineId: z.uuid(), quantity: z.number().int(), damaged: z.number().int() })),
});
export const PurchaseOrder = z.object({
  id: z.uuid(),
  number: z.string(),
  vendor: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  status: PoStatus,
  expectedDate: z.string().nullable(),
  overdue: z.boolean(),
  notes: z.string().nullable(),
  shipTo: PostalAddress.nullable(),
  totalCents: z.number().int(),
  sentAt: z.string().nullable(),
  sentTo: z.string().nullable(),
  createdAt: z.string(),
  lines: z.array(PoLine),
  receipts: z.array(Receipt),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;
export const PurchaseOrderSummary = PurchaseOrder.omit({ lines: true, receipts: true, shipTo: true }).extend({
  lineCount: z.number().int(),
});
export type PurchaseOrderSummary = z.infer<typeof PurchaseOrderSummary>;
export const PoListQuery = ListQuery.extend({
  status: z.union([PoStatus, z.literal('open')]).optional(),
  vendorId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Only orders that jobs of the signed-in account manager wait on. */
  mine: z.enum(['true', 'false']).optional(),
}).strict();

export const MaterialsStatusQuery = z
  .object({
    jobIds: z
      .string()
      .max(200 * 37)
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(z.uuid()).max(200)),
  })
  .strict();
export const MaterialsStatusList = z.object({
  items: z.array(z.object({ jobId: z.uuid(), status: JobMaterialStatus })),
});
