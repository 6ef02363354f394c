import { and, asc, desc, eq, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { QuoteInput, QuoteListQuery, QuoteSummary, UpdateQuote } from '../../../shared/quotes';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { nextNumber } from '../../platform/db/sequences';
import { conflict, invalid, notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import type { ServiceContext } from '../../platform/service-context';
import { accountSummaries, contactSummaries, getAccount, getContact } from '../accounts';
import { estimateRequest } from '../estimating';
import { jobNumbers } from '../jobs';
import { userNames } from '../users';
import { presentQuote, summarise, type QuoteItemRow, type QuoteParties, type QuoteRow } from './presenter';
import { quoteItems, quotes } from './tables';
import { requireProductType } from '../departments';

type Input = z.output<typeof QuoteInput>;

/** The account, contact, owner and job of quotes, for presenting them. */
export async function partiesOf(db: Db, rows: QuoteRow[]): Promise<Map<string, QuoteParties>> {
  const ids = (pick: (r: QuoteRow) => string | null) => [
    ...new Set(rows.flatMap((r) => (pick(r) ? [pick(r)!] : []))),
  ];
  // One query each, however many quotes the list shows.
  const accounts = await accountSummaries(
    db,
    ids((r) => r.accountId),
  );
  const contacts = await contactSummaries(
    db,
    ids((r) => r.contactId),
  );
  const names = await userNames(
    db,
    ids((r) => r.ownerId),
  );
  const jobs = await jobNumbers(
    db,
    ids((r) => r.jobId),
  );
  const out = new Map<string, QuoteParties>();
  for (const r of rows) {
    const account = accounts.get(r.accountId);
    if (!account) throw notFound('Account');
    out.set(r.id, {
      account,
      contact: (r.contactId && contacts.get(r.contactId)) || null,
      owner: r.ownerId ? { id: r.ownerId, name: names.get(r.ownerId) ?? 'Unknown' } : null,
      job: (r.jobId && jobs.get(r.jobId)) || null,
    });
  }
  return out;
}

export async function itemsOf(db: Db, quoteId: string): Promise<QuoteItemRow[]> {
  return db
    .select()
    .from(quoteItems)
    .where(eq(quoteItems.quoteId, quoteId))
    .orderBy(asc(quoteItems.position));
}

export async function getQuote(opts: Pick<ServiceContext, 'db' | 'clock'> & { id: string }) {
  const [row] = await opts.db.select().from(quotes).where(eq(quotes.id, opts.id));
  if (!row) throw notFound('Quote');
  const parties = (await partiesOf(opts.db, [row])).get(row.id)!;
  return presentQuote(row, await itemsOf(opts.db, row.id), parties, opts.clock.today());
}

/** Prices every item of a quote with the estimating engine, for the quote's account. */
async function priceItems(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  accountId: string,
  items: Input['items'],
) {
  for (const [i, item] of items.entries())
    await requireProductType(ctx.db, item.productType, `items.${i}.productType`);
  const estimate = await estimateRequest(ctx, { accountId, items });
  return items.map((input, index) => {
    const estimates = estimate.items[index]!.quantities;
    return {
      input,
      estimates,
      prices: estimates.map((e) => ({
        quantity: e.quantity,
        priceCents: e.priceCents,
        postageCents: e.postageCents,
        taxCents: e.taxCents,
        totalCents: e.totalCents,
        unitCents: e.unitCents,
      })),
    };
  });
}

async function checkContact(db: Db, accountId: string, contactId: string | null | undefined) {
  if (!contactId) return;
  const contact = await getContact({ db, id: contactId }).catch(() => null);
  if (!contact || contact.accountId !== accountId || contact.archivedAt)
    throw invalid('The contact is not one of this account', [
      { path: 'contactId', message: 'Unknown contact' },
    ]);
}

async function writeItems(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  quoteId: string,
  accountId: string,
  items: Input['items'],
) {
  const priced = await priceItems(ctx, accountId, items);
  await ctx.db.insert(quoteItems).values(
    priced.map((p, index) => ({
      quoteId,
      accountId,
      position: index + 1,
      description: p.input.description,
      productType: p.input.productType,
      optional: p.input.optional,
      proof: p.input.proof,
      input: p.input as unknown as Record<string, unknown>,
      prices: p.prices,
      estimates: p.estimates,
    })),
  );
}

function checkDates(today: string, validUntil: string) {
  if (validUntil < today)
    throw invalid('The quote would be valid until a day that has passed', [
      { path: 'validUntil', message: `Must be ${today} or later` },
    ]);
}

/** A draft quote, priced by the engine; its number is Q-YYYY-NNNNN, version 1. */
export async function createQuote(opts: ServiceContext & { input: Input }) {
  const { db, actor, clock, input } = opts;
  const today = clock.today();
  const account = await getAccount({ db, id: input.accountId, health: false });
  if (account.archivedAt) throw conflict('The account is archived');
  checkDates(today, input.validUntil);
  await checkContact(db, account.id, input.contactId);
  const number = await nextNumber(db, 'quote', 'Q', Number(today.slice(0, 4)));
  const [row] = await db
    .insert(quotes)
    .values({
      number,
      accountId: account.id,
      contactId: input.contactId ?? account.primaryContact?.id ?? null,
      ownerId: account.owner?.id ?? (actor.kind === 'user' ? actor.id : null),
      title: input.title,
      status: 'draft',
      validUntil: input.validUntil,
      turnaroundDays: input.turnaroundDays,
      terms: input.terms ?? null,
      clientNotes: input.clientNotes ?? null,
      internalNotes: input.internalNotes ?? null,
      createdBy: actor.kind === 'user' ? actor.id : null,
    })
    .returning();
  await writeItems(opts, row!.id, account.id, input.items);
  await recordAudit(db, actor, {
    action: 'quote.create',
    entityType: 'quote',
    entityId: row!.id,
    accountId: account.id,
    summary: `Quote ${number} drafted: ${input.title} (${input.items.length} item(s))`,
  });
  return getQuote({ db, clock, id: row!.id });
}

/**
 * Changes a quote. A draft changes in place; a quote the client has seen (sent, declined, expired) becomes a
 * new version with the changes, the old one kept as `superseded`; an accepted or superseded one cannot change.
 */
export async function updateQuote(
  opts: ServiceContext & { id: string; input: z.output<typeof UpdateQuote> },
) {
  const { db, actor, clock, input } = opts;
  const [row] = await db.select().from(quotes).where(eq(quotes.id, opts.id)).for('update');
  if (!row) throw notFound('Quote');
  if (row.status === 'accepted') throw conflict(`Quote ${row.number} was accepted: change the job instead`);
  if (row.status === 'superseded')
    throw conflict(`This is an old version of ${row.number}: change the latest`);
  if (input.validUntil) checkDates(clock.today(), input.validUntil);
  await checkContact(db, row.accountId, input.contactId);
  const fields = {
    ...(input.title !== undefined && { title: input.title }),
    ...(input.contactId !== undefined && { contactId: input.contactId }),
    ...(input.validUntil !== undefined && { validUntil: input.validUntil }),
    ...(input.turnaroundDays !== undefined && { turnaroundDays: input.turnaroundDays }),
    ...(input.terms !== undefined && { terms: input.terms }),
    ...(input.clientNotes !== undefined && { clientNotes: input.clientNotes }),
    ...(input.internalNotes !== undefined && { internalNotes: input.internalNotes }),
  };
  if (row.status === 'draft') {
    await db
      .update(quotes)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(quotes.id, row.id));
    if (input.items) {
      await db.delete(quoteItems).where(eq(quoteItems.quoteId, row.id));
      await writeItems(opts, row.id, row.accountId, input.items);
    }
    await recordAudit(db, actor, {
      action: 'quote.update',
      entityType: 'quote',
      entityId: row.id,
      accountId: row.accountId,
      summary: `Quote ${row.number} changed`,
    });
    return getQuote({ db, clock, id: row.id });
  }
  const oldItems = await itemsOf(db, row.id);
  const items = input.items ?? oldItems.map((i) => i.input as unknown as Input['items'][number]);
  const { id: _id, createdAt: _c, updatedAt: _u, ...kept } = row;
  const [next] = await db
    .insert(quotes)
    .values({
      ...kept,
      ...fields,
      version: row.version + 1,
      previousVersionId: row.id,
      status: 'draft',
      sentAt: null,
      linkTokenHash: null,
      linkExpiresAt: null,
      decidedAt: null,
      decidedBy: null,
      decisionChannel: null,
      declineReason: null,
      createdBy: actor.kind === 'user' ? actor.id : null,
    })
    .returning();
  await db
    .update(quotes)
    .set({ status: 'superseded', linkTokenHash: null, updatedAt: new Date() })
    .where(eq(quotes.id, row.id));
  await writeItems(opts, next!.id, row.accountId, items);
  await recordAudit(db, actor, {
    action: 'quote.revise',
    entityType: 'quote',
    entityId: next!.id,
    accountId: row.accountId,
    summary: `Quote ${row.number} revised: version ${next!.version} (version ${row.version} kept)`,
  });
  return getQuote({ db, clock, id: next!.id });
}

/** Quotes newest first, by status, account, owner or job; the current version of each unless asked by status. */
export async function listQuotes(
  opts: Pick<ServiceContext, 'db' | 'clock'> & { query: z.output<typeof QuoteListQuery> },
): Promise<Page<QuoteSummary>> {
  const { db, query } = opts;
  const today = opts.clock.today();
  const conditions: (SQL | undefined)[] = [
    query.accountId ? eq(quotes.accountId, query.accountId) : undefined,
    query.ownerId ? eq(quotes.ownerId, query.ownerId) : undefined,
    query.jobId ? eq(quotes.jobId, query.jobId) : undefined,
  ];
  if (query.status === 'expired')
    conditions.push(and(eq(quotes.status, 'sent'), lt(quotes.validUntil, today)));
  else if (query.status === 'sent')
    conditions.push(and(eq(quotes.status, 'sent'), gte(quotes.validUntil, today)));
  else if (query.status) conditions.push(eq(quotes.status, query.status));
  else conditions.push(inArray(quotes.status, ['draft', 'sent', 'accepted', 'declined', 'expired']));
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, 2);
    const before = new Date(String(at));
    if (!Number.isNaN(before.getTime()))
      conditions.push(
        or(lt(quotes.createdAt, before), and(eq(quotes.createdAt, before), lt(quotes.id, String(id)))),
      );
  }
  const rows = await db
    .select()
    .from(quotes)
    .where(and(...conditions))
    .orderBy(desc(quotes.createdAt), desc(quotes.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const parties = await partiesOf(db, page);
  let items = page.map((r) => summarise(r, [], parties.get(r.id)!, today));
  if (page.length) {
    const all = await db
      .select()
      .from(quoteItems)
      .where(
        inArray(
          quoteItems.quoteId,
          page.map((r) => r.id),
        ),
      );
    items = page.map((r) =>
      summarise(
        r,
        all.filter((i) => i.quoteId === r.id),
        parties.get(r.id)!,
        today,
      ),
    );
  }
  const last = page.at(-1);
  return {
    items,
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}
