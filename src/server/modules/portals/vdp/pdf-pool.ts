import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, invalid } from '../../../platform/errors';
import type { ImposedSheet } from './impose';
import type { PdfTask, RenderTask } from './pdf-work';

/**
 * Parsing a client's PDF or font and writing PDFs is CPU work on untrusted bytes, so it runs on one worker
 * thread (loaded through tsx, as the server is), never on the event loop: with a memory cap, and a time
 * limit after which the worker is ended and the request answered. Started on first use; exits when idle.
 */

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
type Reply = { id: number; result?: unknown; refusal?: { message: string; errors: never[] }; error?: string };

const TASK_MS = 30_000;
const IDLE_MS = 10_000;
let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function bootCode(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> };
  const api = path.join(
    path.dirname(require.resolve('tsx/package.json')),
    pkg.exports['./esm/api']!.import.default,
  );
  const entry = new URL('./pdf-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

function failAll(err: Error) {
  for (const p of pending.values()) {
    clearTimeout(p.timer);
    p.reject(err);
  }
  pending.clear();
}

function start(): Worker {
  const w = new Worker(bootCode(), { eval: true, resourceLimits: { maxOldGenerationSizeMb: 768 } });
  w.unref();
  w.on('message', (msg: Reply) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.refusal) p.reject(invalid(msg.refusal.message, msg.refusal.errors));
    else if (msg.error !== undefined) p.reject(new Error(`PDF work failed: ${msg.error}`));
    else p.resolve(msg.result);
    if (!pending.size) idle = setTimeout(stop, IDLE_MS).unref();
  });
  w.on('error', (err) => failAll(err));
  w.on('exit', () => {
    if (worker === w) worker = null;
    failAll(new Error('The PDF worker stopped'));
  });
  return w;
}

function stop() {
  const w = worker;
  worker = null;
  void w?.terminate();
}

function run<T>(task: PdfTask): Promise<T> {
  if (idle) clearTimeout(idle);
  idle = null;
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new AppError('VALIDATION', 'The file took too long to process: simplify it or save it again'));
      // A runaway parse keeps the thread busy: end it; the next task starts a fresh one.
      if (worker === w) stop();
    }, TASK_MS);
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
    w.postMessage({ id, task });
  });
}

/** A design's page sizes, or a 400 saying why it is refused. */
export const inspectDesignOffThread = (bytes: Uint8Array) =>
  run<{ pages: { width: number; height: number }[] }>({ kind: 'inspectDesign', bytes });

/** An uploaded font's name and glyph count, or a 400. */
export const inspectFontOffThread = (bytes: Uint8Array) =>
  run<{ name: string; glyphCount: number }>({ kind: 'inspectFont', bytes });

/** The proof PDF of the values on the design, or a 400 naming what does not fit or cannot be printed. */
export const renderOffThread = async (task: RenderTask) =>
  Buffer.from(await run<Uint8Array>({ kind: 'render', ...task }));

/** The print-ready sheet. */
export const imposeOffThread = (task: Omit<Extract<PdfTask, { kind: 'impose' }>, 'kind'>) =>
  run<ImposedSheet>({ kind: 'impose', ...task });
