import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget, type TargetPolicy } from './target';

/** The most of a receiver's answer kept in the delivery log. */
export const RESPONSE_CAP_BYTES = 4096;

export type PostResult = {
  status: number | null;
  body: string | null;
  error: string | null;
  durationMs: number;
};

/**
 * POSTs one signed body. Every address of the host is checked first and the connection goes to the checked
 * address; redirects are not followed (a 3xx is a failure); the whole exchange has one time-out; only the
 * first RESPONSE_CAP_BYTES of the answer are read. Never throws: a failure is a result.
 */
export async function postWebhook(opts: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: TargetPolicy;
}): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, 'durationMs'>): PostResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const url = new URL(opts.url);
    const target = await resolveTarget(url, opts.policy);
    const pinned: LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [target]);
      else callback(null, target.address, target.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    return await new Promise<PostResult>((resolve) => {
      const request = client.request(
        url,
        {
          method: 'POST',
          lookup: pinned,
          headers: {
            ...opts.headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(opts.body)),
            'user-agent': 'Jobjacket-Webhooks/1',
          },
          timeout: opts.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const finish = () =>
            resolve(
              done({
                status: response.statusCode ?? null,
                body: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_CAP_BYTES),
                error: null,
              }),
            );
          response.on('data', (chunk: Buffer) => {
            if (size >= RESPONSE_CAP_BYTES) return;
            chunks.push(chunk.subarray(0, RESPONSE_CAP_BYTES - size));
            size += chunk.length;
            // Enough read: stop the download (the status is what counts).
            if (size >= RESPONSE_CAP_BYTES) {
              finish();
              response.destroy();
            }
          });
          response.on('end', finish);
          response.on('error', finish);
        },
      );
      const timer = setTimeout(
        () => request.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)),
        opts.timeoutMs,
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
      request.on('error', (e) => resolve(done({ status: null, body: null, error: e.message })));
      request.on('close', () => clearTimeout(timer));
      request.end(opts.body);
    });
  } catch (e) {
    return done({ status: null, body: null, error: (e as Error).message });
  }
}
