import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { ServiceContext } from '../../platform/service-context';
import { removeJobMaterial, sheetsNeeded, updateJobMaterial } from './job-materials';
import { jobMaterials } from './tables';

/**
 * What a job needs follows its items. A new quantity recomputes each need that was computed from the item (a
 * figure a person typed stays); an item that goes takes its needs with it, which is refused (409) while any of
 * them is on order. Runs in the transaction of the job's change.
 */
export async function followJobItems(
  opts: ServiceContext & { jobId: string; items: { id: string; quantity: number }[]; removed: boolean },
) {
  const { jobId, items, removed } = opts;
  const needs = await needsOfItems(
    opts.db,
    jobId,
    items.map((i) => i.id),
  );
  for (const jm of needs) {
    if (removed) {
      await removeJobMaterial({ ...opts, jobId, id: jm.id });
      continue;
    }
    const item = items.find((i) => i.id === jm.itemId);
    if (!jm.computed || !item) continue;
    const quantity = sheetsNeeded(item.quantity, jm.sheetsPerItem, jm.upCount, jm.spoilagePercent);
    if (quantity === jm.quantity) continue;
    await updateJobMaterial({
      ...opts,
      jobId,
      id: jm.id,
      input: { quantity, note: jm.note },
      computed: true,
    });
  }
}

async function needsOfItems(db: Db, jobId: string, itemIds: string[]) {
  if (!itemIds.length) return [];
  return db
    .select()
    .from(jobMaterials)
    .where(and(eq(jobMaterials.jobId, jobId), inArray(jobMaterials.itemId, itemIds)));
}
