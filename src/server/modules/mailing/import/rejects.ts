import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import type { FileStore } from '../../../platform/files';
import { AppError, notFound } from '../../../platform/errors';
import { mailingRuns } from '../tables';
import { openRejects } from './stored-upload';

// A spreadsheet runs cells starting with = + - @ as formulas; a leading ' keeps the client's text inert.
const inert = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * Writes rejected rows as they are found — the file row, the reason and the row's own cells under the file's
 * header — straight to disk, so a file with a million bad rows costs no memory. Opened on the first reject.
 */
export class RejectsWriter {
  count = 0;
  private out: WriteStream | null = null;
  constructor(
    private readonly file: string,
    private readonly header: string[],
  ) {}

  async add(row: number, reason: string, cells: string[]) {
    if (!this.out) {
      this.out = createWriteStream(this.file);
      this.out.write('\uFEFF' + stringify([['Row', 'Reason', ...this.header]]));
    }
    this.count += 1;
    if (!this.out.write(stringify([[String(row), reason, ...cells.map(inert)]])))
      await once(this.out, 'drain');
  }

  async close() {
    if (!this.out) return;
    this.out.end();
    await once(this.out, 'close');
  }

  /** Closes and deletes the file: the import failed, so there is nothing to download. */
  async discard() {
    await this.close().catch(() => {});
    await rm(this.file, { force: true });
  }
}

/**
 * The rejected rows of one import of a list, as a CSV stream with its file name; "not found" when it kept none, or
 * no longer keeps them (the answer says when they were removed).
 */
export async function importRejects(opts: {
  db: Db;
  files: FileStore;
  listId: string;
  runId: string;
  now?: Date;
}) {
  const [run] = await opts.db
    .select()
    .from(mailingRuns)
    .where(
      and(
        eq(mailingRuns.id, opts.runId),
        eq(mailingRuns.listId, opts.listId),
        eq(mailingRuns.kind, 'import'),
      ),
    );
  const due = run?.rejectsKeptUntil && run.rejectsKeptUntil <= (opts.now ?? new Date());
  const removedOn = run?.rejectsRemovedAt ?? (due ? run.rejectsKeptUntil : null);
  if (removedOn)
    throw new AppError(
      'NOT_FOUND',
      `The rejected rows of this import were removed on ${removedOn.toISOString().slice(0, 10)} (they are kept for JOBJACKET_REJECTS_KEEP_DAYS days); import the file again to see them`,
    );
  const stream =
    run?.uploadPath && run.options?.rejected
      ? await openRejects(opts.files, { id: run.id, uploadPath: run.uploadPath })
      : null;
  if (!run || !stream) throw notFound('Rejected rows of this import');
  const base = (run.filename ?? 'import').replace(/\.[^.]+$/, '');
  return { stream, filename: `${base}-rejected-rows.csv` };
}
