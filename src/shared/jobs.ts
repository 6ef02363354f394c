import { z } from 'zod';
import { DepartmentDay, PurchasingDay } from './my-day';
import { ListQuery, optionalText, trimmed } from './common';

/** Items on one job; a portal order becomes one job, so it is also the most lines a cart may hold. */
export const MAX_JOB_ITEMS = 50;

/** The product types every shop starts with (seeded with their routes); admins add their own beyond them. */
export const BUILT_IN_PRODUCT_TYPES = [
  'flat_sheet',
  'folded_brochure',
  'booklet',
  'envelope',
  'letter',
  'postcard',
  'business_card',
  'large_format',
  'promotional',
  'mailing_service',
  'fulfilment',
  'other',
] as const;
/**
 * A product type's code: a built-in one or one an admin defined (`/product-types`). The shape is checked here;
 * that it exists and is not retired is checked where work is created (an unknown one is a 400 on the field).
 */
export const ProductType = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'A product type code: lower-case letters, digits and _');
export type ProductType = z.infer<typeof ProductType>;
export const productTypeLabels: Record<string, string> = {
  flat_sheet: 'Flat sheet',
  folded_brochure: 'Folded brochure',
  booklet: 'Booklet',
  envelope: 'Envelope',
  letter: 'Letter',
  postcard: 'Postcard',
  business_card: 'Business card',
  large_format: 'Large format',
  promotional: 'Promotional',
  mailing_service: 'Mailing service',
  fulfilment: 'Fulfilment',
  other: 'Other',
};

/** A product type's name where only its code is at hand: the built-in name, else the code in words. */
export const productTypeName = (code: string) =>
  productTypeLabels[code] ?? code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' ');

export const JobStatus = z.enum(['draft', 'in_production', 'completed', 'closed', 'on_hold', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;
export const StageStatus = z.enum(['pending', 'ready', 'in_progress', 'done', 'blocked']);
export type StageStatus = z.infer<typeof StageStatus>;
export const Risk = z.enum(['on_track', 'at_risk', 'late']);
export const Priority = z.enum(['low', 'normal', 'high', 'rush']);

const isoDate = z.iso.date();
const Size = z
  .object({
    width: z.number().positive().max(10_000),
    height: z.number().positive().max(10_000),
    unit: z.enum(['in', 'mm']),
  })
  .strict();

/** The print specification of an item; everything optional but the shape is fixed. */
export const ItemSpec = z
  .object({
    finishedSize: Size.optional(),
    flatSize: Size.optional(),
    stock: z
      .object({
        name: optionalText(120),
        weight: optionalText(40),
        finish: optionalText(40),
        colour: optionalText(40),
      })
      .strict()
      .optional(),
    inks: z
      .object({
        front: z.number().int().min(0).max(8),
        back: z.number().int().min(0).max(8),
        spots: z.array(z.string().trim().min(1).max(40)).max(8).default([]),
      })
      .strict()
      .optional(),
    finishing: z
      .object({
        fold: optionalText(60),
        binding: optionalText(60),
        laminate: optionalText(60),
        score: z.boolean().optional(),
        perforate: z.boolean().optional(),
        drill: z.boolean().optional(),
        dieCut: z.boolean().optional(),
        pad: z.boolean().optional(),
        number: z.boolean().optional(),
      })
      .strict()
      .optional(),
    mailing: z
      .object({
        mailClass: z.enum(['first_class', 'marketing', 'periodicals', 'nonprofit']),
        dropDate: isoDate.optional(),
        pieces: z.number().int().positive().max(100_000_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ItemSpec = z.infer<typeof ItemSpec>;

export const ItemInput = z
  .object({
    productType: ProductType,
    quantity: z.number().int().positive('Quantity must be at least 1').max(100_000_000),
    description: optionalText(500),
    pages: z.number().int().positive().max(2000).nullable().optional(),
    spec: ItemSpec.default({}),
    proof: z.enum(['pdf', 'hard_copy', 'none']).default('pdf'),
    packaging: optionalText(200),
    priceCents: z.number().int().min(0).nullable().optional(),
  })
  .strict();

export const CreateJob = z
  .object({
    accountId: z.uuid(),
    title: trimmed(200),
    dueDate: isoDate,
    inHandsDate: isoDate.nullable().optional(),
    contactId: z.uuid().nullable().optional(),
    costCentreId: z.uuid().nullable().optional(),
    /** One of the account's shipping addresses; left out, the account's default shipping address. */
    shipToAddressId: z.uuid().nullable().optional(),
    clientPo: optionalText(60),
    ownerId: z.uuid().nullable().optional(),
    priority: Priority.default('normal'),
    description: optionalText(10_000),
    internalNotes: optionalText(10_000),
    clientNotes: optionalText(10_000),
    estimatedPriceCents: z.number().int().min(0).nullable().optional(),
    items: z.array(ItemInput).min(1, 'A job needs at least one item').max(MAX_JOB_ITEMS),
    copyFromJobId: z.uuid().optional(),
  })
  .strict();
export type CreateJob = z.input<typeof CreateJob>;

export const UpdateJob = z
  .object({
    title: trimmed(200),
    dueDate: isoDate,
    inHandsDate: isoDate.nullable(),
    contactId: z.uuid().nullable(),
    costCentreId: z.uuid().nullable(),
    clientPo: z.string().trim().max(60).nullable(),
    ownerId: z.uuid().nullable(),
    priority: Priority,
    description: z.string().trim().max(10_000).nullable(),
    internalNotes: z.string().trim().max(10_000).nullable(),
    clientNotes: z.string().trim().max(10_000).nullable(),
    estimatedPriceCents: z.number().int().min(0).nullable(),
    status: JobStatus,
    statusReason: z.string().trim().min(1).max(500).nullable(),
  })
  .partial()
  .strict();
export type UpdateJob = z.input<typeof UpdateJob>;

/** Where a job ships: a copy of one of the account's shipping addresses, taken when it was chosen. */
export const ShipTo = z.object({
  addressId: z.uuid().nullable(),
  label: z.string().nullable(),
  attention: z.string().nullable(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string(),
  postalCode: z.string(),
  country: z.string(),
});
export type ShipTo = z.infer<typeof ShipTo>;

export const JobItem = z.object({
  id: z.uuid(),
  position: z.number().int(),
  productType: ProductType,
  description: z.string().nullable(),
  quantity: z.number().int(),
  pages: z.number().int().nullable(),
  spec: ItemSpec,
  proof: z.enum(['pdf', 'hard_copy', 'none']),
  proofStatus: z.enum(['not_required', 'pending', 'approved', 'changes_requested']),
  proofDecidedBy: z.string().nullable(),
  proofDecidedAt: z.string().nullable(),
  proofComment: z.string().nullable(),
  packaging: z.string().nullable(),
  priceCents: z.number().int().nullable(),
});

export const JobStage = z.object({
  id: z.uuid(),
  itemId: z.uuid().nullable(),
  department: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  name: z.string(),
  position: z.number().int(),
  standardHours: z.number(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  /** The working-hour pieces of the plan, 'YYYY-MM-DDTHH:MM' on the shop's clock. */
  plannedSlots: z.array(z.object({ start: z.string(), end: z.string() })),
  pinnedOn: z.string().nullable(),
  /** The machine (an estimating press) it is planned on; null: its department's hand work. */
  machineId: z.uuid().nullable(),
  /** A planner put it on that machine. */
  machinePinned: z.boolean(),
  status: StageStatus,
  blockedReason: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type JobStage = z.infer<typeof JobStage>;

export const JobSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  account: z.object({ id: z.uuid(), name: z.string() }),
  owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  status: JobStatus,
  priority: Priority,
  risk: Risk,
  dueDate: z.string(),
  inHandsDate: z.string().nullable(),
  updatedAt: z.string(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const Job = JobSummary.extend({
  contactId: z.uuid().nullable(),
  costCentreId: z.uuid().nullable(),
  clientPo: z.string().nullable(),
  statusReason: z.string().nullable(),
  description: z.string().nullable(),
  internalNotes: z.string().nullable(),
  clientNotes: z.string().nullable(),
  estimatedPriceCents: z.number().int().nullable(),
  currency: z.string(),
  shipTo: ShipTo.nullable(),
  /** Some stage has started or finished: from now on a change is a change order. */
  productionStarted: z.boolean(),
  items: z.array(JobItem),
  stages: z.array(JobStage),
  warnings: z.array(z.string()),
  createdAt: z.string(),
});
export type Job = z.infer<typeof Job>;

/** What the job page warns of (`Job.warnings`). */
export const JOB_WARNINGS = {
  behindPlan: 'Some stages were planned to start before today: the plan no longer fits the due date',
  atRisk: 'At risk: the remaining stages at standard times cannot finish before the due date',
  late: 'Late: the due date has passed',
};

export const JobListQuery = ListQuery.extend({
  q: z.string().trim().max(200).optional(),
  status: JobStatus.optional(),
  owner: z.union([z.literal('me'), z.uuid()]).optional(),
  accountId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  risk: Risk.optional(),
  dueFrom: isoDate.optional(),
  dueTo: isoDate.optional(),
}).strict();

export const UpdateStage = z
  .object({
    status: StageStatus,
    blockedReason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export const CopyJob = z
  .object({ dueDate: isoDate, title: trimmed(200).optional(), clientPo: optionalText(60) })
  .strict();

export const QueueEntry = z.object({
  stage: JobStage,
  job: z.object({
    id: z.uuid(),
    number: z.string(),
    title: z.string(),
    accountName: z.string(),
    dueDate: z.string(),
    risk: Risk,
    status: JobStatus,
    priority: Priority,
  }),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

export const ProofDecision = z
  .object({
    status: z.enum(['pending', 'approved', 'changes_requested']),
    decidedBy: trimmed(120),
    comment: optionalText(2000),
  })
  .strict();

export const CreateComment = z.object({ body: trimmed(5000) }).strict();
export const Comment = z.object({
  id: z.uuid(),
  body: z.string(),
  author: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  mentions: z.array(z.object({ id: z.uuid(), name: z.string() })),
  createdAt: z.string(),
});
export type Comment = z.infer<typeof Comment>;

export const MyDay = z.object({
  today: z.string(),
  dueToday: z.array(JobSummary),
  dueThisWeek: z.array(JobSummary),
  atRisk: z.array(JobSummary),
  late: z.array(JobSummary),
  blocked: z.array(JobSummary.extend({ blockedStage: z.string(), blockedReason: z.string().nullable() })),
  awaitingProof: z.array(JobSummary.extend({ items: z.number().int() })),
  /** Production: the signed-in user's department's open stages. */
  department: DepartmentDay.nullable(),
  /** Purchasing: shortages, late and due orders, receipts. */
  purchasing: PurchasingDay.nullable(),
});
export type MyDay = z.infer<typeof MyDay>;

export const FileKind = z.enum(['artwork', 'proof', 'other']);
export const UploadJobFile = z
  .object({
    itemId: z.uuid().nullable().optional(),
    kind: FileKind,
    filename: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^/\\\0]+$/, 'A file name without slashes'),
    contentType: z.string().trim().max(120).optional(),
    contentBase64: z.base64().min(1).max(70_000_000),
  })
  .strict();
export const JobFile = z.object({
  id: z.uuid(),
  itemId: z.uuid().nullable(),
  kind: FileKind,
  name: z.string(),
  version: z.number().int(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type JobFile = z.infer<typeof JobFile>;

export type TemplateItem = z.input<typeof ItemInput>;
export const CreateTemplate = z
  .object({ name: trimmed(120), fromJobId: z.uuid(), forAccount: z.boolean().default(true) })
  .strict();
export const JobTemplate = z.object({
  id: z.uuid(),
  name: z.string(),
  accountId: z.uuid().nullable(),
  title: z.string(),
  items: z.array(z.object({ productType: ProductType, quantity: z.number().int() }).passthrough()),
  createdAt: z.string(),
});
export type JobTemplate = z.infer<typeof JobTemplate>;
export const TemplateListQuery = z.object({ accountId: z.uuid().optional() }).strict();
export const JobFromTemplate = z
  .object({
    accountId: z.uuid(),
    dueDate: isoDate,
    title: trimmed(200).optional(),
    clientPo: optionalText(60),
  })
  .strict();

export const AddStage = z
  .object({
    afterStageId: z.uuid(),
    departmentId: z.uuid(),
    name: trimmed(80),
    standardHours: z.number().min(0.25).max(1000),
  })
  .strict();

/**
 * Why a job changes once production has started, and who asked: a client contact of the account or a staff
 * user (exactly one). `confirmToClient` e-mails the client a confirmation (the requesting contact, else the
 * job's contact).
 */
export const ChangeOrderInput = z
  .object({
    reason: trimmed(1000),
    requestedByContactId: z.uuid().nullable().optional(),
    requestedByUserId: z.uuid().nullable().optional(),
    confirmToClient: z.boolean().default(false),
  })
  .strict();
export type ChangeOrderInput = z.input<typeof ChangeOrderInput>;

/** What a change order changed: the fields (or the item) before and after; null for an added or removed item. */
export type ChangeOrderChanges = {
  itemId?: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

export const ChangeOrder = z.object({
  id: z.uuid(),
  number: z.number().int(),
  kind: z.enum(['job', 'item_added', 'item_changed', 'item_removed']),
  reason: z.string(),
  requestedBy: z.object({
    kind: z.enum(['contact', 'staff']),
    id: z.uuid().nullable(),
    name: z.string(),
  }),
  summary: z.string(),
  changes: z.object({
    itemId: z.uuid().optional(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
  }),
  priceBeforeCents: z.number().int().nullable(),
  priceAfterCents: z.number().int().nullable(),
  priceDifferenceCents: z.number().int().nullable(),
  confirmationTo: z.string().nullable(),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type ChangeOrder = z.infer<typeof ChangeOrder>;

/** Changes to a job's header; `shipToAddressId` picks one of the account's shipping addresses. */
export const EditJob = UpdateJob.extend({
  shipToAddressId: z.uuid().nullable().optional(),
  changeOrder: ChangeOrderInput.optional(),
}).strict();
export type EditJob = z.input<typeof EditJob>;

/** A new item on an existing job. */
export const AddJobItem = ItemInput.extend({ changeOrder: ChangeOrderInput.optional() }).strict();
export type AddJobItem = z.input<typeof AddJobItem>;

/**
 * Changes to one item: any field of the item, the spec replaced as a whole when given. No defaults here: a
 * field left out stays as it is (ItemInput's defaults would reset the proof and wipe the spec).
 */
export const UpdateJobItem = z
  .object({
    productType: ProductType.optional(),
    quantity: ItemInput.shape.quantity.optional(),
    description: optionalText(500),
    pages: ItemInput.shape.pages,
    spec: ItemSpec.optional(),
    proof: z.enum(['pdf', 'hard_copy', 'none']).optional(),
    packaging: optionalText(200),
    priceCents: ItemInput.shape.priceCents,
    changeOrder: ChangeOrderInput.optional(),
  })
  .strict();
export type UpdateJobItem = z.input<typeof UpdateJobItem>;

/** Removing an item: once production has started, the change order says why. */
export const RemoveJobItem = z.object({ changeOrder: ChangeOrderInput.optional() }).strict();

/** A retry (or a second click) with the same key answers the first result instead of making a second job. */
export const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
