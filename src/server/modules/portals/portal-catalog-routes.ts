import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../platform/http/content-disposition';
import { pageOf } from '../../../shared/common';
import {
  Cart,
  CartLineInput,
  CatalogQuery,
  PriceQuery,
  Product,
  ProductPrice,
} from '../../../shared/portals';
import { AppError } from '../../platform/errors';
import { clockOf } from '../../platform/http/transaction';
import { jsonAnswer } from '../../platform/http/serializer';
import type { Page } from '../../platform/pagination';
import { catalogPage } from './catalog-page';
import { addToCart, approveProof, cartOf, changeCartLine, checkQuantity, removeCartLine } from './cart';
import { linePrices } from './pricing';
import { portalScope, Slug, SlugId, SlugLine } from './portal-request';
import { catalogProduct, checkValues, findProduct, variableDataProof } from './products';
import { requirePortalUser } from './users';

/** The client portal's catalogue (with live proofs of variable-data products) and the user's cart. */
export const portalCatalogRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  const clock = clockOf(app);
  // Every handler runs in the user's account scope (its own transaction): see portalScope.
  const scoped = portalScope(app.ctx.db);

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
      const page = await scoped(who, (tx) =>
        catalogPage({ db: tx, clock, portal: who.portal, user: who.user, query: request.query }),
      );
      return jsonAnswer<Page<Product>>(page);
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
      return scoped(who, (tx) =>
        catalogProduct({ db: tx, clock, portal: who.portal, user: who.user, id: request.params.id }),
      );
    },
  );
  app.get(
    '/portal/:slug/catalog/:id/price',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'The price of a quantity (a product priced by the estimating engine is priced for it)',
        params: SlugId,
        querystring: PriceQuery,
        response: { 200: ProductPrice },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, async (tx) => {
        await catalogProduct({ db: tx, clock, portal: who.portal, user: who.user, id: request.params.id });
        const product = await findProduct(tx, who.portal.id, request.params.id);
        const quantity =
          request.query.quantity ?? Math.ceil(product.minQuantity / product.multipleOf) * product.multipleOf;
        checkQuantity(product, quantity);
        if (!who.portal.showPrices) return { quantity, unitPriceCents: null, amountCents: null };
        const [price] = await linePrices({ db: tx, clock }, who.portal.accountId, [{ product, quantity }]);
        return { quantity, ...price! };
      });
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
        await catalogProduct({ db: tx, clock, portal: who.portal, user: who.user, id: request.params.id });
        const product = await findProduct(tx, who.portal.id, request.params.id);
        if (product.kind !== 'variable_data')
          throw new AppError('VALIDATION', 'Only variable-data products have a live proof');
        const values = checkValues(product, request.body.values);
        return variableDataProof(product, values, who.portal.name, { db: tx, files: app.ctx.files });
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('inline', 'proof.pdf'))
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
      return scoped(who, (tx) => cartOf({ db: tx, clock, who }));
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
      return scoped(who, (tx) => addToCart({ db: tx, clock, who, input: request.body }));
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
      return scoped(who, (tx) =>
        changeCartLine({
          db: tx,
          clock,
          who,
          lineId: request.params.lineId,
          quantity: request.body.quantity,
        }),
      );
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
      return scoped(who, (tx) => removeCartLine({ db: tx, clock, who, lineId: request.params.lineId }));
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
      return scoped(who, (tx) => approveProof({ db: tx, clock, who, lineId: request.params.lineId }));
    },
  );
};
