import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf, ListQuery } from '../../../shared/common';
import {
  Comment,
  CopyJob,
  CreateComment,
  CreateJob,
  Job,
  JobItem,
  JobListQuery,
  JobStage,
  JobSummary,
  MyDay,
  ProofDecision,
  QueueEntry,
  UpdateJob,
  UpdateStage,
  JobFile,
  UploadJobFile,
  CreateTemplate,
  JobFromTemplate,
  JobTemplate,
  TemplateListQuery,
  AddStage,
} from '../../../shared/jobs';
import type { StaffRole } from '../../platform/actor';
import { todayIn } from '../../platform/clock';
import { requireActor } from '../../platform/http/access';
import { serviceContext } from '../../platform/http/transaction';
import { rolesFor } from '../../../shared/permissions';
import { getDepartment } from '../departments';
import { presentStage } from './presenter';
import { findDepartmentQueue } from './repo';
import { copyJob } from './copy-job';
import { createJob, getJob, listJobs, updateJob } from './service';
import { updateStage } from './stages';
import { listAuditEvents } from '../audit';
import { AuditEvent } from '../../../shared/audit';
import { addStage, removeStage } from './stage-edits';
import { addComment, listComments } from './comments';
import { myDay } from './my-day';
import { decideProof } from './proofs';
import { createTemplate, jobFromTemplate, listTemplates } from './templates';
import { listJobFiles, readJobFile, uploadJobFile } from './files';

const jobEditors: StaffRole[] = ['admin', 'manager', 'account_manager'];
const stageMovers: StaffRole[] = ['admin', 'manager', 'account_manager', 'production'];

export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['jobs'];
  const today = () => todayIn(app.ctx.config.JOBJACKET_TIMEZONE);

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
    async (request) => listJobs({ db: app.ctx.db, actor: requireActor(request), query: request.query }),
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
    async (request) => getJob({ db: app.ctx.db, id: request.params.id, today: today() }),
  );

  app.patch(
    '/jobs/:id',
    {
      config: { access: jobEditors },
      schema: {
        tags,
        summary: 'Change a job or its status',
        params: IdParams,
        body: UpdateJob,
        response: { 200: Job },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) =>
        updateJob({ db, actor, id: request.params.id, input: request.body, today: today() }),
      );
    },
  );

  app.post(
    '/jobs/:id/copy',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Reorder: a new job with the items of this one',
        params: IdParams,
        body: CopyJob,
        response: { 201: Job },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return copyJob({ ...serviceContext(request), id: request.params.id, input: request.body });
    },
  );

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
      items: (await getJob({ db: app.ctx.db, id: request.params.id })).stages,
      nextCursor: null,
    }),
  );

  app.patch(
    '/jobs/:id/stages/:stageId',
    {
      config: { access: stageMovers },
      schema: {
        tags,
        summary: 'Start, finish or block a stage',
        params: z.object({ id: z.uuid(), stageId: z.uuid() }).strict(),
        body: UpdateStage,
        response: { 200: Job },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) =>
        updateStage({
          db,
          actor,
          jobId: request.params.id,
          stageId: request.params.stageId,
          input: request.body,
          today: today(),
        }),
      );
    },
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
    async (request) => {
      const department = await getDepartment(app.ctx.db, request.params.id);
      const rows = await findDepartmentQueue(app.ctx.db, department.id);
      const ref = { id: department.id, code: department.code, name: department.name };
      return {
        items: rows.map((r) => ({
          stage: presentStage(r.stage, ref),
          job: {
            id: r.job.id,
            number: r.job.number,
            title: r.job.title,
            accountName: r.accountName,
            dueDate: r.job.dueDate,
            risk: r.job.risk,
            status: r.job.status,
            priority: r.job.priority,
          },
        })),
        nextCursor: null,
      };
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
      items: (await getJob({ db: app.ctx.db, id: request.params.id })).items,
      nextCursor: null,
    }),
  );

  app.patch(
    '/jobs/:id/items/:itemId/proof',
    {
      config: { access: jobEditors },
      schema: {
        tags,
        summary: "Record the client's proof decision on an item",
        params: z.object({ id: z.uuid(), itemId: z.uuid() }).strict(),
        body: ProofDecision,
        response: { 200: Job },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) =>
        decideProof({
          db,
          actor,
          jobId: request.params.id,
          itemId: request.params.itemId,
          input: request.body,
          today: today(),
        }),
      );
    },
  );

  app.get(
    '/jobs/:id/comments',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Comments, oldest first',
        params: IdParams,
        response: { 200: pageOf(Comment) },
      },
    },
    async (request) => ({ items: await listComments(app.ctx.db, request.params.id), nextCursor: null }),
  );

  app.post(
    '/jobs/:id/comments',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Comment on a job; @name mentions notify',
        params: IdParams,
        body: CreateComment,
        response: { 201: Comment },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const comment = await app.ctx.db.transaction((db) =>
        addComment({
          db,
          actor,
          jobId: request.params.id,
          body: request.body.body,
          mailer: app.ctx.mailer,
          publicUrl: app.ctx.config.publicUrl,
        }),
      );
      return reply.status(201).send(comment);
    },
  );

  app.get(
    '/my-day',
    {
      config: { access: 'staff' },
      schema: { tags, summary: "The signed-in account manager's day", response: { 200: MyDay } },
    },
    async (request) => myDay(app.ctx.db, requireActor(request).id!, today()),
  );

  app.get(
    '/jobs/:id/files',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Artwork, proofs and other files, newest first',
        params: IdParams,
        response: { 200: pageOf(JobFile) },
      },
    },
    async (request) => ({ items: await listJobFiles(app.ctx.db, request.params.id), nextCursor: null }),
  );

  app.post(
    '/jobs/:id/files',
    {
      config: { access: stageMovers },
      bodyLimit: 72 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Add a file (base64); the same name and kind makes a new version',
        params: IdParams,
        body: UploadJobFile,
        response: { 201: JobFile },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const file = await app.ctx.db.transaction((db) =>
        uploadJobFile({ db, actor, files: app.ctx.files, jobId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(file);
    },
  );

  app.get(
    '/jobs/:id/files/:fileId/content',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Download a file',
        params: z.object({ id: z.uuid(), fileId: z.uuid() }).strict(),
      },
    },
    async (request, reply) => {
      const { file, content } = await readJobFile({
        db: app.ctx.db,
        files: app.ctx.files,
        jobId: request.params.id,
        fileId: request.params.fileId,
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(content);
    },
  );

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
      items: await listTemplates(app.ctx.db, request.query.accountId),
      nextCursor: null,
    }),
  );

  app.post(
    '/job-templates',
    {
      config: { access: jobEditors },
      schema: {
        tags,
        summary: 'Save a job as a template',
        body: CreateTemplate,
        response: { 201: JobTemplate },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const template = await app.ctx.db.transaction((db) =>
        createTemplate({ db, actor, input: request.body }),
      );
      return reply.status(201).send(template);
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

  app.post(
    '/jobs/:id/stages',
    {
      config: { access: jobEditors },
      schema: {
        tags,
        summary: 'Add a stage to an item’s route after another stage',
        params: IdParams,
        body: AddStage,
        response: { 201: Job },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const job = await app.ctx.db.transaction((db) =>
        addStage({ db, actor, jobId: request.params.id, input: request.body, today: today() }),
      );
      return reply.status(201).send(job);
    },
  );

  app.delete(
    '/jobs/:id/stages/:stageId',
    {
      config: { access: jobEditors },
      schema: {
        tags,
        summary: 'Remove a stage that has not started',
        params: z.object({ id: z.uuid(), stageId: z.uuid() }).strict(),
        response: { 200: Job },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) =>
        removeStage({
          db,
          actor,
          jobId: request.params.id,
          stageId: request.params.stageId,
          today: today(),
        }),
      );
    },
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
      await getJob({ db: app.ctx.db, id: request.params.id });
      return listAuditEvents({
        db: app.ctx.db,
        entityType: 'job',
        entityId: request.params.id,
        ...request.query,
      });
    },
  );
};
