import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';

/** A NUL character or a UTF-16 surrogate without its partner: text PostgreSQL cannot store. */
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MAX_DEPTH = 64;

/** The path of the first string that is not storable text, or of a value nested too deep; null when fine. */
export function findBadText(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return BAD_TEXT.test(value) ? path : null;
  if (!value || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return `${path} (nested more than ${MAX_DEPTH} levels)`;
  // Raw uploads arrive as streams or buffers and are checked by their own readers.
  if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return null;
  for (const [k, v] of Object.entries(value)) {
    if (BAD_TEXT.test(k)) return `${path}.${k.replace(BAD_TEXT, '?')}`;
    const found = findBadText(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses, before validation, any body, query or path value holding a NUL character or a lone surrogate
 * (PostgreSQL refuses both, in text and in jsonb) or nested absurdly deep: a clear 400 instead of a 500.
 */
export function registerWellFormedText(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const bad =
      findBadText(request.params, 'params') ??
      findBadText(request.query, 'query') ??
      findBadText(request.body, 'body');
    if (bad) {
      throw new AppError(
        'VALIDATION',
        `${bad}: text must be valid Unicode without NUL characters, in JSON nested at most ${MAX_DEPTH} levels`,
        [{ path: bad, message: 'Not storable text' }],
      );
    }
  });
}
