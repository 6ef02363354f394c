import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { PortalQuote } from '../../../shared/quotes';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { presentClientQuote, type QuoteRow } from './presenter';
import { itemsOf, partiesOf } from './quote-service';
import { quoteItems, quotes } from './tables';

/** What a client sees of quotes (through an e-mailed link or the portal): no internal notes, no working. */
type ClientView = { db: Db; today: string; shopName: string };

/** The client's view of one quote version. */
export async function clientQuoteOf(view: ClientView, row: QuoteRow) {
  const parties = (await partiesOf(view.db, [row])).get(row.id)!;
  return presentClientQuote(row, await itemsOf(view.db, row.id), parties, view.today, view.shopName);
}

// A client sees the versions the shop gave them: never drafts, never a version a revision replaced.
const SHOWN = ['sent', 'accepted', 'declined', 'expired'] as const;

/** An account's quotes as its portal shows them: the latest 50 sent, newest first. */
export async function listAccountQuotes(view: ClientView & { accountId: string }): Promise<PortalQuote[]> {
  const rows = await view.db
    .select()
    .from(quotes)
    .where(and(eq(quotes.accountId, view.accountId), inArray(quotes.status, [...SHOWN])))
    .orderBy(desc(quotes.sentAt), desc(quotes.createdAt))
    .limit(50);
  const parties = await partiesOf(view.db, rows);
  // Every quote's items in one query, not one per quote.
  const items = rows.length
    ? await view.db
        .select()
        .from(quoteItems)
        .where(
          inArray(
            quoteItems.quoteId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(quoteItems.position))
    : [];
  return rows.map((row) => ({
    id: row.id,
    ...presentClientQuote(
      row,
      items.filter((i) => i.quoteId === row.id),
      parties.get(row.id)!,
      view.today,
      view.shopName,
    ),
  }));
}

/** One of the account's quotes, as its portal shows it; any other quote is "not found". */
export async function accountQuoteRow(db: Db, accountId: string, id: string, forUpdate = false) {
  const query = db
    .select()
    .from(quotes)
    .where(and(eq(quotes.id, id), eq(quotes.accountId, accountId), inArray(quotes.status, [...SHOWN])));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Quote');
  return row;
}
