import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type StoredFile = { key: string; size: number; sha256: string };

/** Where artwork, proofs and exports live: a local folder now, S3-compatible storage later (same interface). */
export type FileStore = {
  put(content: Buffer): Promise<StoredFile>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
};

/** Files in a local folder, named by random keys; written to a temporary name first so a crash leaves no half file. */
export function localFileStore(root: string): FileStore {
  const full = (key: string) => {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`Bad file key ${key}`);
    return path.join(root, key);
  };
  return {
    async put(content) {
      const id = randomUUID();
      const key = `${id.slice(0, 2)}/${id}`;
      await mkdir(path.join(root, key.slice(0, 2)), { recursive: true });
      const tmp = `${full(key)}.partial`;
      await writeFile(tmp, content);
      await rename(tmp, full(key));
      return { key, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    },
    get: (key) => readFile(full(key)),
    async remove(key) {
      await unlink(full(key)).catch(() => {});
    },
  };
}
