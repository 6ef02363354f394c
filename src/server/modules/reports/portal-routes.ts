import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../../shared/common';
import {
  CatalogueEntry,
  ExportFormat,
  ExportQuery,
  RunBody,
  RunResult,
  type ReportColumn,
} from '../../../shared/reports';
import { clockOf } from '../../platform/http/transaction';
import type { Db } from '../../platform/db';
import { forbidden, notFound } from '../../platform/errors';
import { inPortalScope, portalActor, requirePortalUser, type PortalPrincipal } from '../portals';
import { letterheadOf } from '../shop';
import { catalogue, findReport } from './catalogue';
import type { ReportDefinition } from './definition';
import { prepareDefinition, publicColumns, runReport } from './engine';
import { fileName, reportSource, writeReport } from './formats/index';
import { queryParameters, streamReportFile } from './report-http';

const Slug = z.object({ slug: z.string().min(1).max(40) }).strict();
const SlugReport = z
  .object({ slug: z.string().min(1).max(40), id: z.string().regex(/^[a-z0-9-]{1,60}$/) })
  .strict();

/** Portal roles that see the client reports: the client's administrators and read-only viewers. */
const READERS = ['client_admin', 'viewer'];

/** The client reports: every report for clients, which all take the account as `accountId`. */
const clientReports = () => catalogue.filter((r) => r.audience === 'client' && 'accountId' in r.params.shape);

/**
 * Columns as a client sees them: no drill-through into the staff app, only links that leave it (carrier
 * tracking pages).
 */
const portalColumns = (def: ReportDefinition): ReportColumn[] =>
  publicColumns(def).map(({ link, ...c }) =>
    link && link.kind === 'url' && !link.idKey.endsWith('_path') ? { ...c, link } : c,
  );

/**
 * Client reports inside the portal, for client admins and viewers. The account is always the portal's own:
 * it is not a parameter the caller can send, and the report runs under the portal's row-level security too.
 */
export const portalReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  const tz = () => app.ctx.config.JOBJACKET_TIMEZONE;
  const mayRead = (who: PortalPrincipal) => {
    if (!READERS.includes(who.user.role))
      throw forbidden(`Reports are for the portal roles: ${READERS.join(', ')}`);
  };

  /**
   * One of our client reports for a portal user: unknown and staff-only reports answer 404 before the role
   * check, so a report id never leaks. `scope` runs work under the portal's row-level security; `prepare`
   * checks the parameters with the account forced to the portal's own, whatever the caller sent.
   */
  const portalReport = (who: PortalPrincipal, id: string) => {
    const def = findReport(id);
    if (!def || !clientReports().includes(def)) throw notFound('The report');
    mayRead(who);
    const accountId = who.portal.accountId;
    // Client admins see every cost centre; anyone else limited to some sees those (as on the budgets page).
    const costCentreIds =
      who.user.role !== 'client_admin' && who.user.costCentreIds.length ? who.user.costCentreIds : undefined;
    return {
      def,
      scope: <T>(work: (tx: Db) => Promise<T>) => inPortalScope(app.ctx.reportDb, accountId, work),
      prepare: (tx: Db, parameters: Record<string, unknown>) =>
        prepareDefinition({
          db: tx,
          actor: portalActor(who.user),
          def,
          parameters: { ...parameters, accountId },
          clock: clockOf(app),
          timeZone: tz(),
          ...(costCentreIds ? { costCentreIds } : {}),
        }),
    };
  };

  app.get(
    '/portal/:slug/reports',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Our reports (client admins and viewers), with their parameters as JSON Schema',
        params: Slug,
        response: { 200: pageOf(CatalogueEntry) },
      },
    },
    async (request) => {
      mayRead(requirePortalUser(request));
      const items = clientReports().map((r) => ({
        id: r.id,
        title: r.title,
        description: r.description,
        audience: r.audience,
        parameters: z.toJSONSchema(r.params.omit({ accountId: true }), {
          io: 'input',
          unrepresentable: 'any',
        }) as Record<string, unknown>,
        columns: portalColumns(r),
        hasChart: Boolean(r.chart),
      }));
      return { items, nextCursor: null };
    },
  );

  app.post(
    '/portal/:slug/reports/:id/run',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Run one of our reports for our account: rows (the first 5,000), totals and chart data',
        params: SlugReport,
        body: RunBody,
        response: { 200: RunResult },
      },
    },
    async (request) => {
      const { def, scope, prepare } = portalReport(requirePortalUser(request), request.params.id);
      const result = await scope(async (tx) => runReport(tx, await prepare(tx, request.body.parameters)));
      const columns = portalColumns(def);
      const keep = (row: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(row).filter(([k]) =>
            columns.some((c) => c.key === k || (c.link && c.link.idKey === k)),
          ),
        ) as RunResult['rows'][number];
      const { accountId: _account, ...parameters } = result.parameters;
      return {
        ...result,
        parameters,
        parameterLabels: result.parameterLabels.filter(([label]) => label !== 'Account'),
        columns,
        rows: result.rows.map(keep),
      };
    },
  );

  app.get(
    '/portal/:slug/reports/:id/export.:format',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary:
          'Download one of our reports for our account as XLSX, CSV (?bom=1 for Excel), PDF or Word, streamed',
        params: SlugReport.extend({ format: ExportFormat }),
        querystring: ExportQuery.catchall(z.string().max(200)),
        response: { 200: z.any().describe('The file') },
      },
    },
    async (request, reply) => {
      const { def, scope, prepare } = portalReport(requirePortalUser(request), request.params.id);
      const parameters = queryParameters(request.query as Record<string, string>);
      // Checked before the headers go, so bad parameters are a 400 rather than a cut-off file.
      const prepared = await scope((tx) => prepare(tx, parameters));
      const { format } = request.params;
      // The shop's letterhead is the shop's, not the client's: read outside the portal's scope.
      const letterhead = await letterheadOf(app.ctx, app.ctx.reportDb);
      return streamReportFile(request, reply, {
        format,
        filename: fileName(def.id, prepared.ctx.today, format),
        write: (out) =>
          scope((tx) =>
            writeReport(format, reportSource(tx, prepared, { letterhead }), out, {
              bom: request.query.bom === '1',
            }),
          ),
      });
    },
  );
};
