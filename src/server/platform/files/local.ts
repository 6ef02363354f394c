import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ConfigError } from '../config';
import { checkKey, fileMissing, isListed, newKey, type FileStore } from './store';

const missing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

/** Files in a local folder, named by their keys; written to a temporary name first so a crash leaves no half file. */
export function localFileStore(root: string): FileStore {
  const full = (key: string) => path.join(root, checkKey(key));
  const atomically = async (key: string, fill: (tmp: string) => Promise<void>) => {
    await mkdir(path.dirname(full(key)), { recursive: true });
    const tmp = `${full(key)}.partial`;
    try {
      await fill(tmp);
      await rename(tmp, full(key));
    } catch (err) {
      await unlink(tmp).catch(() => {});
      throw err;
    }
  };
  return {
    location: path.resolve(root),
    async put(content) {
      const key = newKey(randomUUID());
      await atomically(key, (tmp) => writeFile(tmp, content));
      return { key, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    },
    async get(key) {
      return readFile(full(key)).catch((err: unknown) => {
        throw missing(err) ? fileMissing() : err;
      });
    },
    async remove(key) {
      await unlink(full(key)).catch(() => {});
    },
    async write(key, fill) {
      await atomically(key, async (tmp) => {
        const out = createWriteStream(tmp);
        const closed = once(out, 'close');
        closed.catch(() => {}); // a write error is thrown by `fill` or by the await below, never left unheard
        try {
          await fill(out);
          if (!out.writableEnded) out.end();
        } catch (err) {
          out.destroy();
          throw err;
        }
        await closed;
      });
      return { size: (await stat(full(key))).size };
    },
    async open(key): Promise<Readable> {
      await stat(full(key)).catch((err: unknown) => {
        throw missing(err) ? fileMissing() : err;
      });
      return createReadStream(full(key));
    },
    async *list() {
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const dir = entry.parentPath ?? (entry as unknown as { path: string }).path; // Node < 20.12
        const key = path.relative(root, path.join(dir, entry.name)).split(path.sep).join('/');
        if (isListed(key)) yield key;
      }
    },
    async check() {
      try {
        await mkdir(root, { recursive: true });
        await access(root, constants.W_OK);
      } catch (err) {
        throw new ConfigError(
          `JOBJACKET_FILES_DIR: cannot write to ${path.resolve(root)} (${(err as Error).message})`,
        );
      }
    },
  };
}
