import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RawRecord, StandardisedRow } from './records-repo';
import { standardiseRecord } from './standardise-record';

/**
 * Standardisation is pure JavaScript per record, so it runs on worker threads while the calling thread
 * talks to the database: on two cores the SQL of one batch overlaps the parsing of the next. The
 * workers load the TypeScript sources through tsx, as the server itself does. If they cannot start,
 * the records are standardised on the calling thread instead (same function, same results).
 */

type Pending = { resolve: (rows: StandardisedRow[]) => void; reject: (err: Error) => void };
type Slot = { worker: Worker; pending: Map<number, Pending> };

const IDLE_MS = 5_000;

/** tsx's ESM API by its package's export map (require.resolve would name the CommonJS build). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
}

function bootCode(): string {
  const tsx = tsxEsmApi();
  const entry = new URL('./standardise-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

let slots: Slot[] | null = null;
let broken = false;
let lastError: string | null = null;
let nextId = 0;
let users = 0;
let idleTimer: NodeJS.Timeout | null = null;

function failAll(slot: Slot, err: Error) {
  for (const p of slot.pending.values()) p.reject(err);
  slot.pending.clear();
}

function startSlots(size: number): Slot[] {
  const code = bootCode();
  return Array.from({ length: size }, () => {
    const worker = new Worker(code, { eval: true });
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (msg: { id: number; rows?: StandardisedRow[]; error?: string }) => {
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error));
      else p.resolve(msg.rows!);
    });
    worker.on('error', (err) => {
      broken = true;
      lastError = err.message;
      failAll(slot, err);
    });
    worker.on('exit', () => {
      failAll(slot, new Error('The standardise worker stopped'));
      if (slots?.includes(slot)) slots = null;
    });
    return slot;
  });
}

function stopSlots() {
  const old = slots;
  slots = null;
  for (const s of old ?? []) void s.worker.terminate();
}

/**
 * How many worker threads standardise in parallel: one core is left to this thread (CSV parsing, JSON)
 * and the database, so two cores get one worker. `JOBJACKET_MAILING_WORKERS` overrides it (0: none).
 */
export function poolSize(): number {
  const fromEnv = process.env.JOBJACKET_MAILING_WORKERS;
  const n = fromEnv ? Number(fromEnv) : NaN;
  if (Number.isInteger(n) && n >= 0) return n;
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** What the pool is doing, for benchmarks and diagnostics: its workers, or why it runs on the caller. */
export function standardisePoolStatus(): string {
  if (broken) return `on the calling thread (workers failed: ${lastError ?? 'unknown'})`;
  const size = poolSize();
  return size ? `${size} worker threads` : 'on the calling thread (JOBJACKET_MAILING_WORKERS=0)';
}

/** A handle on the shared pool for one run; `release` lets idle workers exit a few seconds later. */
export function acquireStandardisePool() {
  users += 1;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const size = poolSize();
  if (!slots && !broken && size > 0) {
    try {
      slots = startSlots(size);
    } catch (err) {
      broken = true;
      lastError = (err as Error).message;
    }
  }
  let released = false;
  return {
    /** Standardises the records, split across the workers; same order out as in. */
    async standardise(rows: RawRecord[]): Promise<StandardisedRow[]> {
      const pool = slots;
      if (!pool || broken) return rows.map(standardiseRecord);
      const chunk = Math.ceil(rows.length / pool.length);
      try {
        const parts = await Promise.all(
          pool.map((slot, i) => {
            const part = rows.slice(i * chunk, (i + 1) * chunk);
            if (!part.length) return Promise.resolve([]);
            const id = nextId++;
            return new Promise<StandardisedRow[]>((resolve, reject) => {
              slot.pending.set(id, { resolve, reject });
              slot.worker.postMessage({ id, rows: part });
            });
          }),
        );
        return parts.flat();
      } catch (err) {
        // A worker that cannot load or dies: finish on this thread rather than fail the run.
        if (!broken) throw err;
        stopSlots();
        return rows.map(standardiseRecord);
      }
    },
    release() {
      if (released) return;
      released = true;
      users -= 1;
      if (users > 0) return;
      idleTimer = setTimeout(stopSlots, IDLE_MS);
      idleTimer.unref();
    },
  };
}
