import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import { AddJobItem, ChangeOrder, Job, RemoveJobItem, UpdateJobItem } from '../../../shared/jobs';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import { listChangeOrders } from './change-orders';
import { addItem, removeItem, updateItem } from './edit-items';
import { getJob } from './service';

const ItemParams = z.object({ id: z.uuid(), itemId: z.uuid() }).strict();

/** Changing a job's items (add, change, remove) and the change orders recorded on the way. */
export const jobChangeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['jobs'];
  const access = rolesFor('job.edit');

  app.post(
    '/jobs/:id/items',
    {
      config: { access, transaction: true },
      schema: {
        tags,
        summary: 'Add an item (its stages planned from the due date); in production, with a change order',
        params: IdParams,
        body: AddJobItem,
        response: { 201: Job },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return addItem({ ...serviceContext(request), jobId: request.params.id, input: request.body });
    },
  );

  app.patch(
    '/jobs/:id/items/:itemId',
    {
      config: { access, transaction: true },
      schema: {
        tags,
        summary:
          'Change an item (quantity, spec, proof, packaging, price); in production, with a change order',
        params: ItemParams,
        body: UpdateJobItem,
        response: { 200: Job },
      },
    },
    async (request) =>
      updateItem({
        ...serviceContext(request),
        jobId: request.params.id,
        itemId: request.params.itemId,
        input: request.body,
      }),
  );

  app.delete(
    '/jobs/:id/items/:itemId',
    {
      config: { access, transaction: true },
      schema: {
        tags,
        summary: 'Remove an item no work has started on; in production, with a change order in the body',
        params: ItemParams,
        body: RemoveJobItem.nullish(),
        response: { 200: Job },
      },
    },
    async (request) =>
      removeItem({
        ...serviceContext(request),
        jobId: request.params.id,
        itemId: request.params.itemId,
        changeOrder: request.body?.changeOrder,
      }),
  );

  app.get(
    '/jobs/:id/change-orders',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "The job's change orders, oldest first",
        params: IdParams,
        response: { 200: pageOf(ChangeOrder) },
      },
    },
    async (request) => {
      await getJob({ db: request.db, id: request.params.id });
      return {
        items: await listChangeOrders({ db: request.db, jobId: request.params.id }),
        nextCursor: null,
      };
    },
  );
};
