import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { products } from './tables';

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
