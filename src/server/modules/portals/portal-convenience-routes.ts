import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../../shared/common';
import { CartRefilled, Favourites, SaveCart, SavedCart } from '../../../shared/portal-account';
import { clockOf } from '../../platform/http/transaction';
import { deleteSavedCart, listSavedCarts, reorder, restoreCart, saveCart } from './cart-refill';
import { favouritesOf, setFavourite } from './favourites';
import { portalScope, Slug, SlugId } from './portal-request';
import { requirePortalUser } from './users';

/** What saves a buyer time: starred products, carts kept under a name, and ordering a past order again. */
export const portalConvenienceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  const clock = clockOf(app);
  const scoped = portalScope(app.ctx.db);

  app.get(
    '/portal/:slug/favourites',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'The products I starred', params: Slug, response: { 200: Favourites } },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => favouritesOf({ db: tx, who }));
    },
  );
  for (const starred of [true, false]) {
    app.route({
      method: starred ? 'PUT' : 'DELETE',
      url: '/portal/:slug/favourites/:id',
      config: { access: 'portal' },
      schema: {
        tags,
        summary: starred ? 'Star a product' : 'Unstar a product',
        params: SlugId,
        response: { 200: Favourites },
      },
      handler: async (request) => {
        const who = requirePortalUser(request);
        return scoped(who, (tx) =>
          setFavourite({ db: tx, clock, who, productId: request.params.id, starred }),
        );
      },
    });
  }
  app.post(
    '/portal/:slug/orders/:id/reorder',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary:
          'Put a past order’s lines in my cart at today’s prices (products no longer offered are left out)',
        params: SlugId,
        response: { 200: CartRefilled },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => reorder({ db: tx, clock, who, orderId: request.params.id }));
    },
  );
  app.get(
    '/portal/:slug/saved-carts',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'My saved carts (at most 50)',
        params: Slug,
        response: { 200: pageOf(SavedCart) },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => listSavedCarts({ db: tx, who }));
    },
  );
  app.post(
    '/portal/:slug/saved-carts',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Keep my cart under a name',
        params: Slug,
        body: SaveCart,
        response: { 201: SavedCart },
      },
    },
    async (request, reply) => {
      const who = requirePortalUser(request);
      const saved = await scoped(who, (tx) => saveCart({ db: tx, clock, who, name: request.body.name }));
      return reply.status(201).send(saved);
    },
  );
  app.post(
    '/portal/:slug/saved-carts/:id/restore',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Replace my cart with a saved cart’s lines at today’s prices',
        params: SlugId,
        response: { 200: CartRefilled },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => restoreCart({ db: tx, clock, who, id: request.params.id }));
    },
  );
  app.delete(
    '/portal/:slug/saved-carts/:id',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'Delete a saved cart', params: SlugId, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const who = requirePortalUser(request);
      await scoped(who, (tx) => deleteSavedCart({ db: tx, who, id: request.params.id }));
      return reply.status(204).send(null);
    },
  );
};
