import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, pageOf } from '../../../shared/common';
import { CreateTemplate, Job, JobFromTemplate, JobTemplate, TemplateListQuery } from '../../../shared/jobs';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import { createTemplate, jobFromTemplate, listTemplates } from './templates';

/** Job templates: saving a job's items as a template and starting new jobs from one. */
export const jobTemplateRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['jobs'];

  app.get(
    '/job-templates',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Saved job templates (an account’s and the shop-wide ones)',
        querystring: TemplateListQuery,
        response: { 200: pageOf(JobTemplate) },
      },
    },
    async (request) => ({
      items: await listTemplates({ db: request.db, accountId: request.query.accountId }),
      nextCursor: null,
    }),
  );

  app.post(
    '/job-templates',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Save a job as a template',
        body: CreateTemplate,
        response: { 201: JobTemplate },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createTemplate({ ...serviceContext(request), input: request.body });
    },
  );

  app.post(
    '/job-templates/:id/jobs',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Create a job from a template',
        params: IdParams,
        body: JobFromTemplate,
        response: { 201: Job },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return jobFromTemplate({
        ...serviceContext(request),
        templateId: request.params.id,
        input: request.body,
      });
    },
  );
};
