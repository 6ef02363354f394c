import { z } from 'zod';
import { optionalText, trimmed } from './common';
import { ProductType } from './jobs';
import { Segment } from './accounts';

const inches = z.number().positive().max(200);
const SheetSize = z.object({ width: inches, height: inches }).strict();
const centsAmount = z.number().min(0).max(100_000_000);
const percent = z.number().min(0).max(1000);

export const PressKind = z.enum(['offset', 'digital']);

/** A press as the estimating engine sees it (sizes in inches, amounts in cents; clicks may have fractions). */
export const PressInput = z
  .object({
    name: trimmed(80),
    kind: PressKind,
    departmentId: z.uuid().nullable().optional(),
    maxSheet: SheetSize,
    minSheet: SheetSize,
    marginIn: z.number().min(0).max(5).default(0.25),
    colours: z.number().int().min(1).max(12).default(4),
    perfecting: z.boolean().default(false),
    makeReadyMinutes: z.number().min(0).max(1440),
    makeReadySheets: z.number().int().min(0).max(100_000),
    sheetsPerHour: z.number().positive().max(1_000_000),
    hourlyRateCents: centsAmount,
    plateCents: centsAmount.default(0),
    clickColourCents: centsAmount.default(0),
    clickMonoCents: centsAmount.default(0),
    /** Hours a day the press runs for planning (from its department's day start); null: the whole day. */
    hoursPerDay: z.number().positive().max(24).nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict()
  .refine(
    (p) => Math.max(p.minSheet.width, p.minSheet.height) <= Math.max(p.maxSheet.width, p.maxSheet.height),
    {
      message: 'The smallest sheet must not be larger than the largest',
      path: ['minSheet'],
    },
  );
export const Press = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: PressKind,
  departmentId: z.uuid().nullable(),
  maxSheet: SheetSize,
  minSheet: SheetSize,
  marginIn: z.number(),
  colours: z.number().int(),
  perfecting: z.boolean(),
  makeReadyMinutes: z.number(),
  makeReadySheets: z.number().int(),
  sheetsPerHour: z.number(),
  hourlyRateCents: z.number(),
  plateCents: z.number(),
  clickColourCents: z.number(),
  clickMonoCents: z.number(),
  hoursPerDay: z.number().nullable(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type Press = z.infer<typeof Press>;

export const OperationKind = z.enum(['finishing', 'mailing']);
export const OperationPer = z.enum(['piece', 'thousand', 'sheet']);
export const OperationInput = z
  .object({
    name: trimmed(80),
    kind: OperationKind,
    departmentId: z.uuid().nullable().optional(),
    setupCents: centsAmount,
    rateCents: centsAmount,
    per: OperationPer,
    active: z.boolean().default(true),
  })
  .strict();
export const Operation = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: OperationKind,
  departmentId: z.uuid().nullable(),
  setupCents: z.number(),
  rateCents: z.number(),
  per: OperationPer,
  active: z.boolean(),
  updatedAt: z.string(),
});
export type Operation = z.infer<typeof Operation>;

export const EstimatingRules = z
  .object({
    bleedIn: z.number().min(0).max(2),
    gutterIn: z.number().min(0).max(5),
    spoilage: z
      .array(
        z.object({ fromQuantity: z.number().int().min(0), percent: z.number().min(0).max(100) }).strict(),
      )
      .min(1)
      .max(20)
      .refine((rows) => rows.some((r) => r.fromQuantity === 0), 'One row must start at quantity 0'),
    markupPercent: percent,
    segmentMarkups: z.partialRecord(Segment, percent).default({}),
    minimumChargeCents: centsAmount,
    taxRatePercent: z.number().min(0).max(100),
  })
  .strict();
export type EstimatingRules = z.infer<typeof EstimatingRules>;

export const AccountMarkup = z.object({ markupPercent: percent.nullable() }).strict();

const Size = z
  .object({
    width: z.number().positive().max(10_000),
    height: z.number().positive().max(10_000),
    unit: z.enum(['in', 'mm']),
  })
  .strict();

/** The paper: a sheet from the materials catalogue, or typed (size and price per thousand sheets). */
export const PaperChoice = z.union([
  z.object({ materialId: z.uuid() }).strict(),
  z.object({ name: trimmed(120), width: inches, height: inches, costPerThousandCents: centsAmount }).strict(),
]);

export const EstimateItemInput = z
  .object({
    description: optionalText(500),
    productType: ProductType.optional(),
    /** The flat (unfolded) size of one piece. */
    flatSize: Size,
    flatsPerCopy: z.number().int().min(1).max(1000).default(1),
    inks: z
      .object({
        front: z.number().int().min(0).max(8),
        back: z.number().int().min(0).max(8),
        spots: z.array(z.string().trim().min(1).max(40)).max(8).default([]),
      })
      .strict()
      .refine((i) => i.front + i.back > 0, 'At least one side must be printed'),
    paper: PaperChoice,
    operationIds: z.array(z.uuid()).max(20).default([]),
    outside: z
      .array(z.object({ description: trimmed(200), costCents: centsAmount }).strict())
      .max(10)
      .default([]),
    postageCentsPerPiece: centsAmount.default(0),
    quantities: z
      .array(z.number().int().positive().max(100_000_000))
      .min(1)
      .max(5)
      .refine((q) => new Set(q).size === q.length, 'Each quantity once'),
  })
  .strict();
export type EstimateItemInput = z.input<typeof EstimateItemInput>;

/**
 * What the engine needs to price a portal product at whatever quantity is ordered: an estimate item without its
 * quantities (the order's), description and product type (the product's), and postage (a portal order is not mailed).
 */
export const EngineSpec = EstimateItemInput.omit({
  quantities: true,
  description: true,
  productType: true,
  postageCentsPerPiece: true,
});
export type EngineSpec = z.input<typeof EngineSpec>;

export const EstimateRequest = z
  .object({
    /** Prices for this account: its markup, its segment's, its tax exemption. */
    accountId: z.uuid().nullable().optional(),
    items: z.array(EstimateItemInput).min(1).max(20),
  })
  .strict();
export type EstimateRequest = z.input<typeof EstimateRequest>;

export const EstimateLine = z.object({
  kind: z.enum(['plates', 'clicks', 'press', 'paper', 'finishing', 'mailing', 'outside']),
  label: z.string(),
  working: z.string(),
  cents: z.number().int(),
});

export const QuantityEstimate = z.object({
  quantity: z.number().int(),
  press: z.object({ id: z.string(), name: z.string(), kind: PressKind }),
  imposition: z.object({
    up: z.number().int(),
    across: z.number().int(),
    down: z.number().int(),
    rotated: z.boolean(),
  }),
  runSheets: z.number().int(),
  spoilageSheets: z.number().int(),
  totalSheets: z.number().int(),
  passes: z.number().int(),
  makeReadyHours: z.number(),
  runHours: z.number(),
  lines: z.array(EstimateLine),
  costCents: z.number().int(),
  markupPercent: z.number(),
  markupCents: z.number().int(),
  priceCents: z.number().int(),
  minimumApplied: z.boolean(),
  postageCents: z.number().int(),
  taxCents: z.number().int(),
  totalCents: z.number().int(),
  unitCents: z.number(),
  alternatives: z.array(z.object({ press: z.string(), totalCents: z.number().int() })),
  refused: z.array(z.object({ press: z.string(), reason: z.string() })),
});
export type QuantityEstimate = z.infer<typeof QuantityEstimate>;

export const Estimate = z.object({
  account: z.object({ id: z.uuid(), name: z.string(), taxExempt: z.boolean() }).nullable(),
  markupSource: z.enum(['account', 'segment', 'shop']),
  items: z.array(
    z.object({
      description: z.string().nullable(),
      paper: z.object({
        name: z.string(),
        width: z.number(),
        height: z.number(),
        costPerThousandCents: z.number(),
      }),
      quantities: z.array(QuantityEstimate),
    }),
  ),
});
export type Estimate = z.infer<typeof Estimate>;
