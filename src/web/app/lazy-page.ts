import { lazy, type ComponentType } from 'react';

/**
 * A page loaded on first use: `lazyPage(() => import('../pages/jobs/job-page'), 'JobPage')` makes the job page
 * its own chunk. Pages keep their named exports; this picks the one the route shows.
 */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
