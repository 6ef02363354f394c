import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { isTransientDatabaseError } from '../../platform/db/transient';
import type { DedupeLevel, DedupeSummary, MailingMapping } from '../../../shared/mailing';
import { systemActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { failureMessage, invalid } from '../../platform/errors';
import type { FileStore } from '../../platform/files';
import type { Queue } from '../../platform/queue';
import { acquireStandardisePool } from './standardise-pool';
import { rawOf, STANDARDISER_VERSION, standardiseRecord, storedMatches } from './standardise-record';
import { headerNames, raggedRowError, RUN_QUEUE } from './import/upload';
import { recordMapper, type MappedRecord } from './import/mapping';
import { readSource, type SourceKind } from './import/source';
import { RejectsWriter } from './import/rejects';
import { fetchUpload, removeUpload, scratchFolder, storeRejects } from './import/stored-upload';
import {
  analyzeRecords,
  clearDuplicates,
  clearMarksAndSerials,
  readStandardisedSample,
  countRecords,
  deleteImportRecords,
  insertRecords,
  markDuplicates,
  readRawBatch,
  writeStandardised,
} from './records-repo';
import { mailingLists, mailingRuns } from './tables';

const INSERT_BATCH = 10_000;
const INSERTS_IN_FLIGHT = 2;
const STANDARDISE_BATCH = 10_000;

type RunRow = typeof mailingRuns.$inferSelect;
/**
 * What a run needs: the database, the file store its upload waits in, and how many days an import's rejected rows
 * are kept (JOBJACKET_REJECTS_KEEP_DAYS; 30 when not said).
 */
export type RunDeps = { db: Db; files: FileStore; rejectsKeepDays?: number };

async function progress(db: Db, runId: string, percent: number, rowsDone: number) {
  await db
    .update(mailingRuns)
    .set({ percent: Math.max(0, Math.min(99, Math.floor(percent))), rowsDone, updatedAt: new Date() })
    .where(eq(mailingRuns.id, runId));
}

async function finish(db: Db, run: RunRow, rowsDone: number) {
  await db
    .update(mailingRuns)
    .set({
      status: 'done',
      percent: 100,
      rowsDone,
      finishedAt: new Date(),
      updatedAt: new Date(),
      error: null,
    })
    .where(eq(mailingRuns.id, run.id));
}

/**
 * Reads the uploaded file row by row, writes the rows in batches under the run's id (invisible to the
 * list), then points the list at them in one short transaction. A failure — or a killed process whose
 * job pg-boss retries — starts from a clean slate: the staged rows of this run are deleted first. The
 * upload is read from a local copy of the stored file; the rejected rows are stored when it succeeds.
 */
async function runImport(deps: RunDeps, run: RunRow): Promise<void> {
  const scratch = await scratchFolder();
  try {
    const file = await fetchUpload(deps.files, run.uploadPath!, scratch.dir);
    await importFrom(deps, run, file, scratch.dir);
  } finally {
    await scratch.remove();
  }
  await removeUpload(deps.files, run.uploadPath);
}

async function importFrom(
  { db, files, rejectsKeepDays = 30 }: RunDeps,
  run: RunRow,
  file: string,
  scratchDir: string,
) {
  await deleteImportRecords(db, run.id);
  const mapping = run.mapping as MailingMapping;
  const expected = (run.options?.columns as string[]) ?? [];
  const kind = (run.options?.sourceKind as SourceKind) ?? 'csv';
  const counter = { bytesRead: 0, totalBytes: run.bytes ?? 0 };
  let mapper: ((seq: number, cells: string[]) => MappedRecord) | null = null;
  let batch: MappedRecord[] = [];
  let rows = 0;
  // Rows are standardised on the worker threads as they are imported, and written with their
  // standardisation in one insert. While the workers and the database work on earlier batches, the
  // next is parsed; two inserts run at once (the database gets a second core when it has one). Every
  // insert is awaited before an error leaves here, so the clean-up after a failure cannot race one.
  const skipBadRows = run.options?.badRows === 'skip';
  const rejectsFile = path.join(scratchDir, 'rejects.csv');
  const rejects = new RejectsWriter(rejectsFile, expected);
  const pool = acquireStandardisePool();
  const inFlight: Promise<void>[] = [];
  let reported = 0;
  const flush = async () => {
    const full = batch;
    const rowsNow = rows;
    batch = [];
    const insert = pool
      .standardise(full.map(rawOf))
      .then((std) => insertRecords(db, run.id, full, std))
      .then(async () => {
        if (rowsNow <= reported) return;
        reported = rowsNow;
        const percent = counter.totalBytes ? (100 * counter.bytesRead) / counter.totalBytes : 0;
        await progress(db, run.id, percent, rowsNow);
      });
    insert.catch(() => {});
    inFlight.push(insert);
    if (inFlight.length >= INSERTS_IN_FLIGHT) await inFlight.shift();
  };
  try {
    for await (const { row, cells } of readSource(
      { path: file, kind, encoding: run.encoding ?? 'utf-8' },
      counter,
    )) {
      if (!mapper) {
        const header = headerNames(cells);
        if (header.join('\u0000') !== expected.join('\u0000'))
          throw invalid('The uploaded file changed since its preview; upload it again');
        mapper = recordMapper(header, mapping);
        continue;
      }
      const ragged = kind === 'csv' ? raggedRowError(row, cells, expected.length) : null;
      if (ragged && !skipBadRows) throw invalid(ragged);
      if (ragged) {
        await rejects.add(row, ragged, cells);
        continue;
      }
      batch.push(mapper(row, cells));
      rows += 1;
      if (batch.length >= INSERT_BATCH) await flush();
    }
    if (batch.length) await flush();
    while (inFlight.length) await inFlight.shift();
    await rejects.close();
  } catch (err) {
    await rejects.discard();
    throw err;
  } finally {
    await Promise.allSettled(inFlight);
    pool.release();
  }
  if (!rows) {
    await rejects.discard();
    throw invalid(
      rejects.count
        ? 'Every row of the file is malformed; nothing was imported'
        : 'The file has no data rows',
    );
  }
  if (rejects.count) await storeRejects(files, rejectsFile, run.id);

  const old = await db.transaction(async (tx) => {
    const [list] = await tx.select().from(mailingLists).where(eq(mailingLists.id, run.listId)).for('update');
    await tx
      .update(mailingLists)
      .set({
        currentImportId: run.id,
        recordCount: rows,
        sourceFilename: run.filename,
        customFields: mapping.custom,
        standardizedAt: null,
        flaggedCount: null,
        mailableCount: null,
        dedupe: null,
        imbAssignedAt: null,
        updatedAt: new Date(),
      })
      .where(eq(mailingLists.id, run.listId));
    await finish(tx, run, rows);
    // Names the standardisation the rows were written with (see ensureStandardised).
    await tx
      .update(mailingRuns)
      .set({
        options: { ...run.options, standardisedBy: STANDARDISER_VERSION, rejected: rejects.count },
        rejectsKeptUntil: rejects.count ? new Date(Date.now() + rejectsKeepDays * 86_400_000) : null,
      })
      .where(eq(mailingRuns.id, run.id));
    await recordAudit(tx, systemActor, {
      action: 'mailing_list.imported',
      entityType: 'mailing_list',
      entityId: run.listId,
      accountId: list!.accountId,
      summary: `Imported ${rows} records from ${run.filename} into mailing list "${list!.name}"${rejects.count ? `; ${rejects.count} malformed rows left out (their CSV can be downloaded for ${rejectsKeepDays} days)` : ''}`,
    });
    return list!.currentImportId;
  });
  if (old) await deleteImportRecords(db, old);
  await analyzeRecords(db);
}

/**
 * Standardises every record in keyset batches, as a pipeline: while the workers standardise batch n,
 * batch n + 1 is being read and batch n − 1 written, so the database and the CPU work at the same time.
 */
async function standardiseAll(db: Db, runId: string, importId: string, total: number, share: number) {
  const pool = acquireStandardisePool();
  // Settled promises are awaited later; a no-op catch keeps a failure from being "unhandled" meanwhile.
  const later = <T>(p: Promise<T>) => (p.catch(() => {}), p);
  let done = 0;
  let writing: Promise<void> = Promise.resolve();
  try {
    let reading = later(readRawBatch(db, importId, 0, STANDARDISE_BATCH));
    for (;;) {
      const batch = await reading;
      if (!batch.length) break;
      reading = later(readRawBatch(db, importId, batch.at(-1)!.seq, STANDARDISE_BATCH));
      const rows = await pool.standardise(batch);
      await writing;
      done += batch.length;
      const doneNow = done;
      writing = later(
        writeStandardised(db, importId, rows).then(() =>
          progress(db, runId, (share * doneNow) / Math.max(total, 1), doneNow),
        ),
      );
    }
    await writing;
  } finally {
    await writing.catch(() => {});
    pool.release();
  }
  return done;
}

/** How many stored records are compared with a fresh standardisation before the stored ones are trusted. */
const SAMPLE = 1000;

/**
 * Whether the import's rows were standardised as they were imported, by the standardisation that runs
 * now: the import names it, and a sample of rows gives the same results again.
 */
async function importStandardised(db: Db, importId: string): Promise<boolean> {
  const [imported] = await db
    .select({ options: mailingRuns.options })
    .from(mailingRuns)
    .where(eq(mailingRuns.id, importId));
  if (imported?.options?.standardisedBy !== STANDARDISER_VERSION) return false;
  const sample = await readStandardisedSample(db, importId, SAMPLE);
  return sample.every((r) => storedMatches(r, standardiseRecord(r)));
}

/**
 * Brings every record of the import to its standardised state with no duplicate marks and no serials:
 * rows standardised at import only lose their marks; older imports are standardised record by record.
 */
async function ensureStandardised(
  db: Db,
  runId: string,
  importId: string,
  total: number,
  share: number,
): Promise<number> {
  if (await importStandardised(db, importId)) {
    await clearMarksAndSerials(db, importId);
    await progress(db, runId, share, total);
    return total;
  }
  return standardiseAll(db, runId, importId, total, share);
}

async function runStandardise(db: Db, run: RunRow): Promise<void> {
  const [list] = await db.select().from(mailingLists).where(eq(mailingLists.id, run.listId));
  if (!list?.currentImportId) throw invalid('The list has no records yet');
  const done = await ensureStandardised(db, run.id, list.currentImportId, list.recordCount, 100);
  const counts = await countRecords(db, list.currentImportId);
  await db.transaction(async (tx) => {
    await tx
      .update(mailingLists)
      .set({
        standardizedAt: new Date(),
        flaggedCount: counts.flagged,
        mailableCount: counts.mailable,
        dedupe: null,
        imbAssignedAt: null,
        updatedAt: new Date(),
      })
      .where(eq(mailingLists.id, run.listId));
    await finish(tx, run, done);
    await recordAudit(tx, systemActor, {
      action: 'mailing_list.standardized',
      entityType: 'mailing_list',
      entityId: run.listId,
      accountId: list.accountId,
      summary: `Standardised ${done} records of "${list.name}": ${counts.flagged} flagged, ${counts.mailable} mailable`,
    });
  });
}

/** Merge/purge: exact duplicates first, then the fuzzy individual (and household) matches among the rest. */
async function runDedupe(db: Db, run: RunRow): Promise<void> {
  const [list] = await db.select().from(mailingLists).where(eq(mailingLists.id, run.listId));
  if (!list?.currentImportId) throw invalid('The list has no records yet');
  const importId = list.currentImportId;
  const level = ((run.options?.level as DedupeLevel) ?? 'individual') satisfies DedupeLevel;
  let standardised = false;
  if (!list.standardizedAt) {
    await ensureStandardised(db, run.id, importId, list.recordCount, 70);
    standardised = true;
  }
  await clearDuplicates(db, importId);
  await progress(db, run.id, 75, list.recordCount);
  const { exact, individual, household } = await markDuplicates(db, importId, level);
  await progress(db, run.id, 95, list.recordCount);
  const counts = await countRecords(db, importId);
  const summary: DedupeSummary = {
    level,
    examined: counts.examined,
    removed: { exact, individual, household },
    kept: counts.kept,
  };
  await db.transaction(async (tx) => {
    await tx
      .update(mailingLists)
      .set({
        ...(standardised ? { standardizedAt: new Date(), flaggedCount: counts.flagged } : {}),
        dedupe: summary,
        mailableCount: counts.mailable,
        imbAssignedAt: null,
        updatedAt: new Date(),
      })
      .where(eq(mailingLists.id, run.listId));
    await finish(tx, run, list.recordCount);
    await recordAudit(tx, systemActor, {
      action: 'mailing_list.deduped',
      entityType: 'mailing_list',
      entityId: run.listId,
      accountId: list.accountId,
      summary:
        `Merge/purge (${level}) of "${list.name}": removed ${exact} exact, ${individual} individual, ` +
        `${household} household duplicates; ${counts.mailable} mailable pieces kept`,
      after: summary,
    });
  });
}

/**
 * Works one run from the queue. Bad input ends the run as failed with a message a person can act on;
 * a run already finished (a retried job) is left alone.
 */
export async function processRun(deps: RunDeps, runId: string): Promise<void> {
  const { db } = deps;
  const [run] = await db.select().from(mailingRuns).where(eq(mailingRuns.id, runId));
  if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
  await db
    .update(mailingRuns)
    .set({ status: 'running', percent: 0, rowsDone: 0, updatedAt: new Date() })
    .where(eq(mailingRuns.id, runId));
  try {
    if (run.kind === 'import') await runImport(deps, run);
    else if (run.kind === 'standardize') await runStandardise(db, run);
    else await runDedupe(db, run);
  } catch (err) {
    if (isTransientDatabaseError(err)) {
      // The database blinked: the run goes back to the queue and the job fails, so pg-boss retries it later
      // (with back-off); the upload stays for that retry. The staged rows of this attempt are cleared first.
      if (run.kind === 'import') await deleteImportRecords(db, run.id).catch(() => {});
      await db
        .update(mailingRuns)
        .set({ status: 'queued', updatedAt: new Date() })
        .where(eq(mailingRuns.id, runId))
        .catch(() => {});
      throw err;
    }
    const message = failureMessage(err, run.kind, 'stopped on an unexpected error; nothing was imported');
    if (run.kind === 'import') {
      await deleteImportRecords(db, run.id).catch(() => {});
      await removeUpload(deps.files, run.uploadPath);
    }
    await db
      .update(mailingRuns)
      .set({ status: 'failed', error: message, finishedAt: new Date(), updatedAt: new Date() })
      .where(eq(mailingRuns.id, runId));
  }
}

/** Defines the mailing queue: one handler for imports, standardisations and merge/purges. */
export function registerMailingQueue(opts: RunDeps & { queue: Queue }) {
  opts.queue.define<{ runId: string }>(RUN_QUEUE, (data) => processRun(opts, data.runId));
}

/** Deletes rows staged by imports that never completed (the process died and the job gave up). */
export async function sweepAbandonedImports(db: Db): Promise<void> {
  await db.execute(sql`
    delete from mailing_records r using mailing_runs m
    where r.import_id = m.id and m.kind = 'import' and m.status = 'failed'`);
}
