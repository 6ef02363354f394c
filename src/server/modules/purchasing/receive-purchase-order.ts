import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ReceiptInput } from '../../../shared/purchasing';
import { recordAudit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { conflict, invalid } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import './events';
import { lockPo, ordered, outstanding } from './po-common';
import { unfilledDemandsOfLine } from './purchase-order-queries';
import { allocateFreeStock, changeOnOrder, lockMaterials, moveStock } from './stock';
import { purchaseOrderDemands, purchaseOrderLines, purchaseOrderReceipts, purchaseOrders } from './tables';

/**
 * Records goods received against a PO: good units go into stock and first to the jobs the lines were ordered
 * for (soonest due first), damaged units are noted and not stocked, more than ordered is accepted as stock.
 * Publishes `purchase_order.received` with the jobs whose materials changed, so their risk is re-assessed.
 */
export async function receivePurchaseOrder(
  opts: ServiceContext & { id: string; input: z.output<typeof ReceiptInput> },
) {
  const { db, actor, id, input } = opts;
  const po = await lockPo(db, id);
  if (po.status !== 'sent' && po.status !== 'partly_received') {
    throw conflict(
      po.status === 'draft'
        ? `${po.number} has not been sent: send it before receiving against it`
        : `${po.number} is ${po.status.replace('_', ' ')}: nothing more can be received`,
    );
  }
  const lines = await db
    .select()
    .from(purchaseOrderLines)
    .where(eq(purchaseOrderLines.purchaseOrderId, id))
    .for('update');
  const seen = new Set<string>();
  for (const [i, r] of input.lines.entries()) {
    if (!lines.some((l) => l.id === r.lineId))
      throw invalid('Unknown line', [{ path: `lines.${i}.lineId`, message: 'Not a line of this order' }]);
    if (seen.has(r.lineId))
      throw invalid('A line appears twice', [{ path: `lines.${i}.lineId`, message: 'Duplicate line' }]);
    if (r.quantity + r.damaged === 0)
      throw invalid('Nothing received on a line', [
        { path: `lines.${i}.quantity`, message: 'Enter what arrived' },
      ]);
    seen.add(r.lineId);
  }
  const locked = await lockMaterials(
    db,
    lines.filter((l) => seen.has(l.id)).map((l) => l.materialId),
  );
  const touchedJobs = new Set<string>();
  for (const r of input.lines) {
    const line = lines.find((l) => l.id === r.lineId)!;
    let material = locked.get(line.materialId)!;
    await changeOnOrder(db, material.id, -Math.min(outstanding(line), r.quantity + r.damaged));
    await db
      .update(purchaseOrderLines)
      .set({ received: line.received + r.quantity, damaged: line.damaged + r.damaged, updatedAt: new Date() })
      .where(eq(purchaseOrderLines.id, line.id));
    line.received += r.quantity;
    if (!r.quantity) continue;
    material = await moveStock(db, actor, {
      material,
      kind: 'receipt',
      delta: r.quantity,
      reason: `Received on ${po.number}${r.damaged ? ` (${r.damaged} damaged, not stocked)` : ''}`,
      purchaseOrderId: po.id,
    });
    const demands = await unfilledDemandsOfLine(db, line.id);
    let left = r.quantity;
    for (const { d, jm } of demands) {
      const fill = Math.min(left, d.quantity - d.filled);
      if (fill <= 0) break;
      await db
        .update(purchaseOrderDemands)
        .set({ filled: d.filled + fill, updatedAt: new Date() })
        .where(eq(purchaseOrderDemands.id, d.id));
      left -= fill;
      const before = material.allocated;
      material = await allocateFreeStock(
        db,
        material,
        [{ ...jm, quantity: Math.min(jm.quantity, jm.allocated + fill) }],
        {
          countAsReceived: true,
        },
      );
      if (material.allocated > before) touchedJobs.add(d.jobId);
    }
    locked.set(material.id, material);
  }
  const complete = lines.every((l) => l.received >= ordered(l));
  await db
    .update(purchaseOrders)
    .set({ status: complete ? 'received' : 'partly_received', updatedAt: new Date() })
    .where(eq(purchaseOrders.id, id));
  const [receipt] = await db
    .insert(purchaseOrderReceipts)
    .values({ purchaseOrderId: id, lines: input.lines, note: input.note ?? null, receivedBy: actor.id })
    .returning();
  await recordAudit(db, actor, {
    action: 'purchase-order.received',
    entityType: 'purchase-order',
    entityId: id,
    summary: `${po.number}: received ${input.lines.reduce((s, l) => s + l.quantity, 0)} units${
      input.lines.some((l) => l.damaged) ? `, ${input.lines.reduce((s, l) => s + l.damaged, 0)} damaged` : ''
    }${complete ? ' — complete' : ''}`,
    after: input,
  });
  await emit(
    db,
    actor,
    'purchase_order.received',
    { entityType: 'purchase-order', entityId: id, accountId: null },
    { purchaseOrderId: id, number: po.number, jobIds: [...touchedJobs], complete },
  );
  return { receiptId: receipt!.id, jobIds: [...touchedJobs] };
}
