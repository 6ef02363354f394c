import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { catalogueRoutes } from './catalogue-routes';
import { jobMaterialRoutes } from './job-material-routes';
import { purchaseOrderRoutes } from './purchase-order-routes';
import { reorderRoutes } from './reorder-routes';

/** Vendors, the materials catalogue with its stock, what jobs need, and purchase orders from draft to received. */
export const purchasingRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(catalogueRoutes);
  await app.register(jobMaterialRoutes);
  await app.register(purchaseOrderRoutes);
  await app.register(reorderRoutes);
};
