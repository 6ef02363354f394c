import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, pageOf, ListQuery } from '../../../shared/common';
import {
  CopyJob,
  CreateJob,
  EditJob,
  IdempotencyHeaders,
  Job,
  JobItem,
  JobListQuery,
  JobSummary,
  MyDay,
} from '../../../shared/jobs';
import { AuditEvent } from '../../../shared/audit';
import { rolesFor } from '../../../shared/permissions';
import { idempotent } from '../../platform/idempotency';
import { requireActor } from '../../platform/http/access';
import { clockOf, serviceContext } from '../../platform/http/transaction';
import { jsonAnswer } from '../../platform/http/serializer';
import type { Page } from '../../platform/pagination';
import { listAuditEvents } from '../audit';
import { jobChangeRoutes } from './change-routes';
import { copyJob } from './copy-job';
import { myDay } from './my-day';
import { createJob, getJob, jobPage, listJobs, updateJob } from './service';
import { jobProofRoutes } from './proof-routes';
import { jobStageRoutes } from './stage-routes';
import { jobPlanRoutes } from './plan-routes';
import { jobTemplateRoutes } from './template-routes';
import { jobWorkRoutes } from './work-routes';

/** Jobs: the list, one job, creating, changing and reordering; stages, work and templates in their own files. */
export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['jobs'];

  app.get(
    '/jobs',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Jobs, soonest due first',
        querystring: JobListQuery,
        response: { 200: pageOf(JobSummary) },
      },
    },
    async (request) =>
      jsonAnswer<Page<JobSummary>>(
        await listJobs({ db: request.db, actor: requireActor(request), query: request.query }),
      ),
  );

  app.post(
    '/jobs',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Create a job with its items; stages are planned from the due date',
        body: CreateJob,
        response: { 201: Job },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createJob({ ...serviceContext(request), input: request.body });
    },
  );

  app.get(
    '/jobs/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One job with items and stages', params: IdParams, response: { 200: Job } },
    },
    async (request) =>
      jsonAnswer<Job>(await jobPage({ db: request.db, id: request.params.id, clock: clockOf(app) })),
  );

  app.patch(
    '/jobs/:id',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Change a job or its status; in production, a change the client sees needs a change order',
        params: IdParams,
        body: EditJob,
        response: { 200: Job },
      },
    },
    async (request) => updateJob({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );

  app.post(
    '/jobs/:id/copy',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary:
          'Reorder: a new job with the items of this one; send an Idempotency-Key to make retries safe',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: CopyJob,
        response: { 201: Job },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const result = await idempotent(
        ctx.db,
        {
          scope: `${ctx.actor.id}:job-copy:${request.params.id}`,
          key: request.headers['idempotency-key'],
          body: request.body,
          status: 201,
        },
        () => copyJob({ ...ctx, id: request.params.id, input: request.body }),
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      reply.status(201);
      return result.body;
    },
  );

  app.get(
    '/jobs/:id/items',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "A job's items with their specs",
        params: IdParams,
        response: { 200: pageOf(JobItem) },
      },
    },
    async (request) => ({
      items: (await getJob({ db: request.db, id: request.params.id })).items,
      nextCursor: null,
    }),
  );

  app.get(
    '/my-day',
    {
      config: { access: 'staff' },
      schema: { tags, summary: "The signed-in account manager's day", response: { 200: MyDay } },
    },
    async (request) => myDay({ db: request.db, clock: clockOf(app), userId: requireActor(request).id! }),
  );

  app.get(
    '/jobs/:id/activity',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'What happened to the job, newest first',
        params: IdParams,
        querystring: ListQuery.strict(),
        response: { 200: pageOf(AuditEvent) },
      },
    },
    async (request) => {
      await getJob({ db: request.db, id: request.params.id });
      return listAuditEvents({
        db: request.db,
        entityType: 'job',
        entityId: request.params.id,
        ...request.query,
      });
    },
  );

  await app.register(jobChangeRoutes);
  await app.register(jobStageRoutes);
  await app.register(jobPlanRoutes);
  await app.register(jobWorkRoutes);
  await app.register(jobTemplateRoutes);
  await app.register(jobProofRoutes);
};
