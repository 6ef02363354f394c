import type { EstimateItemInput } from '../../../shared/estimating';
import type { ProductType } from '../../../shared/jobs';
import type { Quote, QuoteInput } from '../../../shared/quotes';
import {
  emptyEstimateItem,
  toEstimateItem,
  type EstimateItemDraft,
} from '../estimating/estimate-item-fields';
import { toDollars, type Blank } from '../estimating/money';

/** A quote item as typed: an estimate item plus what it is, whether it is an option, and its proof. */
export type QuoteItemDraft = EstimateItemDraft & {
  productType: ProductType;
  optional: boolean;
  proof: 'pdf' | 'hard_copy' | 'none';
};

export type QuoteDraft = {
  accountId: string | null;
  contactId: string | null;
  title: string;
  validUntil: string;
  turnaroundDays: Blank;
  terms: string;
  clientNotes: string;
  internalNotes: string;
  items: QuoteItemDraft[];
};

export const emptyQuoteItem = (): QuoteItemDraft => ({
  ...emptyEstimateItem(),
  productType: 'flat_sheet',
  optional: false,
  proof: 'pdf',
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A new quote: valid for 30 days, ten working days' turnaround. */
export const emptyQuote = (accountId: string | null): QuoteDraft => ({
  accountId,
  contactId: null,
  title: '',
  validUntil: inDays(30),
  turnaroundDays: 10,
  terms: '',
  clientNotes: '',
  internalNotes: '',
  items: [emptyQuoteItem()],
});

/** A stored item (the input the server kept) back into the form; a catalogue paper keeps its priced name. */
function itemDraft(item: Quote['items'][number]): QuoteItemDraft {
  const input = item.input as unknown as EstimateItemInput & { proof?: QuoteItemDraft['proof'] };
  const paper = input.paper as
    { materialId: string } | { name: string; width: number; height: number; costPerThousandCents: number };
  const base = emptyEstimateItem();
  const five = [...input.quantities, ...base.quantities].slice(0, 5) as Blank[];
  return {
    description: item.description,
    flatSize: {
      width: input.flatSize.width,
      height: input.flatSize.height,
      unit: input.flatSize.unit ?? 'in',
    },
    flatsPerCopy: input.flatsPerCopy ?? 1,
    inks: { front: input.inks.front, back: input.inks.back, spots: input.inks.spots ?? [] },
    paper:
      'materialId' in paper
        ? {
            ...base.paper,
            materialId: paper.materialId,
            materialLabel:
              item.estimates[0]?.lines.find((l) => l.kind === 'paper')?.label ?? 'The chosen catalogue paper',
          }
        : {
            ...base.paper,
            source: 'typed',
            name: paper.name,
            width: paper.width,
            height: paper.height,
            costPerThousand: toDollars(paper.costPerThousandCents),
          },
    operationIds: input.operationIds ?? [],
    outside: (input.outside ?? []).map((o) => ({ description: o.description, cost: toDollars(o.costCents) })),
    postagePerPiece: input.postageCentsPerPiece ? toDollars(input.postageCentsPerPiece) : '',
    quantities: five,
    productType: item.productType,
    optional: item.optional,
    proof: input.proof ?? 'pdf',
  };
}

export const quoteDraft = (q: Quote): QuoteDraft => ({
  accountId: q.account.id,
  contactId: q.contact?.id ?? null,
  title: q.title,
  validUntil: q.validUntil,
  turnaroundDays: q.turnaroundDays,
  terms: q.terms ?? '',
  clientNotes: q.clientNotes ?? '',
  internalNotes: q.internalNotes ?? '',
  items: q.items.map(itemDraft),
});

/** The body of POST /quotes (PATCH takes it without the account); blanks go as missing so the server names them. */
export function toQuoteInput(d: QuoteDraft): QuoteInput {
  return {
    accountId: d.accountId ?? '',
    contactId: d.contactId,
    title: d.title,
    validUntil: d.validUntil,
    turnaroundDays: d.turnaroundDays === '' ? undefined : Number(d.turnaroundDays),
    terms: d.terms.trim() || null,
    clientNotes: d.clientNotes.trim() || null,
    internalNotes: d.internalNotes.trim() || null,
    items: d.items.map(({ productType, optional, proof, ...estimate }) => ({
      ...toEstimateItem(estimate),
      description: estimate.description,
      productType,
      optional,
      proof,
    })),
  } as QuoteInput;
}
