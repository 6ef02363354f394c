import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../platform/http/content-disposition';
import { ImportPreview, ImportResult, ImportUpload } from '../../../shared/accounts-import';
import { rolesFor } from '../../../shared/permissions';
import { requireActor } from '../../platform/http/access';
import { serviceContext } from '../../platform/http/transaction';
import { AccountExportQuery, exportAccounts } from './export';
import { importAccounts, previewImport, readUpload } from './import/commit';

// A 10 MB file grows by a third as base64, plus the JSON around it.
const uploadBodyLimit = 15 * 1024 * 1024;

/** Bulk import of accounts and contacts from CSV/XLSX, and export of the account list in the same shape. */
export const accountImportExportRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['accounts'];
  const config = { access: rolesFor('account.edit') };

  app.post(
    '/accounts/import/preview',
    {
      config,
      bodyLimit: uploadBodyLimit,
      schema: {
        tags,
        summary: 'Check a CSV/XLSX file of accounts and contacts without importing it',
        body: ImportUpload,
        response: { 200: ImportPreview },
      },
    },
    async (request) => {
      const file = await readUpload(request.body);
      return previewImport({ db: request.db, actor: requireActor(request), file });
    },
  );

  app.post(
    '/accounts/import',
    {
      config,
      bodyLimit: uploadBodyLimit,
      schema: {
        tags,
        summary: 'Import a CSV/XLSX file of accounts and contacts, all or nothing',
        body: ImportUpload,
        response: { 201: ImportResult },
      },
    },
    // Not a route transaction: the file is parsed (CPU only) before the import's one transaction opens.
    async (request, reply) => {
      const ctx = serviceContext(request);
      const file = await readUpload(request.body);
      const result = await app.ctx.db.transaction((db) => importAccounts({ ...ctx, db, file }));
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/accounts/export',
    {
      config,
      schema: {
        tags,
        summary: 'Download the filtered accounts with their contacts as CSV or XLSX',
        querystring: AccountExportQuery,
        response: { 200: z.any().describe('The file (text/csv or XLSX)') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const file = await exportAccounts({ db: request.db, actor, query: request.query });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
};
