import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import {
  ClientQuote,
  Quote,
  QuoteDecision,
  QuoteInput,
  QuoteListQuery,
  QuoteSummary,
  RecordQuoteDecision,
  SendQuote,
  SendQuoteResult,
  UpdateQuote,
} from '../../../shared/quotes';
import { contentDisposition } from '../../platform/http/content-disposition';
import { failureGuard } from '../../platform/http/rate-limit';
import { serviceContext } from '../../platform/http/transaction';
import { shopClock } from '../../platform/service-context';
import { letterheadOf } from '../shop';
import { decideQuote, linkActor, quoteByToken, sendQuote } from './decisions';
import { quoteDocx, quotePdf } from './documents';
import { clientQuoteOf } from './client-quotes';
import { type QuoteRow } from './presenter';
import { quotes } from './tables';
import type { Db } from '../../platform/db';
import { eq } from 'drizzle-orm';
import { createQuote, getQuote, listQuotes, updateQuote } from './quote-service';

const TokenParams = z.object({ token: z.string().min(10).max(200) }).strict();
const types = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/**
 * Quotes: account managers price items at several quantities (the estimating engine), send the quote by
 * e-mail with a link, and record answers taken by phone; the client opens the link (no account) and accepts
 * one quantity per item or declines. An acceptance makes the job.
 */
export const quoteRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['quotes'];
  const editors = rolesFor('quote.edit');
  const clock = shopClock(app.ctx.config.JOBJACKET_TIMEZONE);
  const guard = failureGuard({
    max: 30,
    windowMs: 10 * 60_000,
    message: 'Too many failed quote-link requests from this address; wait ten minutes',
  });

  app.get(
    '/quotes',
    {
      config: { access: editors },
      schema: {
        tags,
        summary: 'Quotes, newest first',
        querystring: QuoteListQuery,
        response: { 200: pageOf(QuoteSummary) },
      },
    },
    async (request) => listQuotes({ db: request.db, clock, query: request.query }),
  );
  app.post(
    '/quotes',
    {
      config: { access: editors, transaction: true },
      schema: {
        tags,
        summary: 'Draft a quote, priced by the estimating engine',
        body: QuoteInput,
        response: { 201: Quote },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createQuote({ ...serviceContext(request), input: request.body });
    },
  );
  app.get(
    '/quotes/:id',
    {
      config: { access: editors },
      schema: {
        tags,
        summary: 'One quote version with its working',
        params: IdParams,
        response: { 200: Quote },
      },
    },
    async (request) => getQuote({ db: request.db, clock, id: request.params.id }),
  );
  app.patch(
    '/quotes/:id',
    {
      config: { access: editors, transaction: true },
      schema: {
        tags,
        summary: 'Change a draft; a quote the client has seen becomes a new version (the old one kept)',
        params: IdParams,
        body: UpdateQuote,
        response: { 200: Quote },
      },
    },
    async (request) =>
      updateQuote({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );
  app.post(
    '/quotes/:id/send',
    {
      config: { access: editors, transaction: true },
      schema: {
        tags,
        summary:
          'E-mail the quote to its contact with a link to accept or decline (valid while the quote is)',
        params: IdParams,
        body: SendQuote,
        response: { 200: SendQuoteResult },
      },
    },
    async (request) =>
      sendQuote({
        ...serviceContext(request),
        mailer: app.ctx.mailer,
        publicUrl: app.ctx.config.publicUrl,
        id: request.params.id,
        input: request.body,
      }),
  );
  app.post(
    '/quotes/:id/accept',
    {
      config: { access: editors, transaction: true },
      schema: {
        tags,
        summary:
          'Record the client’s answer taken by phone, e-mail or in person (who, when, how); acceptance makes the job',
        params: IdParams,
        body: RecordQuoteDecision,
        response: { 200: Quote },
      },
    },
    async (request) => {
      const ctx = serviceContext(request);
      const { decidedAt, ...decision } = request.body;
      return decideQuote({
        ...ctx,
        id: request.params.id,
        decision: { ...decision, decidedAt: decidedAt ? new Date(decidedAt) : undefined },
      });
    },
  );
  for (const format of ['pdf', 'docx'] as const) {
    app.get(
      `/quotes/:id/quote.${format}`,
      {
        config: { access: editors },
        schema: {
          tags,
          summary: `The quote letter on the shop's letterhead as ${format.toUpperCase()}`,
          params: IdParams,
        },
      },
      async (request, reply) => {
        const quote = await getQuote({ db: request.db, clock, id: request.params.id });
        const shop = await letterheadOf(app.ctx, request.db);
        const body = format === 'pdf' ? await quotePdf(quote, shop) : await quoteDocx(quote, shop);
        return reply
          .header('content-type', types[format])
          .header('content-disposition', contentDisposition('attachment', `${quote.number}.${format}`))
          .send(body);
      },
    );
  }

  const clientQuote = async (db: Db, row: QuoteRow) =>
    clientQuoteOf({ db, today: clock.today(), shopName: (await letterheadOf(app.ctx, db)).name }, row);
  app.get(
    '/quote-links/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The quote behind an e-mailed link',
        params: TokenParams,
        response: { 200: ClientQuote },
      },
    },
    async (request, reply) =>
      guard(request.ip, reply, async () =>
        clientQuote(request.db, await quoteByToken(request.db, request.params.token)),
      ),
  );
  app.get(
    '/quote-links/:token/quote.pdf',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The quote letter of an e-mailed link', params: TokenParams },
    },
    async (request, reply) => {
      const row = await guard(request.ip, reply, () => quoteByToken(request.db, request.params.token));
      const quote = await getQuote({ db: request.db, clock, id: row.id });
      const body = await quotePdf(quote, await letterheadOf(app.ctx, request.db));
      return reply
        .header('content-type', types.pdf)
        .header('content-disposition', contentDisposition('inline', `${quote.number}.pdf`))
        .send(body);
    },
  );
  app.post(
    '/quote-links/:token/decision',
    {
      config: { access: 'public', transaction: true },
      schema: {
        tags,
        summary:
          'Accept one quantity per item (with the PO where the account needs one), or decline with a reason',
        params: TokenParams,
        body: QuoteDecision,
        response: { 200: ClientQuote },
      },
    },
    async (request, reply) =>
      guard(request.ip, reply, async () => {
        const row = await quoteByToken(request.db, request.params.token, true);
        await decideQuote({
          db: request.db,
          clock,
          actor: linkActor(request.body.name),
          id: row.id,
          decision: { ...request.body, channel: 'link' },
        });
        const [fresh] = await request.db.select().from(quotes).where(eq(quotes.id, row.id));
        return clientQuote(request.db, fresh!);
      }),
  );
};
