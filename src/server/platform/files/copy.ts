import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { localFileStore } from './local';
import type { FileStore } from './store';

export type CopyCount = { files: number; bytes: number };

/**
 * Copies every file of a store (local folder or bucket) into a local folder under the same keys, streamed one
 * at a time (a temporary name first, so an interrupted copy leaves no half file under a key).
 */
export async function copyStoreToFolder(store: FileStore, folder: string): Promise<CopyCount> {
  const count: CopyCount = { files: 0, bytes: 0 };
  for await (const key of store.list()) {
    const target = path.join(folder, key);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.partial`;
    await pipeline(await store.open(key), createWriteStream(tmp));
    await rename(tmp, target);
    count.files += 1;
    count.bytes += (await stat(target)).size;
  }
  return count;
}

/** Puts every file of a folder written by copyStoreToFolder into a store under the same keys (overwriting). */
export async function copyFolderToStore(folder: string, store: FileStore): Promise<CopyCount> {
  const count: CopyCount = { files: 0, bytes: 0 };
  for await (const key of localFileStore(folder).list()) {
    const { size } = await store.write(key, (out) => pipeline(createReadStream(path.join(folder, key)), out));
    count.files += 1;
    count.bytes += size;
  }
  return count;
}
