import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/common';
import { Job } from '../../../shared/jobs';
import { rolesFor } from '../../../shared/permissions';
import {
  DeliveryEstimate,
  DeliveryEstimateRequest,
  DepartmentLoad,
  LoadQuery,
  PlanStage,
} from '../../../shared/planning';
import { serviceContext } from '../../platform/http/transaction';
import { estimateDelivery, estimateJobDelivery } from './delivery-estimate';
import { departmentLoad, planStage } from './stage-plan';

const StageParams = z.object({ id: z.uuid(), stageId: z.uuid() }).strict();

/** Capacity planning: when work could be delivered, each department's load, and a planner moving a stage. */
export const jobPlanRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['planning'];

  app.post(
    '/planning/delivery-estimate',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'When could this work be delivered? (the route at standard times around the current load)',
        body: DeliveryEstimateRequest,
        response: { 200: DeliveryEstimate },
      },
    },
    async (request) =>
      estimateDelivery({ db: request.db, today: serviceContext(request).clock.today() }, request.body),
  );

  app.get(
    '/jobs/:id/delivery-estimate',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "The earliest due date a job's open stages fit the current load",
        params: IdParams,
        response: { 200: DeliveryEstimate },
      },
    },
    async (request) =>
      estimateJobDelivery({
        db: request.db,
        today: serviceContext(request).clock.today(),
        jobId: request.params.id,
      }),
  );

  app.get(
    '/departments/:id/load',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "A department's booked hours per day against its working hours",
        params: IdParams,
        querystring: LoadQuery,
        response: { 200: DepartmentLoad },
      },
    },
    async (request) =>
      departmentLoad({
        db: request.db,
        departmentId: request.params.id,
        from: request.query.from ?? serviceContext(request).clock.today(),
        days: request.query.days,
      }),
  );

  app.put(
    '/jobs/:id/stages/:stageId/plan',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Move a stage to a day (null: let planning place it)',
        params: StageParams,
        body: PlanStage,
        response: { 200: Job },
      },
    },
    async (request) =>
      planStage({
        ...serviceContext(request),
        jobId: request.params.id,
        stageId: request.params.stageId,
        input: request.body,
      }),
  );
};
