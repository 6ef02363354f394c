import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ArtworkRules, PreflightReport } from '../../../shared/artwork';
import { AppError, invalid } from '../../platform/errors';
import type { FinishedSize } from './judge';

/**
 * Bounds of one preflight: the worker's heap (a PDF whose streams inflate past it is refused, not the server
 * brought down), its time, and how many run at once on a small machine.
 */
export const PREFLIGHT_LIMITS = { heapMb: 256, timeoutMs: 30_000, concurrent: 2 };

/** tsx's ESM API by its package's export map, so the worker can load the TypeScript sources as the server does. */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
}

function bootCode(): string {
  const entry = new URL('./preflight-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxEsmApi())}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PREFLIGHT_LIMITS.concurrent) {
    if (waiting.length >= 20)
      throw new AppError('UNAVAILABLE', 'Too many files are being checked; retry in a minute');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Checks a PDF against a product's artwork rules on a worker thread (the parsing is CPU-bound and must not
 * hold up other requests), with a bounded heap and time. A file that cannot be read is a 400 that says why.
 */
export function preflightPdf(
  bytes: Buffer,
  rules: ArtworkRules,
  finished: FinishedSize,
): Promise<PreflightReport> {
  return slot(
    () =>
      new Promise<PreflightReport>((resolve, reject) => {
        const worker = new Worker(bootCode(), {
          eval: true,
          resourceLimits: { maxOldGenerationSizeMb: PREFLIGHT_LIMITS.heapMb },
        });
        let settled = false;
        const done = (fn: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          void worker.terminate();
          fn();
        };
        const timer = setTimeout(
          () => done(() => reject(invalid('The PDF took too long to check; flatten it and export it again'))),
          PREFLIGHT_LIMITS.timeoutMs,
        );
        worker.on('message', (msg: { report?: PreflightReport; refused?: string; error?: string }) =>
          done(() =>
            msg.report
              ? resolve(msg.report)
              : msg.refused
                ? reject(invalid(msg.refused))
                : reject(new Error(`Preflight failed: ${msg.error}`)),
          ),
        );
        worker.on('error', (err: Error & { code?: string }) =>
          done(() =>
            reject(
              err.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? invalid('The PDF is too large to check (it expands beyond the memory allowed); simplify it')
                : err,
            ),
          ),
        );
        worker.on('exit', () => done(() => reject(new Error('The preflight worker stopped'))));
        const copy = new Uint8Array(bytes);
        worker.postMessage({ bytes: copy, rules, finished }, [copy.buffer]);
      }),
  );
}
