import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, ListQuery, pageOf } from '../../../shared/common';
import {
  Decision,
  InventoryItem,
  InventoryItemInput,
  InventoryListQuery,
  InventoryMovement,
  InventoryMovementInput,
  Order,
  OrderListQuery,
  Portal,
  PortalInput,
  PortalUser,
  PortalUserInput,
  Product,
  ProductInput,
} from '../../../shared/portals';
import { rolesFor } from '../../../shared/permissions';
import { todayIn } from '../../platform/clock';
import { requireActor } from '../../platform/http/access';
import { serviceContext } from '../../platform/http/transaction';
import {
  createInventoryItem,
  getInventoryItem,
  listInventoryItems,
  listInventoryMovements,
  recordInventoryMovement,
} from './inventory';
import { decide } from './order-decisions';
import type { OrderEffects } from './order-mail';
import { pickOrder } from './order-picking';
import { pickListRoutes } from './pick-list-routes';
import { portalFileRoutes } from './file-routes';
import { vdpRoutes } from './vdp/routes';
import { getOrder, listOrders } from './order-queries';
import { createPortal, getPortal, listPortals, updatePortal } from './portals';
import { createProduct, getProduct, listProducts, updateProduct } from './products';
import { reprintJob } from './stock-views';
import { IdempotencyHeaders } from '../../../shared/jobs';
import { idempotent } from '../../platform/idempotency';
import { invitePortalUser, listPortalUsers, updatePortalUser } from './users';

const PortalParams = z.object({ id: z.uuid() }).strict();
const ChildParams = (child: string) => z.object({ id: z.uuid(), [child]: z.uuid() }).strict();

/** What the shop's staff manage: portals, their users and products, client inventory, and the orders inbox. */
export const portalStaffRoutes: FastifyPluginAsyncZod = async (app, opts) => {
  const tags = ['portals'];
  const managers = rolesFor('portal.manage');
  const warehouse = rolesFor('portal.fulfil');
  const today = () => todayIn(app.ctx.config.JOBJACKET_TIMEZONE);
  const effects = (): OrderEffects => ({
    mailer: app.ctx.mailer,
    files: app.ctx.files,
    publicUrl: app.ctx.config.publicUrl,
    today: today(),
  });

  app.get(
    '/portals',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Client ordering portals',
        querystring: z.object({ owner: z.literal('me').optional() }).strict(),
        response: { 200: pageOf(Portal) },
      },
    },
    async (request) =>
      listPortals({
        db: request.db,
        ownerId: request.query.owner ? (requireActor(request).id ?? undefined) : undefined,
      }),
  );
  app.post(
    '/portals',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary: 'Open a portal for a client account',
        body: PortalInput,
        response: { 201: Portal },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createPortal({ ...serviceContext(request), input: request.body });
    },
  );
  app.get(
    '/portals/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One portal', params: PortalParams, response: { 200: Portal } },
    },
    async (request) => getPortal({ db: request.db, id: request.params.id }),
  );
  app.put(
    '/portals/:id',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary: 'Change a portal’s settings',
        params: PortalParams,
        body: PortalInput,
        response: { 200: Portal },
      },
    },
    async (request) =>
      updatePortal({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );

  app.get(
    '/portals/:id/users',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The portal’s users',
        params: PortalParams,
        response: { 200: pageOf(PortalUser) },
      },
    },
    async (request) => listPortalUsers({ db: request.db, portalId: request.params.id }),
  );
  app.post(
    '/portals/:id/users',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary: 'Invite a portal user by e-mail',
        params: PortalParams,
        body: PortalUserInput,
        response: { 201: PortalUser },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return invitePortalUser({
        ...serviceContext(request),
        portalId: request.params.id,
        input: request.body,
        access: { invite: { mailer: app.ctx.mailer, publicUrl: app.ctx.config.publicUrl } },
      });
    },
  );
  app.put(
    '/portals/:id/users/:userId',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary: 'Change a portal user (role, cost centres, limit, active)',
        params: ChildParams('userId'),
        body: PortalUserInput,
        response: { 200: PortalUser },
      },
    },
    async (request) => {
      const { id, userId } = request.params as { id: string; userId: string };
      return updatePortalUser({ ...serviceContext(request), portalId: id, id: userId, input: request.body });
    },
  );

  app.get(
    '/portals/:id/products',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The portal’s products',
        params: PortalParams,
        response: { 200: pageOf(Product) },
      },
    },
    async (request) => listProducts({ db: request.db, portalId: request.params.id }),
  );
  app.post(
    '/portals/:id/products',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary: 'Add a product',
        params: PortalParams,
        body: ProductInput,
        response: { 201: Product },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createProduct({ ...serviceContext(request), portalId: request.params.id, input: request.body });
    },
  );
  app.get(
    '/portals/:id/products/:productId',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One product', params: ChildParams('productId'), response: { 200: Product } },
    },
    async (request) => {
      const { id, productId } = request.params as { id: string; productId: string };
      return getProduct({ db: request.db, portalId: id, id: productId });
    },
  );
  app.put(
    '/portals/:id/products/:productId',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary: 'Change a product',
        params: ChildParams('productId'),
        body: ProductInput,
        response: { 200: Product },
      },
    },
    async (request) => {
      const { id, productId } = request.params as { id: string; productId: string };
      return updateProduct({ ...serviceContext(request), portalId: id, id: productId, input: request.body });
    },
  );

  app.get(
    '/inventory/items',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Client inventory the shop keeps',
        querystring: InventoryListQuery.extend({ mine: z.enum(['true', 'false']).optional() }),
        response: { 200: pageOf(InventoryItem) },
      },
    },
    async (request) =>
      listInventoryItems({
        db: request.db,
        query: request.query,
        ownerId: request.query.mine === 'true' ? (requireActor(request).id ?? undefined) : undefined,
      }),
  );
  app.post(
    '/inventory/items',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary: 'Add an inventory item for a client',
        body: InventoryItemInput,
        response: { 201: InventoryItem },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createInventoryItem({ ...serviceContext(request), input: request.body });
    },
  );
  app.get(
    '/inventory/items/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One inventory item', params: IdParams, response: { 200: InventoryItem } },
    },
    async (request) => getInventoryItem({ db: request.db, id: request.params.id }),
  );
  app.get(
    '/inventory/items/:id/movements',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Every change to the item, newest first',
        params: IdParams,
        querystring: ListQuery.strict(),
        response: { 200: pageOf(InventoryMovement) },
      },
    },
    async (request) =>
      listInventoryMovements({ db: request.db, itemId: request.params.id, query: request.query }),
  );
  app.post(
    '/inventory/items/:id/movements',
    {
      config: { access: warehouse, transaction: true },
      schema: {
        tags,
        summary: 'Receive, adjust or count stock (with a reason)',
        params: IdParams,
        body: InventoryMovementInput,
        response: { 201: InventoryItem },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return recordInventoryMovement({
        ...serviceContext(request),
        itemId: request.params.id,
        input: request.body,
      });
    },
  );
  app.post(
    '/inventory/items/:id/reprint',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary:
          'Create the reprint job for a low item from its product’s specs; an Idempotency-Key makes a second click harmless',
        params: IdParams,
        headers: IdempotencyHeaders,
        response: { 201: z.object({ jobId: z.uuid(), number: z.string() }) },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const result = await idempotent(
        ctx.db,
        {
          scope: `${ctx.actor.id}:inventory-reprint:${request.params.id}`,
          key: request.headers['idempotency-key'],
          body: {},
          status: 201,
        },
        () => reprintJob({ ...ctx, itemId: request.params.id }),
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      reply.status(201);
      return result.body;
    },
  );

  app.get(
    '/orders',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Portal orders, newest first',
        querystring: OrderListQuery,
        response: { 200: pageOf(Order) },
      },
    },
    async (request) => listOrders(request.db, request.query, { ownerId: requireActor(request).id }),
  );
  app.get(
    '/orders/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One portal order', params: IdParams, response: { 200: Order } },
    },
    async (request) => getOrder(request.db, request.params.id),
  );
  for (const verdict of ['approve', 'reject'] as const) {
    app.post(
      `/orders/:id/${verdict}`,
      {
        config: { access: rolesFor('order.approve'), transaction: true },
        schema: {
          tags,
          summary: `${verdict === 'approve' ? 'Approve' : 'Reject'} an order on the client’s behalf`,
          params: IdParams,
          body: Decision,
          response: { 200: Order },
        },
      },
      async (request) =>
        decide(request.db, {
          orderId: request.params.id,
          approve: verdict === 'approve',
          comment: request.body.comment,
          actor: requireActor(request),
          effects: effects(),
        }),
    );
  }
  app.post(
    '/orders/:id/pick',
    {
      config: { access: warehouse, transaction: true },
      schema: {
        tags,
        summary: 'Confirm the stocked lines were picked',
        params: IdParams,
        response: { 200: Order },
      },
    },
    async (request) => pickOrder(request.db, requireActor(request), request.params.id, effects()),
  );
  await pickListRoutes(app, opts);
  await vdpRoutes(app, opts);
  await app.register(portalFileRoutes);
};
