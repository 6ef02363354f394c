import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../../shared/common';
import { BudgetUse, Checkout, ClientInventoryRow, Decision, Order } from '../../../shared/portals';
import { todayIn } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { clockOf } from '../../platform/http/transaction';
import { idempotent } from '../../platform/idempotency';
import { budgetsOf } from './budgets';
import { checkout } from './checkout';
import { decide } from './order-decisions';
import type { OrderEffects } from './order-mail';
import { getOrder, listOrders } from './order-queries';
import { portalAccountRoutes } from './portal-account-routes';
import { portalConvenienceRoutes } from './portal-convenience-routes';
import { mayReadOrder, portalScope, requirePortalRole, Slug, SlugId } from './portal-request';
import { clientInventory } from './stock-views';
import { portalActor, requirePortalUser } from './users';

const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
const OrderPage = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

/** The client portal's checkout, orders and approvals, and the account's stock and budgets. */
export const portalOrderRoutes: FastifyPluginAsyncZod = async (app, opts) => {
  const tags = ['portal'];
  const clock = clockOf(app);
  const today = () => todayIn(app.ctx.config.JOBJACKET_TIMEZONE);
  const effects = (): OrderEffects => ({
    mailer: app.ctx.mailer,
    files: app.ctx.files,
    publicUrl: app.ctx.config.publicUrl,
    today: today(),
  });
  // Every handler runs in the user's account scope (its own transaction): see portalScope.
  const scoped = portalScope(app.ctx.db);

  app.post(
    '/portal/:slug/checkout',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary:
          'Place the order; send an Idempotency-Key so a retry or a double click never makes two orders',
        params: Slug,
        headers: IdempotencyHeaders,
        body: Checkout,
        response: { 201: Order },
      },
    },
    async (request, reply) => {
      const who = requirePortalUser(request);
      const result = await scoped(who, (tx) =>
        idempotent(
          tx,
          {
            scope: `portal-checkout:${who.user.id}`,
            key: request.headers['idempotency-key'],
            body: request.body,
            status: 201,
          },
          () => checkout(tx, who, request.body, effects()),
        ),
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(result.body);
    },
  );
  app.get(
    '/portal/:slug/orders',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'My orders (client admins and viewers: all of the portal’s)',
        params: Slug,
        querystring: OrderPage,
        response: { 200: pageOf(Order) },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      const everyone = who.user.role === 'client_admin' || who.user.role === 'viewer';
      return scoped(who, (tx) =>
        listOrders(tx, request.query, {
          portalId: who.portal.id,
          buyerId: everyone ? undefined : who.user.id,
        }),
      );
    },
  );
  app.get(
    '/portal/:slug/orders/:id',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'One of my orders', params: SlugId, response: { 200: Order } },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, async (tx) => {
        const order = await getOrder(tx, request.params.id, { portalId: who.portal.id });
        if (!mayReadOrder(who, { buyerId: order.buyer.id, costCentreId: order.costCentre.id }))
          throw notFound('Order');
        return order;
      });
    },
  );
  app.get(
    '/portal/:slug/approvals',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Orders waiting for my approval',
        params: Slug,
        querystring: OrderPage,
        response: { 200: pageOf(Order) },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      requirePortalRole(who, ['approver', 'client_admin']);
      return scoped(who, (tx) =>
        listOrders(tx, request.query, { portalId: who.portal.id, awaitingApprover: who.user }),
      );
    },
  );
  for (const verdict of ['approve', 'reject'] as const) {
    app.post(
      `/portal/:slug/orders/:id/${verdict}`,
      {
        config: { access: 'portal' },
        schema: {
          tags,
          summary: `${verdict === 'approve' ? 'Approve' : 'Reject'} an order waiting for me`,
          params: SlugId,
          body: Decision,
          response: { 200: Order },
        },
      },
      async (request) => {
        const who = requirePortalUser(request);
        requirePortalRole(who, ['approver', 'client_admin']);
        return scoped(who, (tx) =>
          decide(tx, {
            orderId: request.params.id,
            approve: verdict === 'approve',
            comment: request.body.comment,
            actor: portalActor(who.user),
            approver: who.user,
            effects: effects(),
          }),
        );
      },
    );
  }
  app.get(
    '/portal/:slug/inventory',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Our stock: on hand, 12 months of usage, months left',
        params: Slug,
        response: { 200: z.object({ items: z.array(ClientInventoryRow) }) },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      requirePortalRole(who, ['client_admin', 'viewer']);
      return scoped(who, async (tx) => ({
        items: await clientInventory({ db: tx, clock, accountId: who.portal.accountId }),
      }));
    },
  );
  app.get(
    '/portal/:slug/budgets',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Budget use by cost centre this period',
        params: Slug,
        response: { 200: z.object({ items: z.array(BudgetUse) }) },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, async (tx) => ({ items: await budgetsOf(tx, who, today()) }));
    },
  );

  // A portal user's own account, and the buyer's conveniences (favourites, saved carts, reorder).
  await portalAccountRoutes(app, opts);
  await portalConvenienceRoutes(app, opts);
};
