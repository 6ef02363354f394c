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
import type { StaffRole } from '../../platform/actor';
import { todayIn } from '../../platform/clock';
import { requireActor } from '../../platform/http/access';
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
import { getOrder, listOrders } from './order-queries';
import { createPortal, getPortal, listPortals, updatePortal } from './portals';
import { createProduct, getProduct, listProducts, updateProduct } from './products';
import { reprintJob } from './stock-views';
import { invitePortalUser, listPortalUsers, updatePortalUser } from './users';

const managers: StaffRole[] = ['admin', 'manager', 'account_manager'];
const warehouse: StaffRole[] = ['admin', 'manager', 'account_manager', 'production'];
const PortalParams = z.object({ id: z.uuid() }).strict();
const ChildParams = (child: string) => z.object({ id: z.uuid(), [child]: z.uuid() }).strict();

/** What the shop's staff manage: portals, their users and products, client inventory, and the orders inbox. */
export const portalStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portals'];
  const db = () => app.ctx.db;
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
      listPortals(db(), {
        ownerId: request.query.owner ? (requireActor(request).id ?? undefined) : undefined,
      }),
  );
  app.post(
    '/portals',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Open a portal for a client account',
        body: PortalInput,
        response: { 201: Portal },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.status(201).send(await db().transaction((tx) => createPortal(tx, actor, request.body)));
    },
  );
  app.get(
    '/portals/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One portal', params: PortalParams, response: { 200: Portal } },
    },
    async (request) => getPortal(db(), request.params.id),
  );
  app.put(
    '/portals/:id',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Change a portal’s settings',
        params: PortalParams,
        body: PortalInput,
        response: { 200: Portal },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => updatePortal(tx, actor, request.params.id, request.body));
    },
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
    async (request) => listPortalUsers(db(), request.params.id),
  );
  app.post(
    '/portals/:id/users',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Invite a portal user by e-mail',
        params: PortalParams,
        body: PortalUserInput,
        response: { 201: PortalUser },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const user = await db().transaction((tx) =>
        invitePortalUser(tx, actor, request.params.id, request.body, {
          mailer: app.ctx.mailer,
          publicUrl: app.ctx.config.publicUrl,
        }),
      );
      return reply.status(201).send(user);
    },
  );
  app.put(
    '/portals/:id/users/:userId',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Change a portal user (role, cost centres, limit, active)',
        params: ChildParams('userId'),
        body: PortalUserInput,
        response: { 200: PortalUser },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, userId } = request.params as { id: string; userId: string };
      return db().transaction((tx) => updatePortalUser(tx, actor, id, userId, request.body));
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
    async (request) => listProducts(db(), request.params.id),
  );
  app.post(
    '/portals/:id/products',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Add a product',
        params: PortalParams,
        body: ProductInput,
        response: { 201: Product },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => createProduct(tx, actor, request.params.id, request.body)));
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
      return getProduct(db(), id, productId);
    },
  );
  app.put(
    '/portals/:id/products/:productId',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Change a product',
        params: ChildParams('productId'),
        body: ProductInput,
        response: { 200: Product },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, productId } = request.params as { id: string; productId: string };
      return db().transaction((tx) => updateProduct(tx, actor, id, productId, request.body));
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
      listInventoryItems(
        db(),
        request.query,
        request.query.mine === 'true' ? (requireActor(request).id ?? undefined) : undefined,
      ),
  );
  app.post(
    '/inventory/items',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Add an inventory item for a client',
        body: InventoryItemInput,
        response: { 201: InventoryItem },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => createInventoryItem(tx, actor, request.body)));
    },
  );
  app.get(
    '/inventory/items/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One inventory item', params: IdParams, response: { 200: InventoryItem } },
    },
    async (request) => getInventoryItem(db(), request.params.id),
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
    async (request) => listInventoryMovements(db(), request.params.id, request.query),
  );
  app.post(
    '/inventory/items/:id/movements',
    {
      config: { access: warehouse },
      schema: {
        tags,
        summary: 'Receive, adjust or count stock (with a reason)',
        params: IdParams,
        body: InventoryMovementInput,
        response: { 201: InventoryItem },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(
          await db().transaction((tx) => recordInventoryMovement(tx, actor, request.params.id, request.body)),
        );
    },
  );
  app.post(
    '/inventory/items/:id/reprint',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Create the reprint job for a low item from its product’s specs',
        params: IdParams,
        response: { 201: z.object({ jobId: z.uuid(), number: z.string() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => reprintJob(tx, actor, request.params.id, today())));
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
    async (request) => listOrders(db(), request.query, { ownerId: requireActor(request).id }),
  );
  app.get(
    '/orders/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One portal order', params: IdParams, response: { 200: Order } },
    },
    async (request) => getOrder(db(), request.params.id),
  );
  for (const verdict of ['approve', 'reject'] as const) {
    app.post(
      `/orders/:id/${verdict}`,
      {
        config: { access: managers },
        schema: {
          tags,
          summary: `${verdict === 'approve' ? 'Approve' : 'Reject'} an order on the client’s behalf`,
          params: IdParams,
          body: Decision,
          response: { 200: Order },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return db().transaction((tx) =>
          decide(tx, {
            orderId: request.params.id,
            approve: verdict === 'approve',
            comment: request.body.comment,
            actor,
            effects: effects(),
          }),
        );
      },
    );
  }
  app.post(
    '/orders/:id/pick',
    {
      config: { access: warehouse },
      schema: {
        tags,
        summary: 'Confirm the stocked lines were picked',
        params: IdParams,
        response: { 200: Order },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => pickOrder(tx, actor, request.params.id, effects()));
    },
  );
};
