import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { shipments } from './tables';

/** Jobs with a shipment on its way or delivered: what billing may invoice. */
export async function shippedJobIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ jobId: shipments.jobId })
    .from(shipments)
    .where(inArray(shipments.status, ['shipped', 'delivered']));
  return rows.flatMap((r) => (r.jobId ? [r.jobId] : []));
}
