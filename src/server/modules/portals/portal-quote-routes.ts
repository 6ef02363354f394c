import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PortalQuote, PortalQuoteDecision } from '../../../shared/quotes';
import { contentDisposition } from '../../platform/http/content-disposition';
import { clockOf } from '../../platform/http/transaction';
import { letterheadOf } from '../shop';
import {
  accountQuoteRow,
  clientQuoteOf,
  decideQuote,
  getQuote,
  listAccountQuotes,
  quotePdf,
} from '../quotes';
import { portalScope, requirePortalRole, Slug, SlugId } from './portal-request';
import { portalActor, requirePortalUser } from './users';

/**
 * The account's quotes in the portal: every version the shop sent (never drafts), the PDF, and the answer.
 * Buyers, approvers and client admins accept one quantity per item or decline; viewers look. The answer is
 * signed with the signed-in user's name; an acceptance makes the job, as through the e-mailed link.
 */
export const portalQuoteRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  const clock = clockOf(app);
  const scoped = portalScope(app.ctx.db);
  // The letterhead is the shop's, not the client's: read outside the client's scope.
  const shopName = async () => (await letterheadOf(app.ctx, app.ctx.db)).name;

  app.get(
    '/portal/:slug/quotes',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Our quotes: the latest 50 the shop sent, newest first',
        params: Slug,
        response: { 200: z.object({ items: z.array(PortalQuote) }) },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      const name = await shopName();
      return scoped(who, async (tx) => ({
        items: await listAccountQuotes({
          db: tx,
          accountId: who.portal.accountId,
          today: clock.today(),
          shopName: name,
        }),
      }));
    },
  );

  app.get(
    '/portal/:slug/quotes/:id/quote.pdf',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'The letter of one of our quotes', params: SlugId },
    },
    async (request, reply) => {
      const who = requirePortalUser(request);
      const shop = await letterheadOf(app.ctx, app.ctx.db);
      const quote = await scoped(who, async (tx) => {
        const row = await accountQuoteRow(tx, who.portal.accountId, request.params.id);
        return getQuote({ db: tx, clock, id: row.id });
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('inline', `${quote.number}.pdf`))
        .send(await quotePdf(quote, shop));
    },
  );

  app.post(
    '/portal/:slug/quotes/:id/decision',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary:
          'Accept one quantity per item (with our PO where we need one), or decline with a reason; once',
        params: SlugId,
        body: PortalQuoteDecision,
        response: { 200: PortalQuote },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      requirePortalRole(who, ['buyer', 'approver', 'client_admin']);
      const name = await shopName();
      return scoped(who, async (tx) => {
        const row = await accountQuoteRow(tx, who.portal.accountId, request.params.id, true);
        await decideQuote({
          db: tx,
          clock,
          actor: portalActor(who.user),
          id: row.id,
          decision: { ...request.body, name: who.user.name, channel: 'portal' },
        });
        const fresh = await accountQuoteRow(tx, who.portal.accountId, row.id);
        return {
          id: fresh.id,
          ...(await clientQuoteOf({ db: tx, today: clock.today(), shopName: name }, fresh)),
        };
      });
    },
  );
};
