import { inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { nextLooseNumber } from '../../platform/db/sequences';
import { AppError } from '../../platform/errors';
import type { FileStore } from '../../platform/files';
import { movementActorLabel } from './inventory';
import { insufficientStock, refuseShortStock, stockNeeds } from './order-stock';
import { variableDataProof } from './products';
import { inventoryItems, orderLines, orders, type portals, type products } from './tables';

type ProductRow = typeof products.$inferSelect;
type OrderRow = typeof orders.$inferSelect;

/** One line of an order about to be written: what, how many, the buyer's values and files, and its price. */
export type LineToPlace = {
  product: ProductRow;
  quantity: number;
  values: Record<string, string>;
  artworkFileId?: string | null;
  /** When the buyer approved a variable-data proof: the template version current then sets the order's proof. */
  proofApprovedAt?: Date;
  price: { unitPriceCents: number; amountCents: number };
};

/**
 * Writes an order and its lines (the checkout's and a procurement system's OrderRequest alike): a number from the
 * order sequence, the proof of each variable-data line set now, every line in one statement. A cart the shelf
 * already cannot cover is refused first. Returns the order and the stock it needs, to be reserved with
 * `reserveOrderStock` as the transaction's last work.
 */
export async function writeOrder(
  db: Db,
  opts: {
    portal: typeof portals.$inferSelect;
    order: Omit<typeof orders.$inferInsert, 'number' | 'accountId' | 'portalId' | 'totalCents'>;
    lines: LineToPlace[];
    files: FileStore;
    today: string;
  },
): Promise<{ order: OrderRow; needs: Map<string, number> }> {
  const { portal, lines, files } = opts;
  const needs = new Map<string, number>();
  for (const line of lines)
    for (const [itemId, units] of await stockNeeds(db, line.product, line.quantity))
      needs.set(itemId, (needs.get(itemId) ?? 0) + units);
  // A cart the shelf already cannot cover is refused before anything is written.
  await refuseShortStock(db, [...needs]);
  // A sequence, not a counter row: concurrent checkouts do not wait for each other's number (docs/portals.md).
  const number = await nextLooseNumber(db, 'order', 'ORD', Number(opts.today.slice(0, 4)));
  const [order] = await db
    .insert(orders)
    .values({
      ...opts.order,
      accountId: portal.accountId,
      portalId: portal.id,
      number,
      totalCents: lines.reduce((sum, l) => sum + l.price.amountCents, 0),
    })
    .returning();
  const rows = [];
  for (const line of lines) {
    const proof =
      line.product.kind === 'variable_data'
        ? await files.put(
            await variableDataProof(line.product, line.values, portal.name, {
              db,
              files,
              approvedAt: line.proofApprovedAt,
            }),
          )
        : null;
    rows.push({
      accountId: portal.accountId,
      orderId: order!.id,
      productId: line.product.id,
      quantity: line.quantity,
      ...line.price,
      values: line.values,
      proofFileKey: proof?.key ?? null,
      artworkFileId: line.artworkFileId ?? null,
    });
  }
  if (rows.length) await db.insert(orderLines).values(rows);
  return { order: order!, needs };
}

/**
 * Reserves an order's stock in one statement: every item's row is locked in id order (so two orders that share
 * items never deadlock), reserved only where the shelf covers it, and its movement written while the row is
 * held. If any item falls short nothing is kept: the answer is INSUFFICIENT_STOCK and the caller's transaction
 * rolls back. Run it last, just before the commit, so the rows every buyer of a product needs are held briefly.
 */
export async function reserveOrderStock(
  db: Db,
  actor: Actor,
  order: { id: string; number: string },
  needs: Map<string, number>,
): Promise<void> {
  if (!needs.size) return;
  const wanted = JSON.stringify([...needs].map(([item_id, units]) => ({ item_id, units })));
  const result = (await db.execute(sql`
    with wanted as (select * from jsonb_to_recordset(${wanted}::jsonb) as w(item_id uuid, units int)),
    locked as materialized (
      select i.id from inventory_items i where i.id in (select item_id from wanted) order by i.id for update
    ),
    reserved as (
      update inventory_items i set reserved = i.reserved + w.units, updated_at = now()
      from wanted w, locked l
      where i.id = w.item_id and l.id = i.id and i.on_hand >= i.reserved + w.units
      returning i.id, i.account_id, i.on_hand, i.reserved, w.units
    )
    insert into inventory_movements
      (account_id, item_id, kind, quantity, on_hand_after, reserved_after, reason, order_id, actor_label)
    select account_id, id, 'reserve', units, on_hand, reserved, ${`Reserved for ${order.number}`}, ${order.id}::uuid,
      ${movementActorLabel(actor)}
    from reserved
    returning item_id`)) as unknown as { rows: { item_id: string }[] };
  if (result.rows.length === needs.size) return;
  const got = new Set(result.rows.map((r) => r.item_id));
  const short = await db
    .select()
    .from(inventoryItems)
    .where(
      inArray(
        inventoryItems.id,
        [...needs.keys()].filter((id) => !got.has(id)),
      ),
    );
  if (!short[0]) throw new AppError('INSUFFICIENT_STOCK', 'An item of this order is no longer stocked');
  throw insufficientStock(short[0]);
}
