import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import { AddStage, Job, JobStage, QueueEntry, UpdateStage } from '../../../shared/jobs';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import { departmentQueue } from './queue';
import { getJob } from './service';
import { addStage, removeStage } from './stage-edits';
import { updateStage } from './stages';

const StageParams = z.object({ id: z.uuid(), stageId: z.uuid() }).strict();

/** A job's stages: moving them through production, editing the route, and each department's queue. */
export const jobStageRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['jobs'];

  app.get(
    '/jobs/:id/stages',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "A job's stages in route order",
        params: IdParams,
        response: { 200: pageOf(JobStage) },
      },
    },
    async (request) => ({
      items: (await getJob({ db: request.db, id: request.params.id })).stages,
      nextCursor: null,
    }),
  );

  app.patch(
    '/jobs/:id/stages/:stageId',
    {
      config: { access: rolesFor('stage.move'), transaction: true },
      schema: {
        tags,
        summary: 'Start, finish or block a stage',
        params: StageParams,
        body: UpdateStage,
        response: { 200: Job },
      },
    },
    async (request) =>
      updateStage({
        ...serviceContext(request),
        jobId: request.params.id,
        stageId: request.params.stageId,
        input: request.body,
      }),
  );

  app.get(
    '/departments/:id/queue',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "A department's open stages by planned end",
        params: IdParams,
        response: { 200: pageOf(QueueEntry) },
      },
    },
    async (request) => ({
      items: await departmentQueue({ db: request.db, departmentId: request.params.id }),
      nextCursor: null,
    }),
  );

  app.post(
    '/jobs/:id/stages',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Add a stage to an item’s route after another stage',
        params: IdParams,
        body: AddStage,
        response: { 201: Job },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return addStage({ ...serviceContext(request), jobId: request.params.id, input: request.body });
    },
  );

  app.delete(
    '/jobs/:id/stages/:stageId',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Remove a stage that has not started',
        params: StageParams,
        response: { 200: Job },
      },
    },
    async (request) =>
      removeStage({ ...serviceContext(request), jobId: request.params.id, stageId: request.params.stageId }),
  );
};
