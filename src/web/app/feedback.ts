import { notifications } from '@mantine/notifications';
import type { UseFormReturnType } from '@mantine/form';
import type { z } from 'zod';
import { ApiError } from './api';

/** Shows what went wrong: field errors go onto the form's fields, the rest into a notification. */
export function reportError(err: unknown, form?: UseFormReturnType<never>) {
  const unplaced: string[] = [];
  if (err instanceof ApiError && form && err.problem.errors?.length) {
    for (const e of err.problem.errors) {
      // The server names fields like `body.addresses.0.line1`; the form knows them as `addresses.0.line1`.
      const path = e.path.replace(/^(body|query|params)\.?/, '');
      if (path && getPath(path, form.getValues()) !== undefined) form.setFieldError(path as never, e.message);
      else unplaced.push(path ? `${path}: ${e.message}` : e.message);
    }
    if (!unplaced.length) return;
  }
  notifications.show({
    color: 'red',
    title: err instanceof ApiError ? err.problem.title : 'Something went wrong',
    message: [err instanceof Error ? err.message : String(err), ...unplaced].join('\n'),
    style: { whiteSpace: 'pre-line' },
  });
}

/** The value at a dotted path (`addresses.0.line1`), or undefined when the form has no such field. */
function getPath(path: string, values: unknown): unknown {
  let at: unknown = values;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export const saved = (message: string) => notifications.show({ color: 'green', message });

/** A Mantine form validator from a shared zod schema: the same rules the server applies. */
export function zodValidate<S extends z.ZodType>(schema: S, prepare: (values: never) => unknown = (v) => v) {
  return (values: unknown) => {
    const result = schema.safeParse(prepare(values as never));
    if (result.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.join('.');
      if (!errors[key]) errors[key] = issue.message;
    }
    return errors;
  };
}
