import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  ApplyToJob,
  CreateMailingList,
  DedupeReport,
  ExportQuery,
  ImbAssignment,
  ImportPreview,
  MailDrop,
  MailDropInput,
  MailingList,
  MailingListQuery,
  MailingRecord,
  MailingRun,
  MailingSettings,
  MailingSettingsInput,
  PostageRate,
  PostageRateInput,
  PostageRateQuery,
  Presort,
  PresortQuery,
  RecordQuery,
  StartDedupe,
  StartImport,
  UpdateMailingList,
  UploadQuery,
} from '../../../shared/mailing';
import type { StaffRole } from '../../platform/actor';
import { todayIn } from '../../platform/clock';
import { AppError, notFound } from '../../platform/errors';
import { requireActor } from '../../platform/http/access';
import { applyToJob, listDrops, recordDrop } from './drops';
import { assignImb, getMailingSettings, updateMailingSettings } from './imb-serials';
import { startImport, startRun, uploadImport } from './import/upload';
import { MAX_UPLOAD_BYTES } from './import/source';
import { createList, getList, listLists, presentRun, updateList } from './lists';
import {
  dedupeReport,
  exportCsv,
  exportDuplicates,
  exportXlsx,
  listRecords,
  presortReportPdf,
  proofPdf,
} from './outputs';
import { presortList } from './presort';
import { createRate, deleteRate, listRates, updateRate } from './rates';
import { mailingRuns } from './tables';
import { and, eq } from 'drizzle-orm';

const listEditors: StaffRole[] = ['admin', 'manager', 'account_manager', 'production'];
const rateEditors: StaffRole[] = ['admin'];
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
export const mailingRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['mailing'];
  const db = () => app.ctx.db;
  const today = () => todayIn(app.ctx.config.JOBJACKET_TIMEZONE);
  const shopName = () => app.ctx.config.JOBJACKET_SHOP_NAME;

  // Files arrive as the raw request body and are streamed to disk: a 100 MB list never sits in memory.
  app.addContentTypeParser(uploadTypes, (_request, payload, done) => done(null, payload));

  app.get(
    '/mailing-lists',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Mailing lists, newest first',
        querystring: MailingListQuery,
        response: { 200: pageOf(MailingList) },
      },
    },
    async (request) => listLists(db(), request.query),
  );
  app.post(
    '/mailing-lists',
    {
      config: { access: listEditors },
      schema: {
        tags,
        summary: 'Create a mailing list on an account, optionally for a job item',
        body: CreateMailingList,
        response: { 201: MailingList },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => createList({ db: tx, actor, input: request.body })));
    },
  );
  app.get(
    '/mailing-lists/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'One mailing list with its run in progress',
        params: IdParams,
        response: { 200: MailingList },
      },
    },
    async (request) => getList(db(), request.params.id),
  );
  app.patch(
    '/mailing-lists/:id',
    {
      config: { access: listEditors },
      schema: {
        tags,
        summary: 'Rename, attach to a job item, change class, shape, weight or drop date',
        params: IdParams,
        body: UpdateMailingList,
        response: { 200: MailingList },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) =>
        updateList({ db: tx, actor, id: request.params.id, input: request.body }),
      );
    },
  );

  app.post(
    '/mailing-lists/:id/uploads',
    {
      config: { access: listEditors },
      schema: {
        tags,
        summary: `Upload a CSV/XLSX file (the raw bytes as the body, at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB); answers a preview with a guessed mapping`,
        description:
          'Send the file as the body with Content-Type text/csv, application/octet-stream or the XLSX type, and its name in ?filename=.',
        params: IdParams,
        querystring: UploadQuery,
        response: { 201: ImportPreview },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!(request.body instanceof Readable))
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the file itself as the body, with Content-Type text/csv or application/octet-stream',
        );
      const preview = await uploadImport({
        db: db(),
        actor,
        filesDir: app.ctx.config.filesDir,
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
      config: { access: listEditors },
      schema: {
        tags,
        summary: 'Import an uploaded file with the chosen column mapping (in the background; all or nothing)',
        params: RunParams,
        body: StartImport,
        response: { 202: MailingList },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id, runId } = request.params;
      const list = await db().transaction((tx) =>
        startImport({
          db: tx,
          actor,
          queue: app.ctx.queue,
          listId: id,
          runId,
          mapping: request.body.mapping,
        }),
      );
      return reply.status(202).send(list);
    },
  );
  app.get(
    '/mailing-lists/:id/runs/:runId',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Progress of an import, standardisation or merge/purge',
        params: RunParams,
        response: { 200: MailingRun },
      },
    },
    async (request) => {
      const [run] = await db()
        .select()
        .from(mailingRuns)
        .where(and(eq(mailingRuns.id, request.params.runId), eq(mailingRuns.listId, request.params.id)));
      if (!run) throw notFound('Run');
      return presentRun(run);
    },
  );
  const RunStarted = z.object({ run: MailingRun, list: MailingList });
  app.post(
    '/mailing-lists/:id/standardize',
    {
      config: { access: listEditors },
      schema: {
        tags,
        summary: 'Standardise every address (USPS Pub 28, offline) and flag undeliverable ones',
        params: IdParams,
        response: { 202: RunStarted },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const started = await db().transaction((tx) =>
        startRun({ db: tx, actor, queue: app.ctx.queue, listId: request.params.id, kind: 'standardize' }),
      );
      return reply.status(202).send(started);
    },
  );
  app.post(
    '/mailing-lists/:id/dedupe',
    {
      config: { access: listEditors },
      schema: {
        tags,
        summary: 'Merge/purge: remove exact and fuzzy duplicates (individual or household level)',
        params: IdParams,
        body: StartDedupe,
        response: { 202: RunStarted },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const started = await db().transaction((tx) =>
        startRun({
          db: tx,
          actor,
          queue: app.ctx.queue,
          listId: request.params.id,
          kind: 'dedupe',
          options: { level: request.body.level },
        }),
      );
      return reply.status(202).send(started);
    },
  );
  app.get(
    '/mailing-lists/:id/dedupe',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'What merge/purge removed and kept (first 100 pairs; export format=duplicates for all)',
        params: IdParams,
        response: { 200: DedupeReport },
      },
    },
    async (request) => dedupeReport(db(), request.params.id),
  );
  app.get(
    '/mailing-lists/:id/records',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Records in file order with standardised address, flags and duplicate marks',
        params: IdParams,
        querystring: RecordQuery,
        response: { 200: pageOf(MailingRecord) },
      },
    },
    async (request) =>
      listRecords(db(), request.params.id, request.query.filter, request.query.limit, request.query.cursor),
  );
  app.get(
    '/mailing-lists/:id/presort',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Presort counts by 5- and 3-digit ZIP, tray estimate, minimum volume and postage',
        params: IdParams,
        querystring: PresortQuery,
        response: { 200: Presort },
      },
    },
    async (request) => {
      const list = await getList(db(), request.params.id);
      return presortList({
        db: db(),
        id: request.params.id,
        mailingDate: request.query.mailingDate ?? list.dropDate ?? today(),
      });
    },
  );
  app.post(
    '/mailing-lists/:id/imb',
    {
      config: { access: listEditors },
      schema: {
        tags,
        summary: "Assign IMb serials to every mailable piece from the shop's Mailer ID",
        params: IdParams,
        response: { 200: ImbAssignment },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => assignImb({ db: tx, actor, id: request.params.id }));
    },
  );
  app.get(
    '/mailing-lists/:id/export',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Cleaned list (csv, xlsx) with IMb, proof PDF, presort report PDF, or removed duplicates (csv)',
        params: IdParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { format, pieces } = request.query;
      let file: { filename: string; contentType: string; body: Buffer | Readable };
      if (format === 'csv') file = await exportCsv(db(), id);
      else if (format === 'xlsx') file = await exportXlsx(db(), id);
      else if (format === 'duplicates') file = await exportDuplicates(db(), id);
      else if (format === 'proof')
        file = { ...(await proofPdf(db(), id, pieces, shopName())), contentType: 'application/pdf' };
      else {
        const list = await getList(db(), id);
        const presort = await presortList({ db: db(), id, mailingDate: list.dropDate ?? today() });
        file = { ...(await presortReportPdf(list, presort, shopName())), contentType: 'application/pdf' };
      }
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
  app.post(
    '/mailing-lists/:id/apply-to-job',
    {
      config: { access: listEditors },
      schema: {
        tags,
        summary: "Put the piece count and drop date on the job item's mailing spec",
        params: IdParams,
        body: ApplyToJob,
        response: { 200: MailingList },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) =>
        applyToJob({ db: tx, actor, id: request.params.id, dropDate: request.body.dropDate }),
      );
    },
  );
  app.get(
    '/mailing-lists/:id/drops',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Mail drops of the list',
        params: IdParams,
        response: { 200: pageOf(MailDrop) },
      },
    },
    async (request) => ({ items: await listDrops(db(), request.params.id), nextCursor: null }),
  );
  app.post(
    '/mailing-lists/:id/drops',
    {
      config: { access: listEditors },
      schema: {
        tags,
        summary: 'Record a mail drop (date, post office, pieces, postage)',
        params: IdParams,
        body: MailDropInput,
        response: { 201: MailDrop },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(
          await db().transaction((tx) =>
            recordDrop({ db: tx, actor, id: request.params.id, input: request.body }),
          ),
        );
    },
  );

  app.get(
    '/postage-rates',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The postage rate table; with ?on=DATE the rates in effect that day',
        querystring: PostageRateQuery,
        response: { 200: pageOf(PostageRate) },
      },
    },
    async (request) => ({ items: await listRates(db(), request.query), nextCursor: null }),
  );
  app.post(
    '/postage-rates',
    {
      config: { access: rateEditors },
      schema: {
        tags,
        summary: 'Add a rate from an effective date',
        body: PostageRateInput,
        response: { 201: PostageRate },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => createRate({ db: tx, actor, input: request.body })));
    },
  );
  app.put(
    '/postage-rates/:id',
    {
      config: { access: rateEditors },
      schema: {
        tags,
        summary: 'Change a rate',
        params: IdParams,
        body: PostageRateInput,
        response: { 200: PostageRate },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) =>
        updateRate({ db: tx, actor, id: request.params.id, input: request.body }),
      );
    },
  );
  app.delete(
    '/postage-rates/:id',
    {
      config: { access: rateEditors },
      schema: { tags, summary: 'Remove a rate', params: IdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await db().transaction((tx) => deleteRate({ db: tx, actor, id: request.params.id }));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/mailing-settings',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "The shop's Mailer ID and IMb service types",
        response: { 200: MailingSettings },
      },
    },
    async () => getMailingSettings(db()),
  );
  app.put(
    '/mailing-settings',
    {
      config: { access: rateEditors },
      schema: {
        tags,
        summary: 'Set the Mailer ID (6 or 9 digits) and IMb service types',
        body: MailingSettingsInput,
        response: { 200: MailingSettings },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => updateMailingSettings({ db: tx, actor, input: request.body }));
    },
  );
};
