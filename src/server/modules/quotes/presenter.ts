import type { ClientQuote, Quote, QuoteSummary } from '../../../shared/quotes';
import type { ProductType } from '../../../shared/jobs';
import type { quoteItems, quotes } from './tables';

export type QuoteRow = typeof quotes.$inferSelect;
export type QuoteItemRow = typeof quoteItems.$inferSelect;
export type QuoteParties = {
  account: { id: string; name: string; poRequired: boolean };
  contact: { id: string; name: string; email: string | null } | null;
  owner: { id: string; name: string } | null;
  job: { id: string; number: string } | null;
};

/** A quote sent and past its date reads as expired, whether or not a sweep has written it yet. */
export const effectiveStatus = (row: QuoteRow, today: string): Quote['status'] =>
  row.status === 'sent' && row.validUntil < today ? 'expired' : row.status;

const iso = (d: Date | null) => d?.toISOString() ?? null;

const clientItem = (i: QuoteItemRow) => ({
  id: i.id,
  position: i.position,
  description: i.description,
  productType: i.productType as ProductType,
  optional: i.optional,
  quantities: i.prices,
  acceptedQuantity: i.acceptedQuantity,
});

export function presentQuote(
  row: QuoteRow,
  items: QuoteItemRow[],
  parties: QuoteParties,
  today: string,
): Quote {
  return {
    id: row.id,
    number: row.number,
    version: row.version,
    status: effectiveStatus(row, today),
    title: row.title,
    account: { id: parties.account.id, name: parties.account.name },
    contact: parties.contact,
    owner: parties.owner,
    validUntil: row.validUntil,
    turnaroundDays: row.turnaroundDays,
    terms: row.terms,
    clientNotes: row.clientNotes,
    internalNotes: row.internalNotes,
    items: items.map((i) => ({ ...clientItem(i), input: i.input, estimates: i.estimates })),
    sentAt: iso(row.sentAt),
    decidedAt: iso(row.decidedAt),
    decidedBy: row.decidedBy,
    decisionChannel: row.decisionChannel,
    declineReason: row.declineReason,
    clientPo: row.clientPo,
    job: parties.job,
    previousVersionId: row.previousVersionId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentClientQuote(
  row: QuoteRow,
  items: QuoteItemRow[],
  parties: QuoteParties,
  today: string,
  shopName: string,
): ClientQuote {
  return {
    number: row.number,
    version: row.version,
    status: effectiveStatus(row, today),
    title: row.title,
    shopName,
    account: { name: parties.account.name, poRequired: parties.account.poRequired },
    contact: parties.contact ? { name: parties.contact.name } : null,
    validUntil: row.validUntil,
    turnaroundDays: row.turnaroundDays,
    terms: row.terms,
    clientNotes: row.clientNotes,
    items: items.map(clientItem),
    decidedAt: iso(row.decidedAt),
    decidedBy: row.decidedBy,
    declineReason: row.declineReason,
  };
}

export function summarise(
  row: QuoteRow,
  items: QuoteItemRow[],
  parties: QuoteParties,
  today: string,
): QuoteSummary {
  // The quote's range: every required item at its smallest (largest) quantity; options left out.
  const required = items.filter((i) => !i.optional);
  const sum = (pick: (totals: number[]) => number) =>
    required.reduce((s, i) => s + pick(i.prices.map((p) => p.totalCents)), 0);
  return {
    id: row.id,
    number: row.number,
    version: row.version,
    status: effectiveStatus(row, today),
    title: row.title,
    account: { id: parties.account.id, name: parties.account.name },
    owner: parties.owner,
    validUntil: row.validUntil,
    sentAt: iso(row.sentAt),
    decidedAt: iso(row.decidedAt),
    job: parties.job,
    createdAt: row.createdAt.toISOString(),
    lowestTotalCents: sum((t) => Math.min(...t)),
    highestTotalCents: sum((t) => Math.max(...t)),
  };
}
