import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../platform/http/content-disposition';
import type { ExportFormat } from '../../../shared/reports';
import { invalid } from '../../platform/errors';
import { contentTypes } from './formats/cells';

/** Query-string parameters: `?params=<json>`, or plain `?key=value` pairs ('true'/'false' are booleans). */
export function queryParameters(query: Record<string, string | undefined>): Record<string, unknown> {
  const { params, bom: _bom, ...rest } = query;
  let out: Record<string, unknown> = {};
  if (params) {
    try {
      const parsed = JSON.parse(params) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
      out = parsed as Record<string, unknown>;
    } catch {
      throw invalid('params must be a JSON object', [{ path: 'params', message: 'Not a JSON object' }]);
    }
  }
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined || v === '') continue;
    out[k] = v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

/**
 * Answers a report file while it is written: the headers go at once, then the bytes as `write` produces
 * them (pages of rows in, bytes out, whatever the size). The parameters must be checked before, since a
 * failure after the headers can only cut the download short. Staff exports, packs and portal exports share it.
 */
export function streamReportFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: { format: ExportFormat; filename: string; write: (out: Writable) => Promise<void> },
) {
  const out = new PassThrough();
  file.write(out).catch((err: unknown) => {
    request.log.error({ err }, 'report export failed');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header('content-type', contentTypes[file.format])
    .header('content-disposition', contentDisposition('attachment', file.filename))
    .header('cache-control', 'no-store')
    .send(out);
}
