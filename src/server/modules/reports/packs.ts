import { z } from 'zod';
import type { Audience, ExportFormat, Period, RunResult } from '../../../shared/reports';
import type { Actor, StaffRole } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db';
import { fixedClock, type Clock } from '../../platform/service-context';
import { AppError, invalid, notFound } from '../../platform/errors';
import { letterheadOf } from '../shop';
import { findReport } from './catalogue';
import { accountParam, managers, periodParams, resolvePeriod } from './definition';
import { prepareReport, runReport, type PreparedReport } from './engine';
import { renderToFile, writeExportFile } from './exports';
import { reportSource } from './formats/index';
import { writeWorkbook } from './formats/spreadsheets';

/** Several reports run with the same parameters and sent together: one workbook, or one e-mail. */
export type ReportPack = {
  id: string;
  title: string;
  description: string;
  audience: Audience;
  roles: StaffRole[];
  params: z.ZodObject;
  members: string[];
};

export const clientPack: ReportPack = {
  id: 'client-pack',
  title: 'Client report pack',
  description:
    "One client's month in one workbook — portal orders, spend against budget, inventory, low stock, jobs completed and shipments, a sheet each — or, as PDF, Word or CSV, one file per report in one e-mail.",
  audience: 'client',
  roles: managers,
  params: z.object({ accountId: accountParam(), ...periodParams('last_full_month') }).strict(),
  members: [
    'client-orders',
    'client-budget-spend',
    'client-inventory',
    'client-low-stock',
    'client-jobs-completed',
    'client-shipments',
  ],
};

export const packs: ReportPack[] = [clientPack];
export const findPack = (id: string) => packs.find((p) => p.id === id) ?? null;

/**
 * The parameters one member of a pack runs with: the pack's own (its period and account, defaults applied, so
 * every member covers the same period) cut down to what the member takes. A member that looks at one budget
 * period (`asOf`) looks at the one holding the last day of the pack's period.
 */
export function memberParameters(
  reportId: string,
  packParameters: Record<string, unknown>,
  today: string,
): Record<string, unknown> {
  const def = findReport(reportId);
  if (!def) throw notFound('The report');
  const shape = def.params.shape;
  const own = Object.fromEntries(Object.entries(packParameters).filter(([k]) => k in shape));
  if ('asOf' in shape && own.asOf === undefined && 'period' in packParameters) {
    own.asOf = resolvePeriod(packParameters as { period?: Period; from?: string; to?: string }, today).to;
  }
  return own;
}

/** Validates a pack's parameters (defaults applied): the parameters each member is given a share of. */
function packParameters(pack: ReportPack, parameters: Record<string, unknown>) {
  const parsed = pack.params.safeParse(parameters);
  if (!parsed.success) {
    throw invalid(
      'The report parameters are not valid',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data as Record<string, unknown>;
}

/** Checks the actor and the parameters, then prepares every report of the pack with them. */
export async function preparePack(opts: {
  db: Db;
  actor: Actor;
  clock: Clock;
  timeZone: string;
  packId: string;
  parameters: Record<string, unknown>;
}): Promise<PreparedReport[]> {
  const pack = findPack(opts.packId);
  if (!pack) throw notFound('The report pack');
  if (!pack.roles.includes(opts.actor.role))
    throw new AppError('FORBIDDEN', 'This pack is not open to your role');
  const parameters = packParameters(pack, opts.parameters);
  const out = [];
  for (const reportId of pack.members) {
    out.push(
      await prepareReport({
        ...opts,
        reportId,
        parameters: memberParameters(reportId, parameters, opts.clock.today()),
      }),
    );
  }
  return out;
}

/**
 * Renders a pack into the export folder: XLSX as one workbook with a sheet per report, other formats as one
 * file per report. Each file is described as `renderToFile` describes its one.
 */
export async function renderPackFiles(opts: {
  ctx: AppContext;
  db: Db;
  actor: Actor;
  packId: string;
  format: ExportFormat;
  parameters: Record<string, unknown>;
  now: Date;
}) {
  const { ctx, db, actor, format, parameters, now } = opts;
  const timeZone = ctx.config.JOBJACKET_TIMEZONE;
  const clock = fixedClock(now, timeZone);
  const today = clock.today();
  const prepared = await preparePack({ db, actor, clock, timeZone, packId: opts.packId, parameters });
  const pack = findPack(opts.packId)!;
  if (format !== 'xlsx') {
    const own = packParameters(pack, parameters);
    const files = [];
    for (const p of prepared) {
      const member = memberParameters(p.def.id, own, today);
      files.push(await renderToFile({ ctx, db, actor, reportId: p.def.id, format, parameters: member, now }));
    }
    return files;
  }
  const letterhead = await letterheadOf(ctx, db);
  const sources = prepared.map((p) => reportSource(db, p, { letterhead }));
  const { key, size } = await writeExportFile(ctx, 'xlsx', (out) => writeWorkbook(sources, out));
  return [
    {
      key,
      size,
      rowCount: sources.reduce((sum, s) => sum + s.summary.rowCount, 0),
      filename: `${pack.id}-${today}.xlsx`,
      title: pack.title,
      labels: prepared[0]!.labels,
    },
  ];
}

/**
 * A pack run for the screen (`POST /reports/{pack}/run`): one row per member report with its row count over
 * the pack's period, so the run says what the workbook will hold. Its file is the workbook (`?format=xlsx`).
 */
export async function runPack(db: Db, packId: string, prepared: PreparedReport[]): Promise<RunResult> {
  const pack = findPack(packId)!;
  const rows = [];
  for (const p of prepared) {
    const result = await runReport(db, p, 0);
    rows.push({ report: p.def.title, reportId: p.def.id, rows: result.rowCount });
  }
  const first = prepared[0]!;
  return {
    report: { id: pack.id, title: pack.title, audience: pack.audience },
    parameters: first.params,
    parameterLabels: first.labels,
    generatedAt: first.ctx.now.toISOString(),
    columns: [
      { key: 'report', label: 'Report (a sheet of the workbook)', type: 'text' },
      { key: 'rows', label: 'Rows', type: 'integer', total: 'sum' },
    ],
    rows,
    totals: { rows: rows.reduce((sum, r) => sum + r.rows, 0) },
    chart: null,
    rowCount: rows.length,
    truncated: false,
  };
}
