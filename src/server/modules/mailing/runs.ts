import { eq, sql } from 'drizzle-orm';
import type { DedupeLevel, DedupeSummary, MailingMapping } from '../../../shared/mailing';
import { systemActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { AppError, invalid } from '../../platform/errors';
import type { Queue } from '../../platform/queue';
import { standardizeAddress } from './address/standardize';
import { addressKey, matchKeys } from './dedupe-keys';
import { headerNames, raggedRowError, RUN_QUEUE } from './import/upload';
import { recordMapper, type MappedRecord } from './import/mapping';
import { readSource, removeUpload, type SourceKind } from './import/source';
import {
  clearDuplicates,
  countRecords,
  deleteImportRecords,
  insertRecords,
  markDuplicates,
  readRawBatch,
  writeStandardised,
  type RawRecord,
  type StandardisedRow,
} from './records-repo';
import { mailingLists, mailingRuns } from './tables';

const INSERT_BATCH = 5000;
const STANDARDISE_BATCH = 5000;
/** Flags that make a record unmailable: no line to deliver to, or no ZIP to sort it by. */
const FATAL = new Set(['missing_line1', 'no_street_name', 'missing_zip', 'bad_zip']);

type RunRow = typeof mailingRuns.$inferSelect;

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
 * job pg-boss retries — starts from a clean slate: the staged rows of this run are deleted first.
 */
async function runImport(db: Db, run: RunRow): Promise<void> {
  await deleteImportRecords(db, run.id);
  const mapping = run.mapping as MailingMapping;
  const expected = (run.options?.columns as string[]) ?? [];
  const kind = (run.options?.sourceKind as SourceKind) ?? 'csv';
  const counter = { bytesRead: 0, totalBytes: run.bytes ?? 0 };
  let mapper: ((seq: number, cells: string[]) => MappedRecord) | null = null;
  let batch: MappedRecord[] = [];
  let rows = 0;
  for await (const { row, cells } of readSource(
    { path: run.uploadPath!, kind, encoding: run.encoding ?? 'utf-8' },
    counter,
  )) {
    if (!mapper) {
      const header = headerNames(cells);
      if (header.join('\u0000') !== expected.join('\u0000'))
        throw invalid('The uploaded file changed since its preview; upload it again');
      mapper = recordMapper(header, mapping);
      continue;
    }
    if (kind === 'csv') {
      const ragged = raggedRowError(row, cells, expected.length);
      if (ragged) throw invalid(ragged);
    }
    batch.push(mapper(row, cells));
    rows += 1;
    if (batch.length >= INSERT_BATCH) {
      await insertRecords(db, run.id, batch);
      batch = [];
      await progress(
        db,
        run.id,
        counter.totalBytes ? (100 * counter.bytesRead) / counter.totalBytes : 0,
        rows,
      );
    }
  }
  await insertRecords(db, run.id, batch);
  if (!rows) throw invalid('The file has no data rows');

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
    await recordAudit(tx, systemActor, {
      action: 'mailing_list.imported',
      entityType: 'mailing_list',
      entityId: run.listId,
      accountId: list!.accountId,
      summary: `Imported ${rows} records from ${run.filename} into mailing list "${list!.name}"`,
    });
    return list!.currentImportId;
  });
  if (old) await deleteImportRecords(db, old);
  await removeUpload(run.uploadPath);
}

/** Standardises one record and computes its merge/purge keys. */
export function standardiseRecord(r: RawRecord): StandardisedRow {
  const std = standardizeAddress({
    line1: r.address1,
    line2: r.address2,
    city: r.city,
    state: r.state,
    zip: r.zip4 ? `${r.zip}-${r.zip4}` : r.zip,
  });
  const flags = std.flags.map((f) => f.code);
  const mailable = !flags.some((f) => FATAL.has(f));
  const keys = matchKeys({
    fullName: r.full_name,
    firstName: r.first_name,
    lastName: r.last_name,
    company: r.company,
    address: mailable ? addressKey(std.line1, std.line2, std.zip5) : null,
  });
  return {
    s: r.seq,
    a1: std.line1,
    a2: std.line2,
    ci: std.city,
    st: std.state,
    z5: std.zip5,
    z4: std.zip4,
    fl: flags,
    m: mailable ? 1 : 0,
    ek: keys.exact,
    ik: keys.individual,
    hk: keys.household,
  };
}

async function standardiseAll(db: Db, runId: string, importId: string, total: number, share: number) {
  let after = 0;
  let done = 0;
  for (;;) {
    const batch = await readRawBatch(db, importId, after, STANDARDISE_BATCH);
    if (!batch.length) break;
    await writeStandardised(db, importId, batch.map(standardiseRecord));
    after = batch.at(-1)!.seq;
    done += batch.length;
    await progress(db, runId, (share * done) / Math.max(total, 1), done);
  }
  return done;
}

async function runStandardise(db: Db, run: RunRow): Promise<void> {
  const [list] = await db.select().from(mailingLists).where(eq(mailingLists.id, run.listId));
  if (!list?.currentImportId) throw invalid('The list has no records yet');
  const done = await standardiseAll(db, run.id, list.currentImportId, list.recordCount, 100);
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
    await standardiseAll(db, run.id, importId, list.recordCount, 70);
    standardised = true;
  }
  await clearDuplicates(db, importId);
  const exact = await markDuplicates(db, importId, 'exact');
  await progress(db, run.id, 80, list.recordCount);
  const individual = await markDuplicates(db, importId, 'individual');
  await progress(db, run.id, 90, list.recordCount);
  const household = level === 'household' ? await markDuplicates(db, importId, 'household') : 0;
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
export async function processRun(db: Db, runId: string): Promise<void> {
  const [run] = await db.select().from(mailingRuns).where(eq(mailingRuns.id, runId));
  if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
  await db
    .update(mailingRuns)
    .set({ status: 'running', percent: 0, rowsDone: 0, updatedAt: new Date() })
    .where(eq(mailingRuns.id, runId));
  try {
    if (run.kind === 'import') await runImport(db, run);
    else if (run.kind === 'standardize') await runStandardise(db, run);
    else await runDedupe(db, run);
  } catch (err) {
    const message =
      err instanceof AppError
        ? err.detail
        : `The ${run.kind} stopped on an unexpected error: ${(err as Error).message}`;
    if (run.kind === 'import') {
      await deleteImportRecords(db, run.id).catch(() => {});
      await removeUpload(run.uploadPath);
    }
    await db
      .update(mailingRuns)
      .set({ status: 'failed', error: message, finishedAt: new Date(), updatedAt: new Date() })
      .where(eq(mailingRuns.id, runId));
  }
}

/** Defines the mailing queue: one handler for imports, standardisations and merge/purges. */
export function registerMailingQueue(opts: { db: Db; queue: Queue }) {
  opts.queue.define<{ runId: string }>(RUN_QUEUE, (data) => processRun(opts.db, data.runId));
}

/** Deletes rows staged by imports that never completed (the process died and the job gave up). */
export async function sweepAbandonedImports(db: Db): Promise<void> {
  await db.execute(sql`
    delete from mailing_records r using mailing_runs m
    where r.import_id = m.id and m.kind = 'import' and m.status = 'failed'`);
}
