import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { and, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import type { CreateExport, ExportFormat, ReportExport } from '../../../shared/reports';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db';
import type { Queue } from '../../platform/queue';
import { fixedClock, type ServiceContext } from '../../platform/service-context';
import { AppError, failureMessage, notFound } from '../../platform/errors';
import { isTransientDatabaseError } from '../../platform/db/transient';
import { actorOf, getUser } from '../users';
import { letterheadOf } from '../shop';
import { countRows, prepareReport } from './engine';
import { contentTypes } from './formats/cells';
import { fileName, reportSource, writeReport } from './formats/index';
import { reportExports } from './tables';

export const REPORT_EXPORT_QUEUE = 'reports.export';
/** How long an export's file is kept (scheduled deliveries link to theirs from the e-mail). */
/** When a report file made now may be removed (JOBJACKET_REPORT_KEEP_DAYS, default 14). */
export const keptUntil = (ctx: AppContext, from: Date) =>
  new Date(from.getTime() + ctx.config.JOBJACKET_REPORT_KEEP_DAYS * 86_400_000);

type Row = typeof reportExports.$inferSelect;

/**
 * Report files live in their own folder of the file store (`report-exports/<uuid>.<format>`, on disk or in
 * the bucket); a row keeps only the file's name, as it always has.
 */
const storeKey = (key: string) => {
  if (!/^[0-9a-f-]{36}\.(xlsx|csv|pdf|docx)$/.test(key)) throw new Error(`Bad export key ${key}`);
  return `report-exports/${key}`;
};

export function presentExport(row: Row): ReportExport {
  return {
    id: row.id,
    reportId: row.reportId,
    format: row.format,
    status: row.status,
    progress: row.progress,
    rowsWritten: row.rowsWritten,
    totalRows: row.totalRows,
    filename: row.filename,
    size: row.size,
    error: row.error,
    downloadUrl: row.status === 'done' && row.storageKey ? `/api/v1/report-exports/${row.id}/file` : null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Queues an export: the parameters are checked now, the file is written by a queue worker with progress. */
export async function createExport(
  opts: ServiceContext & {
    queue: Queue;
    timeZone: string;
    input: CreateExport & { bom: boolean; parameters: Record<string, unknown> };
  },
): Promise<ReportExport> {
  const { db, actor, input } = opts;
  const prepared = await prepareReport({
    db,
    actor,
    clock: opts.clock,
    timeZone: opts.timeZone,
    reportId: input.reportId,
    parameters: input.parameters,
  });
  const [row] = await db
    .insert(reportExports)
    .values({
      reportId: prepared.def.id,
      format: input.format,
      parameters: input.parameters,
      bom: input.bom,
      requestedBy: actor.id,
    })
    .returning();
  await recordAudit(db, actor, {
    action: 'report.export',
    entityType: 'report_export',
    entityId: row!.id,
    summary: `Export of "${prepared.def.title}" as ${input.format.toUpperCase()} requested`,
    after: { reportId: row!.reportId, format: row!.format, parameters: row!.parameters },
  });
  await opts.queue.send(db, REPORT_EXPORT_QUEUE, { id: row!.id });
  return presentExport(row!);
}

/** Streams a file into the store's export folder under a new key; nothing is visible there until it is complete. */
export async function writeExportFile(
  ctx: AppContext,
  format: ExportFormat,
  write: (out: Writable) => Promise<void>,
): Promise<{ key: string; size: number }> {
  const key = `${randomUUID()}.${format}`;
  const { size } = await ctx.files.write(storeKey(key), write);
  return { key, size };
}

/** An export file's bytes (to attach to an e-mail; the caller has checked its size). */
export const readExportFile = (ctx: AppContext, key: string) => ctx.files.get(storeKey(key));

/**
 * Renders a report to a file in the export folder, streaming (keyset pages in, rows out) so memory stays
 * bounded; `onProgress` sees the rows written so far. Returns the stored key, size and row count.
 */
export async function renderToFile(opts: {
  ctx: AppContext;
  /** Where the rows are read: the report database (the replica when there is one) unless another is given. */
  db?: Db;
  actor: Actor;
  reportId: string;
  format: ExportFormat;
  parameters: Record<string, unknown>;
  bom?: boolean;
  now?: Date;
  onStart?: (totalRows: number) => Promise<void>;
  onProgress?: (rowsWritten: number) => Promise<void>;
}) {
  const { ctx } = opts;
  const db = opts.db ?? ctx.reportDb;
  const now = opts.now ?? new Date();
  const timeZone = ctx.config.JOBJACKET_TIMEZONE;
  const clock = fixedClock(now, timeZone);
  const today = clock.today();
  const prepared = await prepareReport({
    db,
    actor: opts.actor,
    clock,
    timeZone,
    reportId: opts.reportId,
    parameters: opts.parameters,
  });
  if (opts.onStart) await opts.onStart(await countRows(db, prepared));
  let pending: Promise<void> = Promise.resolve();
  const source = reportSource(db, prepared, {
    letterhead: await letterheadOf(ctx, db),
    // Progress writes are chained so they land in order and never overlap the report's own queries.
    onProgress: (n) => {
      pending = pending.then(() => opts.onProgress?.(n));
    },
  });
  const { key, size } = await writeExportFile(ctx, opts.format, async (out) => {
    await writeReport(opts.format, source, out, { bom: opts.bom });
    await pending;
  });
  return {
    key,
    size,
    rowCount: source.summary.rowCount,
    filename: fileName(prepared.def.id, today, opts.format),
    title: prepared.def.title,
    labels: prepared.labels,
  };
}

/** The queue worker's half of an export. A retried job whose export is already done does nothing. */
export async function processExport(ctx: AppContext, id: string): Promise<void> {
  const [row] = await ctx.db.select().from(reportExports).where(eq(reportExports.id, id));
  if (!row || row.status === 'done' || row.status === 'failed') return;
  const set = (values: Partial<Row>) =>
    ctx.db
      .update(reportExports)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(reportExports.id, id));
  await set({ status: 'running', progress: 0, rowsWritten: 0 });
  try {
    if (!row.requestedBy) throw new AppError('FORBIDDEN', 'The export has no requester');
    const user = await getUser({ db: ctx.db, id: row.requestedBy });
    let total = 0;
    const file = await renderToFile({
      ctx,
      actor: actorOf(user, 'system'),
      reportId: row.reportId,
      format: row.format,
      parameters: row.parameters,
      bom: row.bom,
      onStart: async (n) => {
        total = n;
        await set({ totalRows: n });
      },
      onProgress: async (n) => {
        await set({ rowsWritten: n, progress: total ? Math.min(0.99, n / total) : 0 });
      },
    });
    await set({
      status: 'done',
      progress: 1,
      rowsWritten: file.rowCount,
      storageKey: file.key,
      size: file.size,
      filename: file.filename,
      finishedAt: new Date(),
      expiresAt: keptUntil(ctx, new Date()),
    });
  } catch (err) {
    if (isTransientDatabaseError(err)) {
      // The database blinked: back to the queue, and the job fails so pg-boss retries it with back-off.
      await set({ status: 'queued' }).catch(() => {});
      throw err;
    }
    await set({ status: 'failed', error: failureMessage(err, 'report file'), finishedAt: new Date() });
  }
}

/** An export, to whoever requested it (and to admins and managers); others are told it does not exist. */
export async function getExport(opts: { db: Db; actor: Actor; id: string }): Promise<Row> {
  const { db, actor, id } = opts;
  const [row] = await db.select().from(reportExports).where(eq(reportExports.id, id));
  const mine = row && (row.requestedBy === actor.id || ['admin', 'manager'].includes(actor.role));
  if (!row || !mine) throw notFound('The export');
  return row;
}

/** The export's file as a stream, with its name and content type. */
export async function openExportFile(ctx: AppContext, row: Row) {
  if (row.status !== 'done' || !row.storageKey) throw new AppError('CONFLICT', 'The export is not ready yet');
  const stream = await ctx.files.open(storeKey(row.storageKey)).catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'NOT_FOUND'
      ? notFound(`The file (kept ${ctx.config.JOBJACKET_REPORT_KEEP_DAYS} days)`)
      : err;
  });
  return {
    stream,
    filename: row.filename ?? `${row.reportId}.${row.format}`,
    contentType: contentTypes[row.format],
  };
}

/** Deletes the files of exports past their keeping time. */
export async function removeExpiredExports(ctx: AppContext, now = new Date()) {
  const expired = await ctx.db
    .select({ id: reportExports.id, key: reportExports.storageKey })
    .from(reportExports)
    .where(and(lt(reportExports.expiresAt, now), isNotNull(reportExports.storageKey)));
  for (const e of expired) {
    // A store that is down (a bucket unreachable) keeps the row's key: the next tick tries again, and the
    // schedules of this tick are not held up by it.
    const removed = await ctx.files.remove(storeKey(e.key!)).then(
      () => true,
      () => false,
    );
    if (!removed) continue;
    await ctx.db
      .update(reportExports)
      .set({ storageKey: null, updatedAt: new Date() })
      .where(eq(reportExports.id, e.id));
  }
}

/** After a restore the queue is empty: exports that were queued or running are failed, to be asked again. */
export async function failInterruptedExports(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(reportExports)
    .set({
      status: 'failed',
      error: 'Interrupted: the shop was restored from a backup while this was made; ask for it again',
      finishedAt: now,
      updatedAt: now,
    })
    .where(inArray(reportExports.status, ['queued', 'running']))
    .returning({ id: reportExports.id });
  return rows.length;
}
