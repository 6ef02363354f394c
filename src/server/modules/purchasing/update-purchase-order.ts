import { eq } from 'drizzle-orm';
import { poStatusMoves } from '../../../shared/status-machines';
import type { z } from 'zod';
import type { UpdatePurchaseOrder } from '../../../shared/purchasing';
import { recordAudit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { conflict } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import './events';
import { lockPo, outstanding, type PoRow } from './po-common';
import { getPurchaseOrder } from './purchase-order-queries';
import { changeOnOrder } from './stock';
import { purchaseOrderLines, purchaseOrders } from './tables';

/**
 * Changes an order's expected date or notes, or closes or cancels it (what it still expected comes off
 * order). Publishes `purchase_order.updated` with the jobs its lines were bought for.
 */
export async function updatePurchaseOrder(
  opts: ServiceContext & { id: string; input: z.output<typeof UpdatePurchaseOrder> },
) {
  const { db, actor, clock, id, input } = opts;
  const po = await lockPo(db, id);
  const changes: Partial<PoRow> = {};
  if (input.expectedDate !== undefined) changes.expectedDate = input.expectedDate;
  if (input.notes !== undefined) changes.notes = input.notes;
  if (input.status) {
    if (input.status === 'cancelled' && !poStatusMoves[po.status].includes('cancelled')) {
      throw conflict(`${po.number} is ${po.status.replace('_', ' ')}: close it instead of cancelling`);
    }
    if (input.status === 'closed' && !poStatusMoves[po.status].includes('closed')) {
      throw conflict(`${po.number} is ${po.status}: only a sent order can be closed`);
    }
    if (po.status === 'sent' || po.status === 'partly_received') {
      const lines = await db
        .select()
        .from(purchaseOrderLines)
        .where(eq(purchaseOrderLines.purchaseOrderId, id));
      for (const l of lines) await changeOnOrder(db, l.materialId, -outstanding(l));
    }
    changes.status = input.status;
  }
  await db
    .update(purchaseOrders)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(purchaseOrders.id, id));
  await recordAudit(db, actor, {
    action: input.status ? `purchase-order.${input.status}` : 'purchase-order.updated',
    entityType: 'purchase-order',
    entityId: id,
    summary: input.status
      ? `${po.number} ${input.status}${input.reason ? `: ${input.reason}` : ''}`
      : `${po.number} changed: ${Object.keys(changes).join(', ') || 'nothing'}`,
    before: { status: po.status, expectedDate: po.expectedDate, notes: po.notes },
    after: changes,
  });
  const after = await getPurchaseOrder({ db, clock, id });
  await emit(
    db,
    actor,
    'purchase_order.updated',
    { entityType: 'purchase-order', entityId: id, accountId: null },
    {
      purchaseOrderId: id,
      number: after.number,
      jobIds: [...new Set(after.lines.flatMap((l) => l.jobs.map((j) => j.id)))],
      status: after.status,
      expectedDate: after.expectedDate,
    },
  );
  return after;
}
