import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import {
  JobMaterial,
  JobMaterialInput,
  MaterialsStatusList,
  MaterialsStatusQuery,
  Shortage,
  UpdateJobMaterial,
} from '../../../shared/purchasing';
import { serviceContext } from '../../platform/http/transaction';
import {
  addJobMaterial,
  listJobMaterials,
  listShortages,
  materialsStatusOfJobs,
  removeJobMaterial,
  updateJobMaterial,
} from './job-materials';

const JobMaterialParams = z.object({ id: z.uuid(), materialId: z.uuid() }).strict();

/** What jobs need: each job's materials, their status for boards and lists, and the shortages to buy. */
export const jobMaterialRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['purchasing'];
  const edit = { access: rolesFor('job.materials.edit'), transaction: true };

  app.get(
    '/jobs/:id/materials',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'What a job needs, and whether it is allocated, ordered or received',
        params: IdParams,
        response: { 200: z.object({ items: z.array(JobMaterial) }) },
      },
    },
    async (request) => ({ items: await listJobMaterials({ db: request.db, jobId: request.params.id }) }),
  );
  app.post(
    '/jobs/:id/materials',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Add a material a job needs (computed from an item when no quantity is given)',
        params: IdParams,
        body: JobMaterialInput,
        response: { 201: JobMaterial },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return addJobMaterial({ ...serviceContext(request), jobId: request.params.id, input: request.body });
    },
  );
  app.patch(
    '/jobs/:id/materials/:materialId',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Change the quantity a job needs',
        params: JobMaterialParams,
        body: UpdateJobMaterial,
        response: { 200: JobMaterial },
      },
    },
    async (request) =>
      updateJobMaterial({
        ...serviceContext(request),
        jobId: request.params.id,
        id: request.params.materialId,
        input: request.body,
      }),
  );
  app.delete(
    '/jobs/:id/materials/:materialId',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Remove a material from a job',
        params: JobMaterialParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeJobMaterial({
        ...serviceContext(request),
        jobId: request.params.id,
        id: request.params.materialId,
      });
      reply.status(204);
      return null;
    },
  );
  app.get(
    '/job-materials/status',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The materials status of each of the given jobs (for boards and lists)',
        querystring: MaterialsStatusQuery,
        response: { 200: MaterialsStatusList },
      },
    },
    async (request) => {
      const map = await materialsStatusOfJobs({ db: request.db, jobIds: request.query.jobIds });
      return { items: [...map].map(([jobId, status]) => ({ jobId, status })) };
    },
  );
  app.get(
    '/shortages',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Job needs that stock and open orders do not cover, soonest due first',
        response: { 200: z.object({ items: z.array(Shortage) }) },
      },
    },
    async (request) => ({ items: await listShortages({ db: request.db }) }),
  );
};
