import { z } from 'zod';
import { ListQuery, optionalText, trimmed } from './common';
import { EstimateItemInput, QuantityEstimate } from './estimating';
import { ProductType } from './jobs';

const isoDate = z.iso.date();

export const QuoteStatus = z.enum(['draft', 'sent', 'accepted', 'declined', 'expired', 'superseded']);
export type QuoteStatus = z.infer<typeof QuoteStatus>;
export const quoteStatusLabels: Record<QuoteStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  superseded: 'Revised',
};

/** One item of a quote: what the estimating engine prices, what it is, and up to five quantities. */
export const QuoteItemInput = EstimateItemInput.safeExtend({
  description: trimmed(500),
  productType: ProductType,
  /** An option: the client may take it or leave it. */
  optional: z.boolean().default(false),
  proof: z.enum(['pdf', 'hard_copy', 'none']).default('pdf'),
});
export type QuoteItemInput = z.input<typeof QuoteItemInput>;

export const QuoteInput = z
  .object({
    accountId: z.uuid(),
    contactId: z.uuid().nullable().optional(),
    title: trimmed(200),
    validUntil: isoDate,
    /** Working days from acceptance to delivery: the job's due date. */
    turnaroundDays: z.number().int().min(1).max(250).default(10),
    terms: optionalText(5000),
    clientNotes: optionalText(5000),
    internalNotes: optionalText(5000),
    items: z.array(QuoteItemInput).min(1, 'A quote needs at least one item').max(20),
  })
  .strict();
export type QuoteInput = z.input<typeof QuoteInput>;

/** Changes to a quote; a quote already sent becomes a new version, the old one kept as "revised". */
export const UpdateQuote = QuoteInput.omit({ accountId: true }).partial().strict();

export const QuotePrice = z.object({
  quantity: z.number().int(),
  priceCents: z.number().int(),
  postageCents: z.number().int(),
  taxCents: z.number().int(),
  totalCents: z.number().int(),
  unitCents: z.number(),
});
export type QuotePrice = z.infer<typeof QuotePrice>;

const ClientItem = z.object({
  id: z.uuid(),
  position: z.number().int(),
  description: z.string(),
  productType: ProductType,
  optional: z.boolean(),
  quantities: z.array(QuotePrice),
  acceptedQuantity: z.number().int().nullable(),
});

/** What the client sees: no internal notes, no working. */
export const ClientQuote = z.object({
  number: z.string(),
  version: z.number().int(),
  status: QuoteStatus,
  title: z.string(),
  shopName: z.string(),
  account: z.object({ name: z.string(), poRequired: z.boolean() }),
  contact: z.object({ name: z.string() }).nullable(),
  validUntil: z.string(),
  turnaroundDays: z.number().int(),
  terms: z.string().nullable(),
  clientNotes: z.string().nullable(),
  items: z.array(ClientItem),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  declineReason: z.string().nullable(),
});
export type ClientQuote = z.infer<typeof ClientQuote>;

/** A quote in the client's portal: the client's view, with the id the portal's routes take. */
export const PortalQuote = ClientQuote.extend({ id: z.uuid() });
export type PortalQuote = z.infer<typeof PortalQuote>;

export const Quote = z.object({
  id: z.uuid(),
  number: z.string(),
  version: z.number().int(),
  status: QuoteStatus,
  title: z.string(),
  account: z.object({ id: z.uuid(), name: z.string() }),
  contact: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }).nullable(),
  owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  validUntil: z.string(),
  turnaroundDays: z.number().int(),
  terms: z.string().nullable(),
  clientNotes: z.string().nullable(),
  internalNotes: z.string().nullable(),
  items: z.array(
    ClientItem.extend({
      input: z.record(z.string(), z.unknown()),
      estimates: z.array(QuantityEstimate),
    }),
  ),
  sentAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionChannel: z.string().nullable(),
  declineReason: z.string().nullable(),
  clientPo: z.string().nullable(),
  job: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  previousVersionId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Quote = z.infer<typeof Quote>;

export const QuoteSummary = Quote.pick({
  id: true,
  number: true,
  version: true,
  status: true,
  title: true,
  account: true,
  owner: true,
  validUntil: true,
  sentAt: true,
  decidedAt: true,
  job: true,
  createdAt: true,
}).extend({ lowestTotalCents: z.number().int(), highestTotalCents: z.number().int() });
export type QuoteSummary = z.infer<typeof QuoteSummary>;

export const QuoteListQuery = ListQuery.extend({
  status: QuoteStatus.optional(),
  accountId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  jobId: z.uuid().optional(),
}).strict();

const Choices = z
  .array(z.object({ itemId: z.uuid(), quantity: z.number().int().positive().nullable() }).strict())
  .min(1)
  .max(20);

/** The signature of an answer: the name its giver typed. */
const signedName = z.string().trim().min(1, 'Type your name to sign the answer').max(120);
const Accept = z.object({
  decision: z.literal('accept'),
  name: signedName,
  choices: Choices,
  clientPo: optionalText(60),
});
const Decline = z.object({
  decision: z.literal('decline'),
  name: signedName,
  reason: z.string().trim().min(1, 'Say why the quote is declined').max(2000),
});

/** The client's answer: one quantity per item (null leaves an option out), or a decline with a reason. */
export const QuoteDecision = z.discriminatedUnion('decision', [Accept.strict(), Decline.strict()]);
export type QuoteDecision = z.input<typeof QuoteDecision>;

/** The portal user's answer: signed by their signed-in name, so no name is typed. */
export const PortalQuoteDecision = z.discriminatedUnion('decision', [
  Accept.omit({ name: true }).strict(),
  Decline.omit({ name: true }).strict(),
]);
export type PortalQuoteDecision = z.input<typeof PortalQuoteDecision>;

/** An answer the account manager took by phone, e-mail or in person: who, when, how. */
const how = {
  channel: z.enum(['phone', 'email', 'in_person']),
  decidedAt: z.iso.datetime({ offset: true }).optional(),
};
export const RecordQuoteDecision = z.discriminatedUnion('decision', [
  Accept.extend(how).strict(),
  Decline.extend(how).strict(),
]);

export const SendQuote = z.object({ message: optionalText(2000) }).strict();
export const SendQuoteResult = z.object({ quote: Quote, link: z.string(), expiresAt: z.string() });
export type SendQuoteResult = z.infer<typeof SendQuoteResult>;

/** The invoice-import layouts an export batch is written in. */
export const InvoiceFormat = z.enum(['quickbooks', 'xero']);
export const InvoiceLine = z.object({
  description: z.string(),
  quantity: z.number(),
  amountCents: z.number().int(),
});
/** A job billing can invoice: its final price is its items (as quoted, then changed by change orders) plus postage. */
export const ReadyToInvoice = z.object({
  jobId: z.uuid(),
  jobNumber: z.string(),
  title: z.string(),
  account: z.object({ id: z.uuid(), name: z.string(), taxExempt: z.boolean() }),
  clientPo: z.string().nullable(),
  lines: z.array(InvoiceLine),
  totalCents: z.number().int(),
  unpricedItems: z.number().int(),
});
export type ReadyToInvoice = z.infer<typeof ReadyToInvoice>;
export const CreateInvoiceExport = z
  .object({ format: InvoiceFormat, jobIds: z.array(z.uuid()).min(1).max(500).optional() })
  .strict();
export const InvoiceExport = z.object({
  id: z.uuid(),
  number: z.string(),
  format: InvoiceFormat,
  jobCount: z.number().int(),
  totalCents: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  jobs: z.array(z.object({ jobId: z.uuid(), jobNumber: z.string(), totalCents: z.number().int() })),
});
export type InvoiceExport = z.infer<typeof InvoiceExport>;
