import { notifications } from '@mantine/notifications';
import type { UseFormReturnType } from '@mantine/form';
import type { z } from 'zod';
import { ApiError } from './api';

/** Shows what went wrong: field errors go onto the form's fields, the rest into a notification. */
export function reportError(err: unknown, form?: UseFormReturnType<never>) {
  if (err instanceof ApiError && form && err.problem.errors?.length) {
    let placed = 0;
    for (const e of err.problem.errors) {
      const path = e.path.replace(/^(body|query|params)\./, '');
      form.setFieldError(path as never, e.message);
      placed++;
    }
    if (placed) return;
  }
  notifications.show({
    color: 'red',
    title: err instanceof ApiError ? err.problem.title : 'Something went wrong',
    message: err instanceof Error ? err.message : String(err),
  });
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
