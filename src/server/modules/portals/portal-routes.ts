import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { pageOf } from '../../../shared/common';
import {
  BudgetUse,
  Cart,
  CartLineInput,
  CatalogQuery,
  Checkout,
  ClientInventoryRow,
  Decision,
  Order,
  PortalAccept,
  PortalBranding,
  PortalLogin,
  PortalSession,
  Product,
} from '../../../shared/portals';
import { todayIn } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { idempotent } from '../../platform/idempotency';
import { windowLimiter } from '../../platform/http/rate-limit';
import { addToCart, approveProof, cartOf, changeCartLine, removeCartLine } from './cart';
import { budgetsOf } from './budgets';
import { checkout } from './checkout';
import { decide } from './order-decisions';
import type { OrderEffects } from './order-mail';
import { getOrder, listOrders } from './order-queries';
import { catalog, catalogProduct, checkValues, findProduct, variableDataProof } from './products';
import { inPortalScope } from './scope';
import { clientInventory } from './stock-views';
import { portals } from './tables';
import {
  acceptPortalInvite,
  brandingOf,
  PORTAL_COOKIE,
  portalActor,
  portalLogin,
  portalLogout,
  portalSession,
  type PortalPrincipal,
  requirePortalUser,
} from './users';

const Slug = z.object({ slug: z.string().min(1).max(40) }).strict();
const SlugId = z.object({ slug: z.string().min(1).max(40), id: z.uuid() }).strict();
const SlugLine = z.object({ slug: z.string().min(1).max(40), lineId: z.uuid() }).strict();
const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
const SESSION_DAYS = 7;

/**
 * The client-facing API under /portal/{slug}: a portal user's own cookie, and every handler runs in a
 * transaction scoped to their account by PostgreSQL row-level security.
 */
export const portalUserRoutes: FastifyPluginAsyncZod = async (app) => {
  // Per-address limit on failed sign-ins, on top of each portal user's lock-out after five failures.
  // Only failures count: a client's whole office signs in from one address.
  const signInLimit = windowLimiter({
    max: 30,
    windowMs: 10 * 60_000,
    message: 'Too many failed sign-ins from this address; wait ten minutes',
  });
  const countingFailures = async <T>(ip: string, reply: FastifyReply, work: () => Promise<T>) => {
    signInLimit.check(ip, reply);
    try {
      return await work();
    } catch (err) {
      signInLimit.hit(ip);
      throw err;
    }
  };
  const tags = ['portal'];
  const today = () => todayIn(app.ctx.config.JOBJACKET_TIMEZONE);
  const effects = (): OrderEffects => ({
    mailer: app.ctx.mailer,
    files: app.ctx.files,
    publicUrl: app.ctx.config.publicUrl,
    today: today(),
  });
  const scoped = <T>(who: PortalPrincipal, work: (tx: Db) => Promise<T>) =>
    inPortalScope(app.ctx.db, who.portal.accountId, work);
  const setSession = (reply: { setCookie: (n: string, v: string, o: object) => unknown }, token: string) =>
    reply.setCookie(PORTAL_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: app.ctx.config.secureCookies,
      path: '/',
      maxAge: SESSION_DAYS * 86_400,
    });
  const can = (who: PortalPrincipal, roles: string[]) => {
    if (!roles.includes(who.user.role))
      throw forbidden(`This needs one of the portal roles: ${roles.join(', ')}`);
  };

  app.get(
    '/portal/:slug/branding',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The portal’s name and colours for its sign-in page',
        params: Slug,
        response: { 200: PortalBranding },
      },
    },
    async (request) => {
      const [portal] = await app.ctx.db.select().from(portals).where(eq(portals.slug, request.params.slug));
      if (!portal || !portal.active) throw notFound('Portal');
      return brandingOf(portal);
    },
  );
  app.post(
    '/portal/:slug/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign a portal user in; sets the portal cookie',
        params: Slug,
        body: PortalLogin,
        response: { 200: PortalSession },
      },
    },
    async (request, reply) => {
      // Not in a transaction: a failed attempt must stay counted when the sign-in is refused.
      const s = await countingFailures(request.ip, reply, () =>
        portalLogin(app.ctx.db, request.params.slug, request.body.email, request.body.password),
      );
      setSession(reply, s.token);
      return scoped({ user: s.user, portal: s.portal, csrfToken: s.csrfToken }, (tx) =>
        portalSession(tx, { user: s.user, portal: s.portal, csrfToken: s.csrfToken }),
      );
    },
  );
  app.post(
    '/portal/:slug/auth/accept',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Accept an invitation: set the password and sign in',
        params: Slug,
        body: PortalAccept,
        response: { 200: PortalSession },
      },
    },
    async (request, reply) => {
      const s = await countingFailures(request.ip, reply, () =>
        app.ctx.db.transaction((tx) =>
          acceptPortalInvite(tx, request.params.slug, request.body.token, request.body.password),
        ),
      );
      setSession(reply, s.token);
      const who = { user: s.user, portal: s.portal, csrfToken: s.csrfToken };
      return scoped(who, (tx) => portalSession(tx, who));
    },
  );
  app.post(
    '/portal/:slug/auth/logout',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'Sign out of the portal', params: Slug, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await portalLogout(app.ctx.db, request.cookies[PORTAL_COOKIE]!);
      reply.clearCookie(PORTAL_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/portal/:slug/auth/me',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'The signed-in portal user, their cost centres and addresses',
        params: Slug,
        response: { 200: PortalSession },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => portalSession(tx, who));
    },
  );

  app.get(
    '/portal/:slug/catalog',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Products this user may order',
        params: Slug,
        querystring: CatalogQuery,
        response: { 200: pageOf(Product) },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => catalog(tx, who.portal, who.user, request.query, today()));
    },
  );
  app.get(
    '/portal/:slug/catalog/:id',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'One product', params: SlugId, response: { 200: Product } },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => catalogProduct(tx, who.portal, who.user, request.params.id, today()));
    },
  );
  app.post(
    '/portal/:slug/catalog/:id/proof.pdf',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Live PDF proof of a variable-data product with the buyer’s values',
        params: SlugId,
        body: z.object({ values: z.record(z.string(), z.string().max(200)) }).strict(),
      },
    },
    async (request, reply) => {
      const who = requirePortalUser(request);
      const pdf = await scoped(who, async (tx) => {
        await catalogProduct(tx, who.portal, who.user, request.params.id, today());
        const product = await findProduct(tx, who.portal.id, request.params.id);
        if (product.kind !== 'variable_data')
          throw new AppError('VALIDATION', 'Only variable-data products have a live proof');
        return variableDataProof(product, checkValues(product, request.body.values), who.portal.name);
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'inline; filename="proof.pdf"')
        .send(pdf);
    },
  );

  app.get(
    '/portal/:slug/cart',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'The user’s cart', params: Slug, response: { 200: Cart } },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => cartOf(tx, who));
    },
  );
  app.post(
    '/portal/:slug/cart/lines',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Add a product to the cart',
        params: Slug,
        body: CartLineInput,
        response: { 200: Cart },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => addToCart(tx, who, request.body, today()));
    },
  );
  app.patch(
    '/portal/:slug/cart/lines/:lineId',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Change a cart line’s quantity',
        params: SlugLine,
        body: z.object({ quantity: z.number().int().min(1).max(1_000_000) }).strict(),
        response: { 200: Cart },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => changeCartLine(tx, who, request.params.lineId, request.body.quantity));
    },
  );
  app.delete(
    '/portal/:slug/cart/lines/:lineId',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'Remove a cart line', params: SlugLine, response: { 200: Cart } },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => removeCartLine(tx, who, request.params.lineId));
    },
  );
  app.post(
    '/portal/:slug/cart/lines/:lineId/approve-proof',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Approve the proof of a variable-data line',
        params: SlugLine,
        response: { 200: Cart },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => approveProof(tx, who, request.params.lineId));
    },
  );
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
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().max(500).optional(),
          })
          .strict(),
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
        const mayRead =
          order.buyer.id === who.user.id || ['client_admin', 'viewer', 'approver'].includes(who.user.role);
        if (!mayRead) throw notFound('Order');
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
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().max(500).optional(),
          })
          .strict(),
        response: { 200: pageOf(Order) },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      can(who, ['approver', 'client_admin']);
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
        can(who, ['approver', 'client_admin']);
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
      can(who, ['client_admin', 'viewer']);
      return scoped(who, async (tx) => ({ items: await clientInventory(tx, who.portal.accountId, today()) }));
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
};
