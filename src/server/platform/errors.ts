import { randomUUID } from 'node:crypto';
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INSUFFICIENT_STOCK'
  | 'CSRF'
  | 'LOCKED'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAVAILABLE';

export type FieldError = { path: string; message: string };

/** A domain error: services throw these; one table below turns them into HTTP problems. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found`);
export const forbidden = (detail = 'You do not have permission to do this') =>
  new AppError('FORBIDDEN', detail);
export const conflict = (detail: string) => new AppError('CONFLICT', detail);
export const invalid = (detail: string, errors?: FieldError[]) => new AppError('VALIDATION', detail, errors);

export const errorTable: Record<ErrorCode, { status: number; title: string }> = {
  VALIDATION: { status: 400, title: 'Invalid request' },
  UNAUTHENTICATED: { status: 401, title: 'Sign-in required' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  CSRF: { status: 403, title: 'Missing or invalid CSRF token' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'Conflict' },
  INSUFFICIENT_STOCK: { status: 409, title: 'Insufficient stock' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  LOCKED: { status: 423, title: 'Account locked' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  UNAVAILABLE: { status: 503, title: 'Service unavailable' },
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  instance?: string;
};

/** The RFC 9457 body for an application error. */
export function toProblem(err: AppError, instance?: string): Problem {
  const { status, title } = errorTable[err.code];
  return {
    type: `https://jobjacket.dev/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    detail: err.detail,
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
    ...(instance ? { instance } : {}),
  };
}

/**
 * What a person may read about a failure of background work (an import, a report file, a delivery): a domain
 * error's own words, else a short reference to the server log — never the SQL or the rows of a failed
 * statement, which can hold a client's addresses.
 */
export function failureMessage(
  err: unknown,
  what: string,
  unexpected = 'stopped on an unexpected error',
): string {
  if (err instanceof AppError) return err.detail;
  const reference = randomUUID().slice(0, 8);
  console.error(`${what} (reference ${reference}):`, err);
  return `The ${what} ${unexpected} (reference ${reference})`;
}
