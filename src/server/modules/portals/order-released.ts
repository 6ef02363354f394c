import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import type { orders } from './tables';
import './events';

/**
 * Publishes that an order's job exists and is released to production, in the transaction that links them —
 * wherever the release happens (at approval, or later from the queue), so the event follows the release.
 */
export async function emitOrderReleased(db: Db, actor: Actor, order: typeof orders.$inferSelect) {
  await emit(
    db,
    actor,
    'order.released',
    { entityType: 'order', entityId: order.id, accountId: order.accountId },
    {
      orderId: order.id,
      number: order.number,
      portalId: order.portalId,
      buyerId: order.buyerId,
      totalCents: order.totalCents,
      jobId: order.jobId!,
    },
  );
}
