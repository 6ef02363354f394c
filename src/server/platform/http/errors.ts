import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldError, toProblem } from '../errors';
import { POOL_EXHAUSTED } from '../db';
import { DATABASE_UNAVAILABLE } from '../db/transient';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION',
  FST_ERR_RATE_LIMITED: 'RATE_LIMITED',
};

/**
 * PostgreSQL errors that only a value sent by the caller can cause (SQLSTATE classes 22 and 23): services
 * check first, these are the safety net that keeps a missed check a 4xx instead of a 500.
 */
const pgInputErrors: Record<string, [ErrorCode, string]> = {
  '23503': ['VALIDATION', 'The request refers to a record that does not exist, or one that is still in use'],
  '23514': ['VALIDATION', 'A value in the request breaks a rule of the data (out of its allowed range)'],
  '23502': ['VALIDATION', 'A required value is missing'],
  '22001': ['VALIDATION', 'A value in the request is longer than the field allows'],
  '22003': ['VALIDATION', 'A number in the request is out of range'],
  '22007': ['VALIDATION', 'A date or time in the request is not valid'],
  '22008': ['VALIDATION', 'A date or time in the request is out of range'],
  '22021': ['VALIDATION', 'Text in the request is not valid UTF-8'],
  '22P02': ['VALIDATION', 'A value in the request is not of the expected kind'],
  '22P05': ['VALIDATION', 'Text in the request holds a character that cannot be stored'],
  '54000': ['PAYLOAD_TOO_LARGE', 'A value in the request is too large to store or index'],
};

function fieldPath(instancePath: string, params: Record<string, unknown> | undefined, source: string) {
  const base = instancePath.replace(/^\//, '').replace(/\//g, '.');
  const keys = (params?.keys as string[] | undefined) ?? [];
  const path = [source, base, keys.join(',')].filter(Boolean).join('.');
  return path || source;
}

/** Turns any thrown error into an RFC 9457 problem: user mistakes are 4xx, only our faults are 5xx. */
export function toAppError(error: FastifyError | AppError | Error): AppError | null {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const source = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
    const errors: FieldError[] = error.validation.map((v) => ({
      path: fieldPath(v.instancePath, v.params as Record<string, unknown>, source),
      message: v.message ?? 'Invalid value',
    }));
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return new AppError('VALIDATION', `The request ${source} is not valid: ${detail}`, errors);
  }
  const pgCode = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  if (pgCode && pgInputErrors[pgCode]) return new AppError(...pgInputErrors[pgCode]);
  if (pgCode === POOL_EXHAUSTED)
    return new AppError('UNAVAILABLE', 'Every database connection is busy; retry in a few seconds');
  if (pgCode && DATABASE_UNAVAILABLE.has(pgCode))
    return new AppError('UNAVAILABLE', 'The database is not reachable right now; retry in a few seconds');
  if (pgCode === '23505') {
    // A concurrent request won a race to a unique value; services check first, this is the safety net.
    return new AppError(
      'CONFLICT',
      'This conflicts with a record that was saved at the same moment; reload and retry',
    );
  }
  const fe = error as FastifyError;
  if (fe.code && fastifyCodes[fe.code]) {
    const detail =
      fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'The request body is larger than this endpoint accepts'
        : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Send the body as application/json'
          : fe.message;
    return new AppError(fastifyCodes[fe.code]!, detail);
  }
  if (error instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message))) {
    return new AppError('VALIDATION', `The body is not valid JSON: ${fe.message}`);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const byStatus: Record<number, ErrorCode> = {
      401: 'UNAUTHENTICATED',
      403: 'FORBIDDEN',
      404: 'NOT_FOUND',
      413: 'PAYLOAD_TOO_LARGE',
      415: 'UNSUPPORTED_MEDIA_TYPE',
    };
    const code = byStatus[fe.statusCode] ?? 'VALIDATION';
    return new AppError(code, fe.message);
  }
  return null;
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error as FastifyError);
    if (appError) {
      if (appError.code === 'UNAVAILABLE') reply.header('retry-after', '5');
      const problem = toProblem(appError, request.url);
      return reply.status(problem.status).type('application/problem+json').send(problem);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .type('application/problem+json')
      .send({
        type: 'https://jobjacket.dev/problems/internal',
        title: 'Internal server error',
        status: 500,
        detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
        code: 'INTERNAL',
        instance: request.url,
      });
  });
}
