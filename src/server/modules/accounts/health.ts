import type { Db } from '../../platform/db';

export type HealthFigures = { openJobs?: number; lateJobs?: number; openQueries?: number };
/** Figures for many accounts at once; modules that own the data (jobs, inbox) provide them. */
export type HealthSource = (db: Db, accountIds: string[]) => Promise<Map<string, HealthFigures>>;

const sources: HealthSource[] = [];

/** Jobs, the inbox and orders add their figures to every account's health line through this. */
export function registerHealthSource(source: HealthSource) {
  if (!sources.includes(source)) sources.push(source);
}

export async function healthFor(db: Db, accountIds: string[]): Promise<Map<string, HealthFigures>> {
  const merged = new Map<string, HealthFigures>();
  if (!accountIds.length) return merged;
  for (const source of sources) {
    for (const [id, figures] of await source(db, accountIds))
      merged.set(id, { ...merged.get(id), ...figures });
  }
  return merged;
}
