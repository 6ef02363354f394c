import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contentDisposition } from '../../platform/http/content-disposition';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  CatalogueEntry,
  CreateExport,
  CreateSchedule,
  Delivery,
  ExportFormat,
  ExportQuery,
  ReportExport,
  ReportParams,
  RunBody,
  RunQuery,
  RunResult,
  Schedule,
  ScheduleListQuery,
  UpdateSchedule,
} from '../../../shared/reports';
import { invalid } from '../../platform/errors';
import { requireActor } from '../../platform/http/access';
import { serviceContext } from '../../platform/http/transaction';
import { letterheadOf } from '../shop';
import { catalogue } from './catalogue';
import { findPack, packs, preparePack, runPack } from './packs';
import { writeWorkbook } from './formats/spreadsheets';
import { runScheduleNow } from './deliver';
import { prepareReport, publicColumns, runReport, type PreparedReport } from './engine';
import { createExport, getExport, openExportFile, presentExport } from './exports';
import { openLinkedFile } from './file-links';
import { fileName, reportSource, writeReport } from './formats/index';
import { queryParameters, streamReportFile } from './report-http';
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listDeliveries,
  listSchedules,
  updateSchedule,
} from './schedules';

/** The report catalogue, running reports, exports (direct or queued with progress) and e-mailed schedules. */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['reports'];
  const tz = () => app.ctx.config.JOBJACKET_TIMEZONE;

  app.get(
    '/reports',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The reports you may run, with their parameters as JSON Schema',
        response: { 200: pageOf(CatalogueEntry) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const items = catalogue
        .filter((r) => r.roles.includes(actor.role))
        .map((r) => ({
          id: r.id,
          title: r.title,
          description: r.description,
          audience: r.audience,
          parameters: z.toJSONSchema(r.params, { io: 'input', unrepresentable: 'any' }) as Record<
            string,
            unknown
          >,
          columns: publicColumns(r),
          hasChart: Boolean(r.chart),
        }));
      const packEntries = packs
        .filter((p) => p.roles.includes(actor.role))
        .map((p) => ({
          id: p.id,
          title: p.title,
          description: p.description,
          audience: p.audience,
          parameters: z.toJSONSchema(p.params, { io: 'input', unrepresentable: 'any' }) as Record<
            string,
            unknown
          >,
          columns: [],
          hasChart: false,
          members: p.members,
        }));
      return { items: [...items, ...packEntries], nextCursor: null };
    },
  );

  /** Streams the report as a file: pages of rows in, bytes out, whatever the size. */
  const sendFile = (
    request: FastifyRequest,
    reply: FastifyReply,
    prepared: PreparedReport,
    format: ExportFormat,
    bom: boolean,
  ) =>
    streamReportFile(request, reply, {
      format,
      filename: fileName(prepared.def.id, prepared.ctx.today, format),
      write: async (out) =>
        writeReport(
          format,
          reportSource(app.ctx.reportDb, prepared, {
            letterhead: await letterheadOf(app.ctx, app.ctx.reportDb),
          }),
          out,
          { bom },
        ),
    });

  /** Streams a report pack as one workbook with a sheet per member report. */
  const sendPack = async (
    request: FastifyRequest,
    reply: FastifyReply,
    packId: string,
    parameters: Record<string, unknown>,
  ) => {
    const ctx = serviceContext(request);
    const today = ctx.clock.today();
    const prepared = await preparePack({ ...ctx, timeZone: tz(), packId, parameters });
    const letterhead = await letterheadOf(app.ctx, app.ctx.reportDb);
    return streamReportFile(request, reply, {
      format: 'xlsx',
      filename: `${packId}-${today}.xlsx`,
      write: (out) =>
        writeWorkbook(
          prepared.map((p) => reportSource(app.ctx.reportDb, p, { letterhead })),
          out,
        ),
    });
  };

  /** A pack (listed in the catalogue beside the reports) answers as one workbook; other formats are per report. */
  const packFormatOnly = (format: string) => {
    if (format !== 'xlsx' && format !== 'json') {
      throw invalid(
        'A report pack downloads as one workbook (xlsx); schedule it for PDF, Word or CSV per report',
        [{ path: 'format', message: 'Use xlsx' }],
      );
    }
  };

  app.post(
    '/reports/:id/run',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Run a report: rows (the first 5,000), columns, totals and chart data — or the file with ?format=',
        params: ReportParams,
        querystring: RunQuery,
        body: RunBody,
        response: { 200: RunResult },
      },
    },
    async (request, reply) => {
      const { format, bom } = request.query;
      if (findPack(request.params.id)) {
        packFormatOnly(format);
        if (format === 'xlsx') return sendPack(request, reply, request.params.id, request.body.parameters);
        const ctx = serviceContext(request);
        const prepared = await preparePack({
          ...ctx,
          timeZone: tz(),
          packId: request.params.id,
          parameters: request.body.parameters,
        });
        return runPack(app.ctx.reportDb, request.params.id, prepared);
      }
      const prepared = await prepareReport({
        ...serviceContext(request),
        timeZone: tz(),
        reportId: request.params.id,
        parameters: request.body.parameters,
      });
      if (format !== 'json') return sendFile(request, reply, prepared, format, bom === '1');
      return runReport(app.ctx.reportDb, prepared);
    },
  );

  app.get(
    '/reports/:id/export.:format',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Download a report as XLSX, CSV (?bom=1 for Excel), PDF or Word, streamed',
        params: ReportParams.extend({ format: ExportFormat }),
        querystring: ExportQuery.catchall(z.string().max(200)),
        response: { 200: z.any().describe('The file') },
      },
    },
    async (request, reply) => {
      const parameters = queryParameters(request.query as Record<string, string>);
      if (findPack(request.params.id)) {
        packFormatOnly(request.params.format);
        return sendPack(request, reply, request.params.id, parameters);
      }
      const prepared = await prepareReport({
        ...serviceContext(request),
        timeZone: tz(),
        reportId: request.params.id,
        parameters,
      });
      return sendFile(request, reply, prepared, request.params.format, request.query.bom === '1');
    },
  );

  app.get(
    '/report-packs/:id/export.xlsx',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Download a report pack as one workbook with a sheet per report, streamed',
        params: ReportParams,
        querystring: ExportQuery.catchall(z.string().max(200)),
        response: { 200: z.any().describe('The XLSX file') },
      },
    },
    async (request, reply) =>
      sendPack(request, reply, request.params.id, queryParameters(request.query as Record<string, string>)),
  );

  app.post(
    '/report-exports',
    {
      config: { access: 'staff', transaction: true },
      schema: {
        tags,
        summary: 'Start an export in the background (for big reports); poll it for progress',
        body: CreateExport,
        response: { 202: ReportExport },
      },
    },
    async (request, reply) => {
      reply.status(202);
      return createExport({
        ...serviceContext(request),
        queue: app.ctx.queue,
        timeZone: tz(),
        input: request.body,
      });
    },
  );

  app.get(
    '/report-exports/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "An export's progress and, when done, its download link",
        params: IdParams,
        response: { 200: ReportExport },
      },
    },
    async (request) =>
      presentExport(await getExport({ db: request.db, actor: requireActor(request), id: request.params.id })),
  );

  app.get(
    '/report-exports/:id/file',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "An export's file",
        params: IdParams,
        response: { 200: z.any().describe('The file') },
      },
    },
    async (request, reply) => {
      const row = await getExport({ db: request.db, actor: requireActor(request), id: request.params.id });
      const file = await openExportFile(app.ctx, row);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );

  app.get(
    '/report-files/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'A report file from a scheduled e-mail, by the link in it (no sign-in; kept as long as the file)',
        params: z.object({ token: z.string().regex(/^jjr_[\w-]{43}$/, 'Not a report file link') }).strict(),
        response: { 200: z.any().describe('The file') },
      },
    },
    async (request, reply) => {
      const file = await openLinkedFile({
        ctx: app.ctx,
        db: request.db,
        token: request.params.token,
        now: new Date(),
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(file.stream);
    },
  );

  // Schedules ------------------------------------------------------------------------------------------

  const access = 'staff' as const;
  app.get(
    '/report-schedules',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Report schedules (yours; all of them for admins and managers)',
        querystring: ScheduleListQuery,
        response: { 200: pageOf(Schedule) },
      },
    },
    async (request) => listSchedules({ db: app.ctx.db, actor: requireActor(request), query: request.query }),
  );

  app.post(
    '/report-schedules',
    {
      config: { access, transaction: true },
      schema: {
        tags,
        summary: 'E-mail a report daily, weekly or monthly',
        body: CreateSchedule,
        response: { 201: Schedule },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createSchedule({ ...serviceContext(request), timeZone: tz(), input: request.body });
    },
  );

  app.get(
    '/report-schedules/:id',
    {
      config: { access },
      schema: { tags, summary: 'One schedule', params: IdParams, response: { 200: Schedule } },
    },
    async (request) => getSchedule({ db: app.ctx.db, actor: requireActor(request), id: request.params.id }),
  );

  app.patch(
    '/report-schedules/:id',
    {
      config: { access, transaction: true },
      schema: {
        tags,
        summary: 'Change a schedule',
        params: IdParams,
        body: UpdateSchedule,
        response: { 200: Schedule },
      },
    },
    async (request) =>
      updateSchedule({
        ...serviceContext(request),
        timeZone: tz(),
        id: request.params.id,
        input: request.body,
      }),
  );

  app.delete(
    '/report-schedules/:id',
    {
      config: { access, transaction: true },
      schema: { tags, summary: 'Delete a schedule', params: IdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteSchedule({ ...serviceContext(request), id: request.params.id });
      reply.status(204);
      return null;
    },
  );

  app.get(
    '/report-schedules/:id/deliveries',
    {
      config: { access },
      schema: {
        tags,
        summary: "A schedule's delivery history, newest first",
        params: IdParams,
        response: { 200: pageOf(Delivery) },
      },
    },
    async (request) =>
      listDeliveries({ db: app.ctx.db, actor: requireActor(request), id: request.params.id }),
  );

  app.post(
    '/report-schedules/:id/run',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Deliver the schedule now (its timetable is not moved)',
        params: IdParams,
        response: { 202: z.object({ ok: z.boolean() }) },
      },
    },
    // Not in one transaction: the delivery claims its slot and renders in a transaction of its own.
    async (request, reply) => {
      const actor = requireActor(request);
      await getSchedule({ db: app.ctx.db, actor, id: request.params.id });
      await runScheduleNow(app.ctx, request.params.id);
      return reply.status(202).send({ ok: true });
    },
  );
};
