import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  CreateMailingList,
  ImportPreview,
  MailingList,
  MailingListQuery,
  MailingRun,
  StartDedupe,
  StartImport,
  UpdateMailingList,
  UploadQuery,
} from '../../../shared/mailing';
import { rolesFor } from '../../../shared/permissions';
import { AppError } from '../../platform/errors';
import { serviceContext } from '../../platform/http/transaction';
import { dropRoutes } from './drop-routes';
import { startImport, startRun, uploadImport } from './import/upload';
import { importRejects } from './import/rejects';
import { contentDisposition } from '../../platform/http/content-disposition';
import { uploadLimits } from '../../platform/documents/upload-limits';
import { listOutputRoutes } from './list-output-routes';
import { createList, getList, getRun, listLists, updateList } from './lists';
import { rateRoutes } from './rate-routes';

const RunParams = z.object({ id: z.uuid(), runId: z.uuid() }).strict();
const uploadTypes = [
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/csv',
  'application/octet-stream',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** Mailing lists (import, standardise, merge/purge, presort, IMb, outputs, mail drops), postage rates, settings. */
export const mailingRoutes: FastifyPluginAsyncZod = async (app, opts) => {
  const tags = ['mailing'];
  const listEditors = rolesFor('mailing.edit');
  const listReaders = rolesFor('mailing.read');

  // Files arrive as the raw request body and are streamed to disk: a 100 MB list never sits in memory.
  app.addContentTypeParser(uploadTypes, (_request, payload, done) => done(null, payload));

  app.get(
    '/mailing-lists',
    {
      config: { access: listReaders },
      schema: {
        tags,
        summary: 'Mailing lists, newest first',
        querystring: MailingListQuery,
        response: { 200: pageOf(MailingList) },
      },
    },
    async (request) => listLists({ db: request.db, query: request.query }),
  );
  app.post(
    '/mailing-lists',
    {
      config: { access: listEditors, transaction: true },
      schema: {
        tags,
        summary: 'Create a mailing list on an account, optionally for a job item',
        body: CreateMailingList,
        response: { 201: MailingList },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createList({ ...serviceContext(request), input: request.body });
    },
  );
  app.get(
    '/mailing-lists/:id',
    {
      config: { access: listReaders },
      schema: {
        tags,
        summary: 'One mailing list with its run in progress',
        params: IdParams,
        response: { 200: MailingList },
      },
    },
    async (request) => getList({ db: request.db, id: request.params.id }),
  );
  app.patch(
    '/mailing-lists/:id',
    {
      config: { access: listEditors, transaction: true },
      schema: {
        tags,
        summary: 'Rename, attach to a job item, change class, shape, weight or drop date',
        params: IdParams,
        body: UpdateMailingList,
        response: { 200: MailingList },
      },
    },
    async (request) => updateList({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );

  app.post(
    '/mailing-lists/:id/uploads',
    {
      // Not one transaction: the file streams to disk first, then a short transaction records the upload.
      config: { access: listEditors },
      schema: {
        tags,
        summary: `Upload a CSV/XLSX file (the raw bytes as the body, at most ${uploadLimits.maxUploadBytes / 1024 / 1024} MB); answers a preview with a guessed mapping`,
        description:
          'Send the file as the body with Content-Type text/csv, application/octet-stream or the XLSX type, and its name in ?filename=.',
        params: IdParams,
        querystring: UploadQuery,
        response: { 201: ImportPreview },
      },
    },
    async (request, reply) => {
      if (!(request.body instanceof Readable))
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the file itself as the body, with Content-Type text/csv or application/octet-stream',
        );
      const preview = await uploadImport({
        ...serviceContext(request),
        files: app.ctx.files,
        listId: request.params.id,
        filename: request.query.filename,
        body: request.body,
      });
      return reply.status(201).send(preview);
    },
  );
  app.post(
    '/mailing-lists/:id/uploads/:runId/import',
    {
      config: { access: listEditors, transaction: true },
      schema: {
        tags,
        summary:
          'Import an uploaded file with the chosen column mapping, in the background: all or nothing, or (badRows: skip) the good rows with the malformed ones kept in a CSV to download',
        params: RunParams,
        body: StartImport,
        response: { 202: MailingList },
      },
    },
    async (request, reply) => {
      reply.status(202);
      return startImport({
        ...serviceContext(request),
        queue: app.ctx.queue,
        listId: request.params.id,
        runId: request.params.runId,
        mapping: request.body.mapping,
        badRows: request.body.badRows,
      });
    },
  );
  app.get(
    '/mailing-lists/:id/runs/:runId',
    {
      config: { access: listReaders },
      schema: {
        tags,
        summary: 'Progress of an import, standardisation or merge/purge',
        params: RunParams,
        response: { 200: MailingRun },
      },
    },
    async (request) => getRun({ db: request.db, listId: request.params.id, runId: request.params.runId }),
  );
  app.get(
    '/mailing-lists/:id/runs/:runId/rejects.csv',
    {
      config: { access: listReaders },
      schema: {
        tags,
        summary: 'The rows an import left out as malformed, with the reason, as CSV',
        params: RunParams,
      },
    },
    async (request, reply) => {
      const file = await importRejects({
        db: request.db,
        files: app.ctx.files,
        listId: request.params.id,
        runId: request.params.runId,
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
  const RunStarted = z.object({ run: MailingRun, list: MailingList });
  app.post(
    '/mailing-lists/:id/standardize',
    {
      config: { access: listEditors, transaction: true },
      schema: {
        tags,
        summary: 'Standardise every address (USPS Pub 28, offline) and flag undeliverable ones',
        params: IdParams,
        response: { 202: RunStarted },
      },
    },
    async (request, reply) => {
      reply.status(202);
      return startRun({
        ...serviceContext(request),
        queue: app.ctx.queue,
        listId: request.params.id,
        kind: 'standardize',
      });
    },
  );
  app.post(
    '/mailing-lists/:id/dedupe',
    {
      config: { access: listEditors, transaction: true },
      schema: {
        tags,
        summary: 'Merge/purge: remove exact and fuzzy duplicates (individual or household level)',
        params: IdParams,
        body: StartDedupe,
        response: { 202: RunStarted },
      },
    },
    async (request, reply) => {
      reply.status(202);
      return startRun({
        ...serviceContext(request),
        queue: app.ctx.queue,
        listId: request.params.id,
        kind: 'dedupe',
        options: { level: request.body.level },
      });
    },
  );

  await listOutputRoutes(app, opts);
  await dropRoutes(app, opts);
  await rateRoutes(app, opts);
};
