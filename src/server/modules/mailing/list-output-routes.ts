import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, pageOf } from '../../../shared/common';
import { contentDisposition } from '../../platform/http/content-disposition';
import {
  DedupeReport,
  ExportQuery,
  ImbAssignment,
  MailingRecord,
  Presort,
  PresortQuery,
  RecordQuery,
} from '../../../shared/mailing';
import { rolesFor } from '../../../shared/permissions';
import { clockOf, serviceContext } from '../../platform/http/transaction';
import { exportList } from './export-list';
import { assignImb } from './imb-serials';
import { dedupeReport, listRecords } from './outputs';
import { presortOnDate } from './presort';
import { letterheadOf } from '../shop';

/** What a list gives back: its records, the merge/purge report, presort, IMb serials and exports. */
export const listOutputRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['mailing'];

  app.get(
    '/mailing-lists/:id/dedupe',
    {
      config: { access: rolesFor('mailing.read') },
      schema: {
        tags,
        summary: 'What merge/purge removed and kept (first 100 pairs; export format=duplicates for all)',
        params: IdParams,
        response: { 200: DedupeReport },
      },
    },
    async (request) => dedupeReport({ db: request.db, id: request.params.id }),
  );
  app.get(
    '/mailing-lists/:id/records',
    {
      config: { access: rolesFor('mailing.read') },
      schema: {
        tags,
        summary: 'Records in file order with standardised address, flags and duplicate marks',
        params: IdParams,
        querystring: RecordQuery,
        response: { 200: pageOf(MailingRecord) },
      },
    },
    async (request) =>
      listRecords({
        db: request.db,
        id: request.params.id,
        filter: request.query.filter,
        limit: request.query.limit,
        cursor: request.query.cursor,
      }),
  );
  app.get(
    '/mailing-lists/:id/presort',
    {
      config: { access: rolesFor('mailing.read') },
      schema: {
        tags,
        summary: 'Presort counts by 5- and 3-digit ZIP, tray estimate, minimum volume and postage',
        params: IdParams,
        querystring: PresortQuery,
        response: { 200: Presort },
      },
    },
    async (request) =>
      presortOnDate({
        db: request.db,
        clock: clockOf(app),
        id: request.params.id,
        mailingDate: request.query.mailingDate,
      }),
  );
  app.post(
    '/mailing-lists/:id/imb',
    {
      config: { access: rolesFor('mailing.edit'), transaction: true },
      schema: {
        tags,
        summary: "Assign IMb serials to every mailable piece from the shop's Mailer ID",
        params: IdParams,
        response: { 200: ImbAssignment },
      },
    },
    async (request) => assignImb({ ...serviceContext(request), id: request.params.id }),
  );
  app.get(
    '/mailing-lists/:id/export',
    {
      config: { access: rolesFor('mailing.read') },
      schema: {
        tags,
        summary:
          'Cleaned list (csv, xlsx) with IMb, proof PDF, presort report PDF, or removed duplicates (csv)',
        params: IdParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const file = await exportList({
        db: request.db,
        clock: clockOf(app),
        id: request.params.id,
        letterhead: await letterheadOf(app.ctx, request.db),
        ...request.query,
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
};
