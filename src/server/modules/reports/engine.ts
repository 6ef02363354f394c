// The reports module is a read model: its catalogue queries join many modules' tables on purpose (a report
// is a view across jobs, accounts, purchasing, inbox…), so its reads of other modules' tables stay listed in
// the dependency baseline instead of going through each module's exported queries.
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { z } from 'zod';
import {
  periodLabels,
  type Cell,
  type ChartData,
  type Period,
  type Row,
  type RunResult,
} from '../../../shared/reports';
import type { Actor } from '../../platform/actor';
import { poolOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/service-context';
import { AppError, invalid, notFound } from '../../platform/errors';
import { accounts } from '../accounts/tables';
import { departments } from '../departments/tables';
import { users } from '../users/tables';
import { vendors } from '../purchasing/tables';
import { findReport } from './catalogue';
import { resolvePeriod, type ChartSpec, type ReportContext, type ReportDefinition } from './definition';

export const PAGE_SIZE = 1000;
/** Rows sent to the screen; exports always carry every row. */
export const SCREEN_ROWS = 5000;

/** A report ready to run: its definition, validated and resolved parameters, and their printable labels. */
export type PreparedReport = {
  def: ReportDefinition;
  params: Record<string, unknown>;
  labels: [string, string][];
  ctx: ReportContext;
};

/** Checks the actor may run the report and validates its parameters (relative periods resolved to dates). */
export async function prepareReport(opts: {
  db: Db;
  actor: Actor;
  /** Today and now as the report sees them (a scheduled delivery's clock stands at its due moment). */
  clock: Clock;
  /** The shop's zone, for the dates and times the report prints. */
  timeZone: string;
  reportId: string;
  parameters: Record<string, unknown>;
}): Promise<PreparedReport> {
  const def = findReport(opts.reportId);
  if (!def) throw notFound('The report');
  if (!def.roles.includes(opts.actor.role))
    throw new AppError('FORBIDDEN', 'This report is not open to your role');
  return prepareDefinition({ ...opts, def });
}

/**
 * Validates a report's parameters and resolves its period, once the caller has decided who may run it
 * (staff by role above; portal users in `portal-routes.ts`, with the account forced to their own).
 */
export async function prepareDefinition(opts: {
  db: Db;
  actor: Actor;
  clock: Clock;
  timeZone: string;
  def: ReportDefinition;
  parameters: Record<string, unknown>;
  costCentreIds?: string[];
}): Promise<PreparedReport> {
  const { def } = opts;
  const today = opts.clock.today();
  const parsed = def.params.safeParse(opts.parameters);
  if (!parsed.success) {
    throw invalid(
      'The report parameters are not valid',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const params: Record<string, unknown> = { ...parsed.data };
  if ('period' in def.params.shape) Object.assign(params, resolvePeriod(params, today));
  const ctx = {
    today,
    timeZone: opts.timeZone,
    actor: opts.actor,
    now: opts.clock.now(),
    ...(opts.costCentreIds ? { costCentreIds: opts.costCentreIds } : {}),
  };
  return { def, params, labels: await parameterLabels(opts.db, def, params), ctx };
}

type Meta = { title?: string; 'x-lookup'?: string; 'x-labels'?: Record<string, string> };

/** "Period: Last 30 days (2026-10-31 – 2026-11-29)", "Account: Lakeside College"… for exports and e-mails. */
async function parameterLabels(db: Db, def: ReportDefinition, params: Record<string, unknown>) {
  const out: [string, string][] = [];
  for (const [key, schema] of Object.entries(def.params.shape)) {
    if (key === 'from' || key === 'to') continue;
    const meta = (z.globalRegistry.get(schema as z.ZodType) ?? {}) as Meta;
    const value = params[key];
    const title = meta.title ?? key;
    if (key === 'period') {
      out.push([title, `${periodLabels[value as Period]} (${String(params.from)} – ${String(params.to)})`]);
    } else if (value === undefined || value === null || value === '') {
      out.push([title, 'All']);
    } else if (meta['x-lookup']) {
      out.push([title, await lookupName(db, meta['x-lookup'], String(value))]);
    } else if (typeof value === 'boolean') {
      out.push([title, value ? 'Yes' : 'No']);
    } else {
      out.push([title, meta['x-labels']?.[String(value)] ?? String(value)]);
    }
  }
  return out;
}

async function lookupName(db: Db, kind: string, id: string): Promise<string> {
  const table = { account: accounts, user: users, department: departments, vendor: vendors }[kind];
  if (!table) return id;
  const [row] = await db
    .select({ name: table.name })
    .from(table)
    .where(inArray(table.id, [id]));
  if (!row)
    throw invalid('The report parameters are not valid', [{ path: kind, message: `Unknown ${kind}` }]);
  return row.name;
}

/** A cell as its column types it: numbers as numbers, dates as 'YYYY-MM-DD', moments as ISO strings. */
function normalise(value: unknown, type: string): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
    case 'number':
    case 'money':
    case 'percent': {
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'datetime':
      return (value instanceof Date ? value : new Date(String(value))).toISOString();
    default:
      return String(value);
  }
}

function presentRow(def: ReportDefinition, raw: Record<string, unknown>): Row {
  const row: Row = {};
  for (const c of def.columns) {
    row[c.key] = normalise(raw[c.key], c.type);
    if (c.link) row[c.link.idKey] = raw[c.link.idKey] == null ? null : String(raw[c.link.idKey]);
  }
  return row;
}

/** Every row of the report, a page at a time (keyset on `_k`), so memory stays bounded however many rows. */
export async function* reportPages(db: Db, r: PreparedReport, pageSize = PAGE_SIZE): AsyncGenerator<Row[]> {
  const inner = r.def.query(r.params as never, r.ctx);
  const pool = poolOf(db);
  if (pool) {
    yield* cursorPages(db, pool, r, inner, pageSize);
    return;
  }
  // The embedded database has one connection: pages by key, so other work runs between pages.
  const desc = r.def.keyOrder === 'desc';
  let after: string | null = null;
  for (;;) {
    const where =
      after === null ? sql`true` : desc ? sql`q._k collate "C" < ${after}` : sql`q._k collate "C" > ${after}`;
    const order = desc ? sql`q._k collate "C" desc` : sql`q._k collate "C"`;
    const result = (await db.execute(
      sql`select * from (${inner}) q where ${where} order by ${order} limit ${pageSize}`,
    )) as unknown as { rows: Record<string, unknown>[] };
    const rows = result.rows;
    if (rows.length) yield rows.map((raw) => presentRow(r.def, raw));
    if (rows.length < pageSize) return;
    after = String(rows.at(-1)!._k);
  }
}

/**
 * On PostgreSQL, one execution of the query read through a cursor on its own connection: a big export costs
 * one query, not one per page (paging by key re-runs and re-sorts the whole query for every page).
 */
async function* cursorPages(
  db: Db,
  pool: pg.Pool,
  r: PreparedReport,
  inner: SQL,
  pageSize: number,
): AsyncGenerator<Row[]> {
  const order = r.def.keyOrder === 'desc' ? sql`q._k collate "C" desc` : sql`q._k collate "C"`;
  const query = (db as unknown as { dialect: PgDialect }).dialect.sqlToQuery(
    sql`select * from (${inner}) q order by ${order}`,
  );
  const client = await pool.connect();
  let open = false;
  try {
    await client.query('begin read only');
    open = true;
    await client.query(`declare report_rows no scroll cursor for ${query.sql}`, query.params);
    for (;;) {
      const { rows } = await client.query(`fetch forward ${pageSize} from report_rows`);
      if (rows.length) yield rows.map((raw) => presentRow(r.def, raw));
      if (rows.length < pageSize) break;
    }
  } finally {
    // Also when the consumer stopped early or failed: the transaction ends before the connection goes back.
    if (open) await client.query('rollback').catch(() => {});
    client.release();
  }
}

/** How many rows the report has (for an export's progress). */
export async function countRows(db: Db, r: PreparedReport): Promise<number> {
  const inner = r.def.query(r.params as never, r.ctx);
  const result = (await db.execute(sql`select count(*)::int as n from (${inner}) q`)) as unknown as {
    rows: { n: number }[];
  };
  return Number(result.rows[0]?.n ?? 0);
}

const MAX_SERIES = 10;

/** Totals and chart points, accumulated row by row as the report streams. */
export class Summary {
  rowCount = 0;
  private readonly sums = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private readonly points = new Map<string, Map<string, { sum: number; num: number; den: number }>>();
  private readonly seriesTotals = new Map<string, number>();

  constructor(private readonly def: ReportDefinition) {}

  private add(key: string, v: number, map = this.sums) {
    map.set(key, (map.get(key) ?? 0) + v);
  }

  push(row: Row) {
    this.rowCount += 1;
    for (const c of this.def.columns) {
      const v = row[c.key];
      if (typeof v === 'number') {
        this.add(c.key, v);
        this.add(c.key, 1, this.counts);
        if (c.weightBy) this.add(`${c.key}*w`, v * Number(row[c.weightBy] ?? 0));
      }
    }
    const spec = this.def.chart;
    if (spec) this.pushPoint(spec, row);
  }

  private pushPoint(spec: ChartSpec, row: Row) {
    const x = row[spec.x] == null ? '—' : String(row[spec.x]);
    const point = this.points.get(x) ?? new Map();
    this.points.set(x, point);
    const bump = (key: string, sum: number, num = 0, den = 0) => {
      const s = point.get(key) ?? { sum: 0, num: 0, den: 0 };
      point.set(key, { sum: s.sum + sum, num: s.num + num, den: s.den + den });
    };
    if (spec.pivot) {
      const key = row[spec.pivot.by] == null ? '—' : String(row[spec.pivot.by]);
      const v = Number(row[spec.pivot.value] ?? 0);
      bump(key, v);
      this.seriesTotals.set(key, (this.seriesTotals.get(key) ?? 0) + v);
    }
    for (const s of spec.series ?? []) {
      if (s.ratio) bump(s.key, 0, Number(row[s.ratio[0]] ?? 0), Number(row[s.ratio[1]] ?? 0));
      else bump(s.key, Number(row[s.key] ?? 0));
    }
  }

  totals(): Row | null {
    const cols = this.def.columns.filter((c) => c.total);
    if (!cols.length || !this.rowCount) return null;
    const out: Row = {};
    for (const c of cols) {
      const sum = this.sums.get(c.key) ?? 0;
      if (c.total === 'sum') out[c.key] = sum;
      if (c.total === 'avg') out[c.key] = this.counts.get(c.key) ? sum / this.counts.get(c.key)! : null;
      if (c.total === 'ratio' && c.ratioOf) {
        const den = this.sums.get(c.ratioOf[1]) ?? 0;
        out[c.key] = den ? (this.sums.get(c.ratioOf[0]) ?? 0) / den : null;
      }
      if (c.total === 'weighted' && c.weightBy) {
        const w = this.sums.get(c.weightBy) ?? 0;
        out[c.key] = w ? (this.sums.get(`${c.key}*w`) ?? 0) / w : null;
      }
    }
    return out;
  }

  chart(): ChartData | null {
    const spec = this.def.chart;
    if (!spec || !this.points.size) return null;
    let series = (spec.series ?? []).map((s) => ({ key: s.key, label: s.label }));
    let fold = new Set<string>();
    if (spec.pivot) {
      const ranked = [...this.seriesTotals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
      const kept = ranked.slice(0, MAX_SERIES - 1);
      fold = new Set(ranked.slice(MAX_SERIES - 1));
      series = [...kept.sort(), ...(fold.size ? ['Other'] : [])].map((k) => ({ key: k, label: k }));
    }
    const ratios = new Set((spec.series ?? []).filter((s) => s.ratio).map((s) => s.key));
    const points = [...this.points.entries()].map(([x, values]) => {
      const other = [...fold].reduce((sum, k) => sum + (values.get(k)?.sum ?? 0), 0);
      return {
        x,
        values: series.map((s) => {
          if (s.key === 'Other' && fold.size) return other;
          const v = values.get(s.key);
          if (!v) return spec.pivot ? 0 : null;
          if (ratios.has(s.key)) return v.den ? v.num / v.den : null;
          return v.sum;
        }),
      };
    });
    points.sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0));
    const drill = { xKey: spec.x, seriesKey: spec.pivot?.by ?? null };
    return { kind: spec.kind, title: spec.title, valueType: spec.valueType, series, points, drill };
  }
}

/** Runs a report for the screen: the first rows, totals and chart over all of them. */
export async function runReport(db: Db, r: PreparedReport, limit = SCREEN_ROWS): Promise<RunResult> {
  const summary = new Summary(r.def);
  const rows: Row[] = [];
  for await (const page of reportPages(db, r)) {
    for (const row of page) {
      summary.push(row);
      if (rows.length < limit) rows.push(row);
    }
  }
  return {
    report: { id: r.def.id, title: r.def.title, audience: r.def.audience },
    parameters: r.params,
    parameterLabels: r.labels,
    generatedAt: r.ctx.now.toISOString(),
    columns: publicColumns(r.def),
    rows,
    totals: summary.totals(),
    chart: summary.chart(),
    rowCount: summary.rowCount,
    truncated: summary.rowCount > rows.length,
  };
}

/** The columns as the API shows them (without the engine's total recipes). */
export const publicColumns = (def: ReportDefinition) =>
  def.columns
    .filter((c) => !c.hidden)
    .map(({ key, label, type, link, total }) => ({
      key,
      label,
      type,
      ...(link ? { link } : {}),
      ...(total ? { total } : {}),
    }));
