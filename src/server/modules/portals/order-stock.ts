import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { inventoryItems, products } from './tables';

type ProductRow = typeof products.$inferSelect;

/** Stocked lines reserve their item; kits reserve each stocked component. Returns [itemId, units] pairs. */
export async function stockNeeds(db: Db, product: ProductRow, quantity: number): Promise<[string, number][]> {
  if (product.kind === 'stocked' && product.inventoryItemId) return [[product.inventoryItemId, quantity]];
  if (product.kind !== 'kit' || !product.components.length) return [];
  const parts = await db
    .select()
    .from(products)
    .where(
      inArray(
        products.id,
        product.components.map((c) => c.productId),
      ),
    );
  return product.components.flatMap((c) => {
    const p = parts.find((x) => x.id === c.productId);
    return p?.kind === 'stocked' && p.inventoryItemId
      ? [[p.inventoryItemId, c.quantity * quantity] as [string, number]]
      : [];
  });
}

/**
 * Refuses early, before anything is written, when the stock already on the shelf cannot cover the needs (a
 * plain read: the reservation at the end of checkout is what guarantees it, atomically). In a rush for the last
 * units the buyers who cannot have them stop here instead of doing the whole checkout and failing at its end.
 */
export async function refuseShortStock(db: Db, needs: [string, number][]): Promise<void> {
  if (!needs.length) return;
  const wanted = new Map<string, number>();
  for (const [itemId, units] of needs) wanted.set(itemId, (wanted.get(itemId) ?? 0) + units);
  const items = await db
    .select({
      id: inventoryItems.id,
      sku: inventoryItems.sku,
      name: inventoryItems.name,
      onHand: inventoryItems.onHand,
      reserved: inventoryItems.reserved,
    })
    .from(inventoryItems)
    .where(inArray(inventoryItems.id, [...wanted.keys()]));
  for (const item of items) {
    if (item.onHand - item.reserved < wanted.get(item.id)!) throw insufficientStock(item);
  }
}

/** The refusal when an item's shelf cannot cover what is asked: what it is and how many are free. */
export function insufficientStock(item: { sku: string; name: string; onHand: number; reserved: number }) {
  const available = item.onHand - item.reserved;
  return new AppError('INSUFFICIENT_STOCK', `Not enough ${item.sku} ${item.name}: ${available} available`, [
    { path: 'quantity', message: `${available} available` },
  ]);
}
