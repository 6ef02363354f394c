import { and, eq, gt } from 'drizzle-orm';
import type { z } from 'zod';
import { CreateJob } from '../../../shared/jobs';
import type { QuoteDecision, RecordQuoteDecision, SendQuote } from '../../../shared/quotes';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { newSecret, sha256 } from '../../platform/auth/secrets';
import { addDays, onOrAfter, type Calendar } from '../../platform/calendar/working-days';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import { emit } from '../../platform/events';
import type { Mailer } from '../../platform/mail';
import type { ServiceContext } from '../../platform/service-context';
import { loadCalendars } from '../departments';
import { createJob } from '../jobs';
import { defineMailTemplate, renderMailTemplate } from '../mail';
import { effectiveStatus, type QuoteItemRow, type QuoteRow } from './presenter';
import { getQuote, itemsOf, partiesOf } from './quote-service';
import { quoteItems, quotes } from './tables';

defineMailTemplate({
  key: 'quote.sent',
  name: 'Quote sent to the client',
  subject: 'Quote {{quote.number}}: {{quote.title}}',
  body:
    'Hello {{contact.name}},\n\nThank you for your request. Our quote {{quote.number}} for {{quote.title}} is ready.\n{{message}}\n' +
    'Open it to see the prices, then accept the quantity you want or tell us why not: {{quote.link}}\n\n' +
    'The quote is valid until {{quote.valid_until}}; the link needs no sign-in.\n',
  fields: [
    { name: 'contact.name', description: 'The contact the quote goes to' },
    { name: 'quote.number', description: 'Quote number' },
    { name: 'quote.title', description: 'What is quoted' },
    { name: 'message', description: 'The account manager’s note, if any' },
    { name: 'quote.link', description: 'The link to the quote page' },
    { name: 'quote.valid_until', description: 'The last day the quote holds' },
  ],
});

const payload = (q: QuoteRow) => ({
  quoteId: q.id,
  number: q.number,
  version: q.version,
  title: q.title,
  accountId: q.accountId,
  ownerId: q.ownerId,
});
const subject = (q: QuoteRow) => ({ accountId: q.accountId, entityType: 'quote', entityId: q.id });

async function lockQuote(db: Db, id: string) {
  const [row] = await db.select().from(quotes).where(eq(quotes.id, id)).for('update');
  if (!row) throw notFound('Quote');
  return row;
}

/**
 * E-mails the contact a link to this version (random, stored only as its hash, valid while the quote is);
 * the quote becomes `sent`. Sending again makes a new link and the old one stops working.
 */
export async function sendQuote(
  opts: ServiceContext & { mailer: Mailer; publicUrl: string; id: string; input: z.output<typeof SendQuote> },
) {
  const { db, actor, clock } = opts;
  const row = await lockQuote(db, opts.id);
  const status = effectiveStatus(row, clock.today());
  if (status !== 'draft' && status !== 'sent')
    throw conflict(`Quote ${row.number} is ${status}: revise it to send a new version`);
  if (row.validUntil < clock.today())
    throw conflict('The quote is past its date: change "valid until" first');
  const parties = (await partiesOf(db, [row])).get(row.id)!;
  if (!parties.contact?.email)
    throw invalid('The quote has no contact with an e-mail address: choose who gets it', [
      { path: 'contactId', message: 'Choose a contact with an e-mail address' },
    ]);
  const token = newSecret('jjq_');
  const expiresAt = new Date(`${row.validUntil}T23:59:59Z`);
  await db
    .update(quotes)
    .set({
      status: 'sent',
      sentAt: new Date(),
      linkTokenHash: sha256(token),
      linkExpiresAt: expiresAt,
      updatedAt: new Date(),
    })
    .where(eq(quotes.id, row.id));
  const link = `${opts.publicUrl}/quote/${token}`;
  const mail = await renderMailTemplate({
    db,
    key: 'quote.sent',
    values: {
      'contact.name': parties.contact.name,
      'quote.number': row.number,
      'quote.title': row.title,
      message: opts.input.message ? `\n${opts.input.message}\n` : '',
      'quote.link': link,
      'quote.valid_until': row.validUntil,
    },
  });
  await opts.mailer.queueMail(db, { to: parties.contact.email, ...mail });
  await recordAudit(db, actor, {
    action: 'quote.sent',
    entityType: 'quote',
    entityId: row.id,
    accountId: row.accountId,
    summary: `Quote ${row.number} v${row.version} sent to ${parties.contact.name} <${parties.contact.email}>`,
  });
  await emit(db, actor, 'quote.sent', subject(row), { ...payload(row), to: parties.contact.email });
  return { quote: await getQuote({ db, clock, id: row.id }), link, expiresAt: expiresAt.toISOString() };
}

/** The quote a link opens: its version while the link is current and the quote holds. */
export async function quoteByToken(db: Db, token: string, forUpdate = false) {
  const query = db
    .select()
    .from(quotes)
    .where(and(eq(quotes.linkTokenHash, sha256(token)), gt(quotes.linkExpiresAt, new Date())));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Quote (the link may have expired or been replaced by a newer version)');
  return row;
}

/** Due date: `days` working days (Monday to Friday, the shop's holidays off) after `today`. */
async function dueAfter(db: Db, today: string, days: number) {
  const { byId } = await loadCalendars({ db });
  const holidays = [...byId.values()][0]?.calendar.holidays ?? new Set<string>();
  const cal: Calendar = { workingDays: [1, 2, 3, 4, 5], holidays, hoursPerDay: 8 };
  let date = today;
  for (let i = 0; i < days; i++) date = onOrAfter(addDays(date, 1), cal);
  return date;
}

/** The quantity chosen for every item: one of its quoted quantities; an option may be left out (null). */
function checkChoices(items: QuoteItemRow[], choices: { itemId: string; quantity: number | null }[]) {
  const byItem = new Map(choices.map((c) => [c.itemId, c.quantity]));
  for (const id of byItem.keys())
    if (!items.some((i) => i.id === id)) throw invalid('A choice names an item that is not on the quote');
  const chosen = items.map((item) => {
    const quantity = byItem.get(item.id) ?? null;
    if (quantity === null) {
      if (!item.optional)
        throw invalid(`Choose a quantity of item ${item.position} (${item.description})`, [
          { path: `choices.${item.position - 1}`, message: 'Required' },
        ]);
      return { item, price: null };
    }
    const price = item.prices.find((p) => p.quantity === quantity);
    if (!price)
      throw invalid(
        `${quantity.toLocaleString('en-US')} is not a quoted quantity of item ${item.position}; choose one of ${item.prices.map((p) => p.quantity.toLocaleString('en-US')).join(', ')}`,
      );
    return { item, price };
  });
  if (!chosen.some((c) => c.price)) throw invalid('Choose a quantity of at least one item');
  return chosen;
}

type Decision = z.output<typeof QuoteDecision> & { channel: string; decidedAt?: Date };

/**
 * The client's answer, from the link, the portal or the account manager. Under the quote's row lock, so two
 * answers at once make one decision: an acceptance makes the job — the chosen quantities and their prices,
 * the quote's number in its description, due `turnaroundDays` working days from today — with no re-keying.
 */
export async function decideQuote(ctx: ServiceContext & { id: string; decision: Decision }) {
  const { db, actor, clock, decision } = ctx;
  const row = await lockQuote(db, ctx.id);
  const status = effectiveStatus(row, clock.today());
  if (status === 'accepted' || status === 'declined')
    throw conflict(`Quote ${row.number} was already ${status} by ${row.decidedBy ?? 'someone'}`);
  if (status === 'expired')
    throw conflict(`Quote ${row.number} expired on ${row.validUntil}; ask for a new one`);
  // A quote given by phone may be answered as a draft; a link exists only once the quote is sent.
  if (status !== 'sent' && !(status === 'draft' && decision.channel !== 'link'))
    throw conflict(`Quote ${row.number} is ${status}; it cannot be answered`);
  const decidedAt = decision.decidedAt ?? new Date();
  if (decision.decision === 'decline') {
    await db
      .update(quotes)
      .set({
        status: 'declined',
        decidedAt,
        decidedBy: decision.name,
        decisionChannel: decision.channel,
        declineReason: decision.reason,
        linkTokenHash: null,
        updatedAt: new Date(),
      })
      .where(eq(quotes.id, row.id));
    await recordAudit(db, actor, {
      action: 'quote.declined',
      entityType: 'quote',
      entityId: row.id,
      accountId: row.accountId,
      summary: `Quote ${row.number} declined by ${decision.name} (${decision.channel}): ${decision.reason}`,
    });
    await emit(db, actor, 'quote.declined', subject(row), {
      ...payload(row),
      reason: decision.reason,
      channel: decision.channel,
      decidedBy: decision.name,
    });
    return getQuote({ db, clock, id: row.id });
  }
  const items = await itemsOf(db, row.id);
  const chosen = checkChoices(items, decision.choices);
  const parties = (await partiesOf(db, [row])).get(row.id)!;
  if (parties.account.poRequired && !decision.clientPo)
    throw invalid(`${parties.account.name} requires a PO number: give it with the acceptance`, [
      { path: 'clientPo', message: 'Required for this account' },
    ]);
  const taken = chosen.filter((c) => c.price);
  const totalCents = taken.reduce((s, c) => s + c.price!.totalCents, 0);
  const job = await createJob({
    db,
    actor,
    clock,
    input: CreateJob.parse({
      accountId: row.accountId,
      title: row.title,
      dueDate: await dueAfter(db, clock.today(), row.turnaroundDays),
      contactId: row.contactId,
      clientPo: decision.clientPo ?? null,
      ownerId: row.ownerId,
      priority: 'normal',
      description: `From quote ${row.number} v${row.version}, accepted by ${decision.name} (${decision.channel}).`,
      clientNotes: row.clientNotes,
      // The price is on the items, so a change order to an item moves the job's price (no typed estimate).
      items: taken.map(({ item, price }) => jobItemOf(item, price!.quantity, price!.priceCents)),
    }),
  });
  for (const { item, price } of chosen)
    await db
      .update(quoteItems)
      .set({ acceptedQuantity: price?.quantity ?? null, updatedAt: new Date() })
      .where(eq(quoteItems.id, item.id));
  await db
    .update(quotes)
    .set({
      status: 'accepted',
      decidedAt,
      decidedBy: decision.name,
      decisionChannel: decision.channel,
      clientPo: decision.clientPo ?? null,
      jobId: job.id,
      linkTokenHash: null,
      updatedAt: new Date(),
    })
    .where(eq(quotes.id, row.id));
  await recordAudit(db, actor, {
    action: 'quote.accepted',
    entityType: 'quote',
    entityId: row.id,
    accountId: row.accountId,
    summary: `Quote ${row.number} accepted by ${decision.name} (${decision.channel}): ${taken.map((c) => `${c.price!.quantity.toLocaleString('en-US')} × ${c.item.description}`).join('; ')} — job ${job.number}`,
  });
  await emit(db, actor, 'quote.accepted', subject(row), {
    ...payload(row),
    jobId: job.id,
    jobNumber: job.number,
    totalCents,
    channel: decision.channel,
    decidedBy: decision.name,
  });
  return getQuote({ db, clock, id: row.id });
}

/** A job item from a quote item: its product, specs as the engine priced them, the chosen quantity and price. */
function jobItemOf(item: QuoteItemRow, quantity: number, priceCents: number) {
  const input = item.input as {
    flatSize: { width: number; height: number; unit: 'in' | 'mm' };
    inks: { front: number; back: number; spots: string[] };
    paper: { name?: string };
  };
  return {
    productType: item.productType,
    quantity,
    description: item.description,
    spec: {
      flatSize: input.flatSize,
      inks: { front: input.inks.front, back: input.inks.back, spots: input.inks.spots ?? [] },
      ...(input.paper.name ? { stock: { name: input.paper.name } } : {}),
    },
    proof: item.proof,
    priceCents,
  };
}

/** The link's actor: who answered, by the name they typed, for the audit log. */
export const linkActor = (name: string): Actor => ({
  kind: 'portal',
  id: null,
  name: `${name} (quote link)`,
  email: '',
  role: 'account_manager',
  department: null,
  via: 'session',
});

export type { Decision as QuoteDecisionInput };
export type RecordDecision = z.output<typeof RecordQuoteDecision>;
