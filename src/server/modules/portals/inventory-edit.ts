import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { InventoryItemEdit } from '../../../shared/pick-list';
import { recordAudit } from '../../platform/audit';
import { notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { getInventoryItem } from './inventory';
import { inventoryItems } from './tables';

/** Staff change an item's name, unit, reorder figures or bin location; stock itself moves only by movements. */
export async function updateInventoryItem(
  opts: ServiceContext & { id: string; input: z.output<typeof InventoryItemEdit> },
) {
  const { db, actor, id, input } = opts;
  const [before] = await db.select().from(inventoryItems).where(eq(inventoryItems.id, id)).for('update');
  if (!before) throw notFound('Inventory item');
  const [after] = await db
    .update(inventoryItems)
    .set({ ...input, updatedAt: opts.clock.now() })
    .where(eq(inventoryItems.id, id))
    .returning();
  const moved = input.location !== undefined && input.location !== before.location;
  await recordAudit(db, actor, {
    action: 'inventory.item.updated',
    entityType: 'inventory-item',
    entityId: id,
    accountId: before.accountId,
    summary: moved
      ? `${before.sku} moved from ${before.location ?? 'no bin'} to ${after!.location ?? 'no bin'}`
      : `${before.sku} ${before.name} changed`,
    before: {
      name: before.name,
      unit: before.unit,
      reorderPoint: before.reorderPoint,
      reorderQuantity: before.reorderQuantity,
      location: before.location,
    },
    after: input,
  });
  return getInventoryItem({ db, id });
}
