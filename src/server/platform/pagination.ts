import { invalid } from './errors';

/** Opaque cursors: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

const foreignCursor = () =>
  invalid('The cursor is not one this server issued', [{ path: 'cursor', message: 'Invalid cursor' }]);

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    /* fall through */
  }
  throw foreignCursor();
}

/** A cursor of text positions (`dates` says which must be moments or dates): a forged one is a 400, not a 500. */
export function decodeTextCursor(cursor: string, arity: number, dates: number[] = []): string[] {
  const values = decodeCursor(cursor, arity);
  const ok = values.every(
    (v, i) => typeof v === 'string' && (!dates.includes(i) || !Number.isNaN(Date.parse(v))),
  );
  if (!ok) throw foreignCursor();
  return values as string[];
}

/** A cursor holding one position in a bigserial order (e.g. a movement's `seq`). */
export function decodeSeqCursor(cursor: string): number {
  const [value] = decodeCursor(cursor, 1);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw foreignCursor();
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/** A page (`Page<T>`) as JSON text around items PostgreSQL already wrote as JSON. */
export const jsonPage = (items: string[], nextCursor: string | null) =>
  `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
