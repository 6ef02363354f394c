import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { purchaseOrderLines, purchaseOrders } from './tables';

export type PoRow = typeof purchaseOrders.$inferSelect;
export type LineRow = typeof purchaseOrderLines.$inferSelect;

/** What a line orders, in stock units. */
export const ordered = (l: LineRow) => l.quantity * l.unitFactor;
/** What a line still expects, in stock units. */
export const outstanding = (l: LineRow) => Math.max(0, ordered(l) - l.received);
/** A sent order past its expected date. */
export const isOverdue = (po: PoRow, today: string) =>
  (po.status === 'sent' || po.status === 'partly_received') && !!po.expectedDate && po.expectedDate < today;

/** Locks an order for the rest of the transaction; "not found" for an unknown id. */
export async function lockPo(db: Db, id: string) {
  const [po] = await db.select().from(purchaseOrders).where(eq(purchaseOrders.id, id)).for('update');
  if (!po) throw notFound('Purchase order');
  return po;
}
