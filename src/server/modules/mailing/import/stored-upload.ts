import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, invalid } from '../../../platform/errors';
import type { FileStore } from '../../../platform/files';

/**
 * An upload waits for its import in the file store (the shop's folder or its S3 bucket), so the worker that
 * imports it may run on another machine than the web node that took it. A run's `uploadPath` holds the key;
 * runs uploaded before held a local path, still read and removed where they are.
 */
const uploadKey = (runId: string) => `mailing-uploads/${runId}`;
/** The rows an import left out, kept with the shop's files for download (and in backups). */
const rejectsKey = (runId: string) => `mailing-rejects/${runId}.csv`;
const isLocalPath = (stored: string) => path.isAbsolute(stored);

/** A private local folder for a file a parser must seek in (spooled uploads, their copies, rejects being written). */
export async function scratchFolder() {
  const dir = await mkdtemp(path.join(tmpdir(), 'jj-mailing-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Moves a spooled upload into the store; answers the key to keep on its run. */
export async function storeUpload(files: FileStore, localFile: string, runId: string): Promise<string> {
  const key = uploadKey(runId);
  await files.write(key, (out) => pipeline(createReadStream(localFile), out));
  return key;
}

/** A local file holding the stored upload, copied into `dir` (an upload from before is its own local file). */
export async function fetchUpload(files: FileStore, stored: string, dir: string): Promise<string> {
  if (isLocalPath(stored)) return stored;
  const file = path.join(dir, 'upload');
  const source = await files.open(stored).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND')
      throw invalid('The uploaded file is no longer kept (it expired or was removed); upload it again');
    throw err;
  });
  await pipeline(source, createWriteStream(file));
  return file;
}

/** Removes a run's waiting upload (after its import, its failure or its expiry). */
export async function removeUpload(files: FileStore, stored: string | null | undefined) {
  if (!stored) return;
  if (isLocalPath(stored)) await unlink(stored).catch(() => {});
  else await files.remove(stored);
}

/** Keeps a run's rejects file (written locally as the import went) with the shop's files. */
export async function storeRejects(files: FileStore, localFile: string, runId: string) {
  await files.write(rejectsKey(runId), (out) => pipeline(createReadStream(localFile), out));
}

/** Removes a run's rejects file (their time is up); a file already gone is no error. */
export async function removeRejects(files: FileStore, run: { id: string; uploadPath: string | null }) {
  if (run.uploadPath && isLocalPath(run.uploadPath))
    await unlink(path.join(path.dirname(run.uploadPath), `${run.id}.rejects.csv`)).catch(() => {});
  else await files.remove(rejectsKey(run.id));
}

/** A run's rejects as a stream, or null when it kept none (or they were removed). */
export async function openRejects(
  files: FileStore,
  run: { id: string; uploadPath: string },
): Promise<Readable | null> {
  if (isLocalPath(run.uploadPath)) {
    const legacy = path.join(path.dirname(run.uploadPath), `${run.id}.rejects.csv`);
    return new Promise((resolve) => {
      const stream = createReadStream(legacy);
      stream.once('open', () => resolve(stream));
      stream.once('error', () => resolve(null));
    });
  }
  return files.open(rejectsKey(run.id)).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
}
