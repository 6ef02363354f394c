import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../platform/http/content-disposition';
import { IdParams, pageOf } from '../../../shared/common';
import { Comment, CreateComment, Job, JobFile, ProofDecision, UploadJobFile } from '../../../shared/jobs';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import { addComment, listComments } from './comments';
import { listJobFiles, readJobFile, uploadJobFile } from './files';
import { decideProof } from './proofs';

/** The work around a job: proof decisions, comments with mentions, and artwork, proofs and other files. */
export const jobWorkRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['jobs'];

  app.patch(
    '/jobs/:id/items/:itemId/proof',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: "Record the client's proof decision on an item",
        params: z.object({ id: z.uuid(), itemId: z.uuid() }).strict(),
        body: ProofDecision,
        response: { 200: Job },
      },
    },
    async (request) =>
      decideProof({
        ...serviceContext(request),
        jobId: request.params.id,
        itemId: request.params.itemId,
        input: request.body,
      }),
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
    async (request) => ({
      items: await listComments({ db: request.db, jobId: request.params.id }),
      nextCursor: null,
    }),
  );

  app.post(
    '/jobs/:id/comments',
    {
      config: { access: 'staff', transaction: true },
      schema: {
        tags,
        summary: 'Comment on a job; @name mentions notify',
        params: IdParams,
        body: CreateComment,
        response: { 201: Comment },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return addComment({
        ...serviceContext(request),
        jobId: request.params.id,
        body: request.body.body,
        mailer: app.ctx.mailer,
        publicUrl: app.ctx.config.publicUrl,
      });
    },
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
    async (request) => ({
      items: await listJobFiles({ db: request.db, jobId: request.params.id }),
      nextCursor: null,
    }),
  );

  app.post(
    '/jobs/:id/files',
    {
      config: { access: rolesFor('job.files.add'), transaction: true },
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
      reply.status(201);
      return uploadJobFile({
        ...serviceContext(request),
        files: app.ctx.files,
        jobId: request.params.id,
        input: request.body,
      });
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
        db: request.db,
        files: app.ctx.files,
        jobId: request.params.id,
        fileId: request.params.fileId,
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition('attachment', file.name))
        .send(content);
    },
  );
};
