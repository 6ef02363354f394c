import { z } from 'zod';
import { ListQuery, optionalText, trimmed, webUrl } from './common';
import { ItemSpec, ProductType } from './jobs';
import { EngineSpec } from './estimating';
import { PostalAddress } from './purchasing';
import { ArtworkRules, UploadedFile } from './artwork';

const isoDate = z.iso.date();
const cents = z.number().int().min(0).max(1_000_000_000);
const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour like #1f6feb');

// ── Portals (staff) ────────────────────────────────────────────────────────────

export const BudgetPeriod = z.enum(['month', 'quarter', 'fiscal_year']);
export const PortalInput = z
  .object({
    accountId: z.uuid(),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'Lower-case letters, digits and dashes, 1–40 long'),
    name: trimmed(120),
    welcomeText: optionalText(2000),
    logoUrl: webUrl().nullable().optional(),
    primaryColour: hexColour.default('#1f6feb'),
    showPrices: z.boolean().default(true),
    active: z.boolean().default(true),
    /** Orders above this total wait for an approver (null: no such rule). */
    approvalAboveCents: cents.nullable().default(null),
    budgetPeriod: BudgetPeriod.default('month'),
    fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
    /** Ids of the account's shipping addresses buyers may pick; empty = any of them. */
    shipToAddressIds: z.array(z.uuid()).max(50).default([]),
    allowNewAddresses: z.boolean().default(true),
    /** Orders placed after this time of day (shop time zone) are processed the next working day. */
    cutoffTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
      .nullable()
      .default(null),
    budgets: z
      .array(z.object({ costCentreId: z.uuid(), amountCents: cents }).strict())
      .max(100)
      .default([]),
  })
  .strict();
export type PortalInput = z.input<typeof PortalInput>;

export const Portal = z.object({
  id: z.uuid(),
  account: z.object({ id: z.uuid(), name: z.string() }),
  slug: z.string(),
  name: z.string(),
  welcomeText: z.string().nullable(),
  logoUrl: z.string().nullable(),
  /** The uploaded logo, shown instead of the typed URL. */
  logoFile: UploadedFile.nullable(),
  primaryColour: z.string(),
  showPrices: z.boolean(),
  active: z.boolean(),
  approvalAboveCents: z.number().int().nullable(),
  budgetPeriod: BudgetPeriod,
  fiscalYearStartMonth: z.number().int(),
  shipToAddressIds: z.array(z.uuid()),
  allowNewAddresses: z.boolean(),
  cutoffTime: z.string().nullable(),
  budgets: z.array(z.object({ costCentreId: z.uuid(), amountCents: z.number().int() })),
  counts: z.object({ users: z.number().int(), products: z.number().int(), openOrders: z.number().int() }),
});
export type Portal = z.infer<typeof Portal>;

export const PortalRole = z.enum(['buyer', 'approver', 'client_admin', 'viewer']);
export type PortalRole = z.infer<typeof PortalRole>;
export const portalRoleLabels: Record<PortalRole, string> = {
  buyer: 'Buyer',
  approver: 'Approver',
  client_admin: 'Client admin',
  viewer: 'Viewer',
};
export const PortalUserInput = z
  .object({
    email: z.email().max(254),
    name: trimmed(120),
    role: PortalRole,
    costCentreIds: z.array(z.uuid()).max(50).default([]),
    spendingLimitCents: cents.nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict();
export const PortalUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: PortalRole,
  costCentreIds: z.array(z.uuid()),
  spendingLimitCents: z.number().int().nullable(),
  active: z.boolean(),
  invited: z.boolean(),
  lastSignInAt: z.string().nullable(),
});
export type PortalUser = z.infer<typeof PortalUser>;

// ── Products ───────────────────────────────────────────────────────────────────

export const ProductKind = z.enum(['stocked', 'print_on_demand', 'variable_data', 'kit']);
export type ProductKind = z.infer<typeof ProductKind>;
export const productKindLabels: Record<ProductKind, string> = {
  stocked: 'Stocked item',
  print_on_demand: 'Print on demand',
  variable_data: 'Variable data',
  kit: 'Kit',
};
export const PriceBreak = z.object({ minQuantity: z.number().int().min(1), unitPriceCents: cents }).strict();
export const VdpField = z
  .object({
    name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,30}$/, 'camelCase, e.g. phone'),
    label: trimmed(60),
    required: z.boolean().default(false),
    maxLength: z.number().int().min(1).max(200).default(60),
  })
  .strict();
export const ProductInput = z
  .object({
    sku: trimmed(40),
    name: trimmed(160),
    description: optionalText(5000),
    kind: ProductKind,
    categories: z.array(trimmed(40)).max(10).default([]),
    imageUrl: webUrl().nullable().optional(),
    unitPriceCents: cents.default(0),
    priceBreaks: z.array(PriceBreak).max(10).default([]),
    minQuantity: z.number().int().min(1).default(1),
    maxQuantity: z.number().int().min(1).nullable().default(null),
    multipleOf: z.number().int().min(1).default(1),
    /** Cost centres that see the product; empty = everyone. */
    visibleToCostCentreIds: z.array(z.uuid()).max(50).default([]),
    /** Ordering it always needs an approver. */
    restricted: z.boolean().default(false),
    activeFrom: isoDate.nullable().default(null),
    activeTo: isoDate.nullable().default(null),
    active: z.boolean().default(true),
    /** Stocked: the inventory item it is picked from. */
    inventoryItemId: z.uuid().nullable().default(null),
    /** Print on demand and variable data: what the job prints. */
    productType: ProductType.nullable().default(null),
    spec: ItemSpec.default({}),
    /** Variable data: the fields the buyer fills in. */
    fields: z.array(VdpField).max(12).default([]),
    /** Kit: the products it bundles. */
    components: z
      .array(z.object({ productId: z.uuid(), quantity: z.number().int().min(1).max(1000) }).strict())
      .max(20)
      .default([]),
    /** Print on demand: priced by the estimating engine from these specs at the ordered quantity (no price table). */
    engineSpec: EngineSpec.nullable().default(null),
    /** Print on demand: the buyer uploads a PDF checked against these rules (null: no artwork asked). */
    artwork: ArtworkRules.nullable().default(null),
  })
  .strict()
  .refine((p) => !p.artwork || p.kind === 'print_on_demand', {
    message: 'Only a print-on-demand product takes the buyer’s artwork',
    path: ['artwork'],
  })
  .refine((p) => !p.engineSpec || p.kind === 'print_on_demand', {
    message: 'Only a print-on-demand product is priced by the engine',
    path: ['engineSpec'],
  });
export type ProductInput = z.input<typeof ProductInput>;

export const Product = z.object({
  id: z.uuid(),
  portalId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: ProductKind,
  categories: z.array(z.string()),
  imageUrl: z.string().nullable(),
  /** The uploaded image, shown instead of the typed URL. */
  imageFile: UploadedFile.nullable(),
  /** Print on demand: the artwork the buyer uploads and its preflight rules. */
  artwork: ArtworkRules.nullable(),
  unitPriceCents: z.number().int().nullable(),
  priceBreaks: z.array(PriceBreak),
  minQuantity: z.number().int(),
  maxQuantity: z.number().int().nullable(),
  multipleOf: z.number().int(),
  visibleToCostCentreIds: z.array(z.uuid()),
  restricted: z.boolean(),
  activeFrom: z.string().nullable(),
  activeTo: z.string().nullable(),
  active: z.boolean(),
  inventoryItemId: z.uuid().nullable(),
  productType: ProductType.nullable(),
  spec: ItemSpec,
  fields: z.array(VdpField),
  components: z.array(z.object({ productId: z.uuid(), quantity: z.number().int() })),
  /** Units that can be ordered now (stocked and kits); null when made to order. */
  available: z.number().int().nullable(),
  /** Priced by the estimating engine at the ordered quantity (the specs are shown to staff only). */
  pricedByEngine: z.boolean(),
  engineSpec: EngineSpec.nullable(),
});
export type Product = z.infer<typeof Product>;

/** What a quantity of a product costs before tax (null where the portal hides prices). */
/** Without a quantity: the least the product can be ordered in. */
export const PriceQuery = z
  .object({ quantity: z.coerce.number().int().min(1).max(100_000_000).optional() })
  .strict();
export const ProductPrice = z.object({
  quantity: z.number().int(),
  unitPriceCents: z.number().int().nullable(),
  amountCents: z.number().int().nullable(),
});
export type ProductPrice = z.infer<typeof ProductPrice>;
export const CatalogQuery = ListQuery.extend({
  q: z.string().trim().max(100).optional(),
  category: z.string().trim().max(40).optional(),
  /** Only the products the user starred. */
  favourites: z.enum(['true', 'false']).optional(),
}).strict();

// ── Inventory ──────────────────────────────────────────────────────────────────

export const InventoryItemInput = z
  .object({
    accountId: z.uuid(),
    sku: trimmed(40),
    name: trimmed(160),
    unit: trimmed(20).default('each'),
    reorderPoint: z.number().int().min(0).default(0),
    reorderQuantity: z.number().int().min(0).default(0),
    location: optionalText(60),
  })
  .strict();
export const InventoryItem = z.object({
  id: z.uuid(),
  account: z.object({ id: z.uuid(), name: z.string() }),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  reorderPoint: z.number().int(),
  reorderQuantity: z.number().int(),
  low: z.boolean(),
  location: z.string().nullable(),
});
export type InventoryItem = z.infer<typeof InventoryItem>;
export const InventoryMovementInput = z
  .object({
    kind: z.enum(['receipt', 'adjustment', 'count']),
    quantity: z.number().int().min(-10_000_000).max(10_000_000),
    reason: trimmed(300),
    jobId: z.uuid().nullable().optional(),
  })
  .strict();
export const InventoryMovement = z.object({
  id: z.uuid(),
  at: z.string(),
  kind: z.enum(['receipt', 'adjustment', 'count', 'reserve', 'release', 'pick']),
  quantity: z.number().int(),
  onHandAfter: z.number().int(),
  reservedAfter: z.number().int(),
  reason: z.string(),
  orderId: z.uuid().nullable(),
  actor: z.string(),
});
export const InventoryListQuery = ListQuery.extend({
  accountId: z.uuid().optional(),
  low: z.enum(['true', 'false']).optional(),
}).strict();

// ── Cart, checkout, orders ─────────────────────────────────────────────────────

export const CartLineInput = z
  .object({
    productId: z.uuid(),
    quantity: z.number().int().min(1).max(1_000_000),
    /** Variable data: the buyer's values, by field name. */
    values: z.record(z.string(), z.string().max(200)).default({}),
    /** Print on demand: the uploaded artwork (its preflight must not block). */
    artworkFileId: z.uuid().nullable().default(null),
    /** The buyer saw the preflight's warnings and orders anyway. */
    artworkWarningsAccepted: z.boolean().default(false),
  })
  .strict();
export const CartLine = z.object({
  id: z.uuid(),
  product: z.object({ id: z.uuid(), sku: z.string(), name: z.string(), kind: ProductKind }),
  quantity: z.number().int(),
  values: z.record(z.string(), z.string()),
  proofApproved: z.boolean(),
  /** Print on demand: the artwork file on the line. */
  artwork: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  unitPriceCents: z.number().int().nullable(),
  amountCents: z.number().int().nullable(),
});
export const Cart = z.object({ lines: z.array(CartLine), totalCents: z.number().int().nullable() });
export type Cart = z.infer<typeof Cart>;

export const Checkout = z
  .object({
    costCentreId: z.uuid(),
    /** One of the portal's allowed addresses, or a new one. */
    shipToAddressId: z.uuid().optional(),
    shipTo: PostalAddress.optional(),
    neededBy: isoDate.nullable().optional(),
    notes: optionalText(2000),
    clientPo: optionalText(60),
  })
  .strict()
  .refine((c) => Boolean(c.shipToAddressId) !== Boolean(c.shipTo), {
    message: 'Choose a saved address or enter a new one',
    path: ['shipTo'],
  });

export const OrderStatus = z.enum([
  'pending_approval',
  'approved',
  'rejected',
  'in_fulfilment',
  'shipped',
  'completed',
  'cancelled',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;
export const OrderLine = z.object({
  id: z.uuid(),
  product: z.object({ id: z.uuid(), sku: z.string(), name: z.string(), kind: ProductKind }),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  amountCents: z.number().int(),
  values: z.record(z.string(), z.string()),
  picked: z.boolean(),
});
export const Order = z.object({
  id: z.uuid(),
  number: z.string(),
  portal: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  account: z.object({ id: z.uuid(), name: z.string() }),
  buyer: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  costCentre: z.object({ id: z.uuid(), name: z.string(), code: z.string() }),
  status: OrderStatus,
  approvalReasons: z.array(z.string()),
  decision: z
    .object({ by: z.string(), at: z.string(), comment: z.string().nullable(), approved: z.boolean() })
    .nullable(),
  shipTo: PostalAddress,
  neededBy: z.string().nullable(),
  notes: z.string().nullable(),
  clientPo: z.string().nullable(),
  totalCents: z.number().int(),
  job: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  /** Approved, and its job is being made after the approval committed (the queue's order release). */
  releasing: z.boolean(),
  shipments: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      carrier: z.string(),
      status: z.string(),
      trackingNumber: z.string().nullable(),
      trackingUrl: z.string().nullable(),
    }),
  ),
  lines: z.array(OrderLine),
  createdAt: z.string(),
});
export type Order = z.infer<typeof Order>;
export const OrderListQuery = ListQuery.extend({
  status: z.union([OrderStatus, z.literal('open')]).optional(),
  portalId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  /** Only orders of accounts the signed-in account manager owns. */
  mine: z.enum(['true', 'false']).optional(),
}).strict();
export const Decision = z.object({ comment: optionalText(1000) }).strict();

// ── Portal users' own views ───────────────────────────────────────────────────

export const PortalLogin = z.object({ email: z.email(), password: z.string().min(1).max(200) }).strict();
export const PortalAccept = z
  .object({ token: z.string().min(10).max(200), password: z.string().min(10).max(200) })
  .strict();
export const PortalSession = z.object({
  user: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: PortalRole,
    spendingLimitCents: z.number().int().nullable(),
  }),
  portal: z.object({
    slug: z.string(),
    name: z.string(),
    welcomeText: z.string().nullable(),
    logoUrl: z.string().nullable(),
    primaryColour: z.string(),
    showPrices: z.boolean(),
    allowNewAddresses: z.boolean(),
  }),
  costCentres: z.array(z.object({ id: z.uuid(), name: z.string(), code: z.string() })),
  addresses: z.array(
    z.object({
      id: z.uuid(),
      label: z.string().nullable(),
      line1: z.string(),
      city: z.string(),
      region: z.string(),
      postalCode: z.string(),
    }),
  ),
  csrfToken: z.string(),
});
export type PortalSession = z.infer<typeof PortalSession>;
export const PortalBranding = PortalSession.shape.portal;

export const BudgetUse = z.object({
  costCentre: z.object({ id: z.uuid(), name: z.string(), code: z.string() }),
  period: z.object({ from: z.string(), to: z.string() }),
  budgetCents: z.number().int().nullable(),
  spentCents: z.number().int(),
  pendingCents: z.number().int(),
});
export const ClientInventoryRow = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  /** Units picked per month over the last 12 months, oldest first. */
  monthlyUsage: z.array(z.object({ month: z.string(), quantity: z.number().int() })),
  monthsLeft: z.number().nullable(),
  low: z.boolean(),
});
export type BudgetUse = z.infer<typeof BudgetUse>;
export type ClientInventoryRow = z.infer<typeof ClientInventoryRow>;
