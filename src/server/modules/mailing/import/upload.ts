import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import type { BadRowsMode, ImportPreview, MailingMapping } from '../../../../shared/mailing';
import { recordAudit } from '../../../platform/audit';
import type { Db } from '../../../platform/db';
import { conflict, invalid, notFound } from '../../../platform/errors';
import type { Queue } from '../../../platform/queue';
import type { ServiceContext } from '../../../platform/service-context';
import { findList, getList, presentRun } from '../lists';
import { mailingRuns } from '../tables';
import { checkMapping, guessMapping } from './mapping';
import type { FileStore } from '../../../platform/files';
import { readSource, spoolUpload, type Spooled } from './source';
import { removeUpload, scratchFolder, storeUpload } from './stored-upload';

export const RUN_QUEUE = 'mailing.run';
const SAMPLE_ROWS = 10;
const CHECKED_ROWS = 2000;

/** Header cells as column names: trailing blanks dropped, unnamed columns called "Column N". */
export function headerNames(raw: string[]): string[] {
  const cells = raw.map((h) => h.replace(/^\uFEFF/, '').trim());
  while (cells.length && !cells.at(-1)) cells.pop();
  return cells.map((h, i) => h || `Column ${i + 1}`);
}

/** A row whose cell count differs from the header's (beyond trailing blanks) is refused: quoting or delimiter went wrong. */
export function raggedRowError(row: number, cells: string[], width: number): string | null {
  let n = cells.length;
  while (n > width && !cells[n - 1]!.trim()) n--;
  if (n === width) return null;
  return `Row ${row} has ${n} cells but the header has ${width}: check that row's quotes and delimiters`;
}

const LISTED_BAD_ROWS = 20;

/**
 * Reads the header, a sample and the first rows' shape; throws a clear 400 for a file that cannot be imported.
 * Malformed rows are listed (the import may refuse the file for them, or leave them out).
 */
async function inspect(spooled: Spooled) {
  let columns: string[] | null = null;
  const sample: string[][] = [];
  const badRows: { row: number; reason: string }[] = [];
  let rows = 0;
  let bad = 0;
  for await (const { row, cells } of readSource(spooled)) {
    if (!columns) {
      columns = headerNames(cells);
      if (!columns.length) throw invalid('The file has no header row (the first row is blank)');
      continue;
    }
    rows += 1;
    const ragged = spooled.kind === 'csv' ? raggedRowError(row, cells, columns.length) : null;
    if (ragged) {
      bad += 1;
      if (badRows.length < LISTED_BAD_ROWS) badRows.push({ row, reason: ragged });
    } else if (sample.length < SAMPLE_ROWS) sample.push(columns.map((_, i) => (cells[i] ?? '').trim()));
    if (rows >= CHECKED_ROWS) break;
  }
  if (!columns) throw invalid('The file is empty');
  if (!rows) throw invalid('The file has a header row but no data rows');
  if (bad === rows) throw invalid(badRows[0]!.reason);
  return { columns, sample, badRows, bad, rows };
}

/**
 * Stores an uploaded file for a list's next import and answers a preview: encoding, columns, a guessed
 * mapping and the first rows. Nothing is imported until the import is started with a mapping.
 */
export async function uploadImport(
  opts: ServiceContext & {
    files: FileStore;
    listId: string;
    filename: string;
    body: Readable;
  },
): Promise<ImportPreview> {
  const { db, actor, listId, filename } = opts;
  await findList(db, listId);
  const id = randomUUID();
  const scratch = await scratchFolder();
  let spooled: Spooled;
  let inspected: Awaited<ReturnType<typeof inspect>>;
  let uploadPath: string;
  try {
    spooled = await spoolUpload({ body: opts.body, filename, dir: scratch.dir, name: 'upload' });
    inspected = await inspect(spooled);
    uploadPath = await storeUpload(opts.files, spooled.path, id);
  } finally {
    await scratch.remove();
  }
  const mapping = guessMapping(inspected.columns);
  const problems: string[] = [];
  if (inspected.bad)
    problems.push(
      `${inspected.bad} of the first ${inspected.rows} rows are malformed (${inspected.badRows[0]!.reason}): import the good rows and download the rejects, or fix the file`,
    );
  if (spooled.encoding === 'windows-1252')
    problems.push('The file is not UTF-8; it was read as Windows-1252 (check accented names in the sample)');
  try {
    checkMapping(inspected.columns, mapping);
  } catch {
    problems.push('Not every required field could be matched to a column: choose them below');
  }
  const saved = db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mailingRuns)
      .values({
        id,
        listId,
        kind: 'import',
        status: 'uploaded',
        filename,
        uploadPath,
        bytes: spooled.bytes,
        encoding: spooled.encoding,
        options: { columns: inspected.columns, sourceKind: spooled.kind },
        startedBy: actor.id,
      })
      .returning();
    const list = await findList(tx, listId);
    await recordAudit(tx, actor, {
      action: 'mailing_list.upload',
      entityType: 'mailing_list',
      entityId: listId,
      accountId: list.accountId,
      summary: `Uploaded ${filename} (${spooled.bytes} bytes) to mailing list "${list.name}"`,
    });
    return row!;
  });
  // A refused write leaves no file behind in the store.
  const run = await saved.catch(async (err: unknown) => {
    await removeUpload(opts.files, uploadPath);
    throw err;
  });
  return {
    run: presentRun(run),
    encoding: spooled.encoding,
    columns: inspected.columns,
    mapping,
    sample: inspected.sample,
    problems,
    badRows: inspected.badRows,
  };
}

async function assertIdle(db: Db, listId: string) {
  const [busy] = await db
    .select({ kind: mailingRuns.kind })
    .from(mailingRuns)
    .where(and(eq(mailingRuns.listId, listId), inArray(mailingRuns.status, ['queued', 'running'])));
  if (busy) throw conflict(`The list is busy: a ${busy.kind} is in progress; wait for it to finish`);
}

/** Starts the import of an uploaded file with the chosen mapping; the queue does the work. */
export async function startImport(
  opts: ServiceContext & {
    queue: Queue;
    listId: string;
    runId: string;
    mapping: MailingMapping;
    /** Malformed rows refuse the file (the default) or are left out for the rejects CSV. */
    badRows?: BadRowsMode;
  },
) {
  const { db, actor, listId, runId, mapping, badRows = 'reject_file' } = opts;
  const list = await findList(db, listId, { lock: true });
  const [run] = await db
    .select()
    .from(mailingRuns)
    .where(and(eq(mailingRuns.id, runId), eq(mailingRuns.listId, listId), eq(mailingRuns.kind, 'import')));
  if (!run) throw notFound('Upload');
  if (run.status !== 'uploaded')
    throw conflict('This upload has already been imported or has failed; upload the file again');
  checkMapping((run.options?.columns as string[]) ?? [], mapping);
  await assertIdle(db, listId);
  await db
    .update(mailingRuns)
    .set({ status: 'queued', mapping, options: { ...run.options, badRows }, updatedAt: opts.clock.now() })
    .where(eq(mailingRuns.id, runId));
  await opts.queue.send(db, RUN_QUEUE, { runId });
  await recordAudit(db, actor, {
    action: 'mailing_list.import',
    entityType: 'mailing_list',
    entityId: listId,
    accountId: list.accountId,
    summary: `Started importing ${run.filename} into mailing list "${list.name}"`,
    after: { mapping, badRows },
  });
  return getList({ db, id: listId });
}

/** Queues a standardisation or a merge/purge of the list's current records. */
export async function startRun(
  opts: ServiceContext & {
    queue: Queue;
    listId: string;
    kind: 'standardize' | 'dedupe';
    options?: Record<string, unknown>;
  },
) {
  const { db, actor, listId, kind } = opts;
  const list = await findList(db, listId, { lock: true });
  if (!list.currentImportId || !list.recordCount)
    throw conflict('The list has no records yet: import a file first');
  await assertIdle(db, listId);
  const [run] = await db
    .insert(mailingRuns)
    .values({ listId, kind, status: 'queued', options: opts.options ?? {}, startedBy: actor.id })
    .returning();
  await opts.queue.send(db, RUN_QUEUE, { runId: run!.id });
  await recordAudit(db, actor, {
    action: `mailing_list.${kind}`,
    entityType: 'mailing_list',
    entityId: listId,
    accountId: list.accountId,
    summary:
      kind === 'standardize'
        ? `Started standardising mailing list "${list.name}"`
        : `Started merge/purge (${String(opts.options?.level)}) of mailing list "${list.name}"`,
  });
  return { run: presentRun(run!), list: await getList({ db, id: listId }) };
}
