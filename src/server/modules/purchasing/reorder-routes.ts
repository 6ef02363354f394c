import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import { PurchaseOrder } from '../../../shared/purchasing';
import { ToReplenishList } from '../../../shared/replenish';
import { serviceContext } from '../../platform/http/transaction';
import { listToReplenish, replenishMaterial } from './reorder';

/** Materials at their reorder point, and the one click that puts one on a draft PO to its preferred vendor. */
export const reorderRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['purchasing'];
  app.get(
    '/materials/to-replenish',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Materials at or below their reorder point, with the suggested order in whole packs',
        response: { 200: ToReplenishList },
      },
    },
    async (request) => listToReplenish({ db: request.db }),
  );
  app.post(
    '/materials/:id/replenish',
    {
      config: { access: rolesFor('purchasing.buy'), transaction: true },
      schema: {
        tags,
        summary:
          "Put a material at its reorder point on a draft PO to its preferred vendor (that vendor's draft, else a new one)",
        params: IdParams,
        response: { 200: PurchaseOrder, 201: PurchaseOrder },
      },
    },
    async (request, reply) => {
      const { po, created } = await replenishMaterial({ ...serviceContext(request), id: request.params.id });
      reply.status(created ? 201 : 200);
      return po;
    },
  );
};
