import { ApiError } from '../../app/api';

/** The server's field errors by path without `body.` (`title`, `items.0.flatSize.width`, `clientPo`). */
export function problemErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiError)
    for (const e of err.problem.errors ?? []) out[e.path.replace(/^body\.?/, '')] ??= e.message;
  return out;
}
