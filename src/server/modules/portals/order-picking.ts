import { and, eq } from 'drizzle-orm';
import { canMove, orderStatusMoves } from '../../../shared/status-machines';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import { conflict } from '../../platform/errors';
import { getUser } from '../users';
import { notifyUser } from '../notifications';
import { getAccount } from '../accounts';
import { changeStock, lowStock } from './inventory';
import { lockOrder } from './order-decisions';
import type { OrderEffects } from './order-mail';
import { getOrder } from './order-queries';
import { stockNeeds } from './order-stock';
import { inventoryItems, orderLines, orders, products } from './tables';

/** The warehouse confirms picking the stocked lines: reserved units leave the shelf; low stock alerts the AM once. */
export async function pickOrder(db: Db, actor: Actor, orderId: string, effects: OrderEffects) {
  const order = await lockOrder(db, orderId);
  if (!canMove(orderStatusMoves, order.status, 'in_fulfilment'))
    throw conflict(`${order.number} is ${order.status.replace('_', ' ')}: nothing to pick`);
  const lines = await db
    .select({ line: orderLines, product: products })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(and(eq(orderLines.orderId, order.id), eq(orderLines.picked, false)));
  const touched = new Set<string>();
  for (const { line, product } of lines) {
    const needs = await stockNeeds(db, product, line.quantity);
    for (const [itemId, units] of needs) {
      await changeStock(db, actor, itemId, {
        kind: 'pick',
        onHand: -units,
        reserved: -units,
        reason: `Picked for ${order.number}`,
        orderId: order.id,
        jobId: order.jobId,
      });
      touched.add(itemId);
    }
    if (needs.length)
      await db
        .update(orderLines)
        .set({ picked: true, updatedAt: new Date() })
        .where(eq(orderLines.id, line.id));
  }
  await db
    .update(orders)
    .set({ status: 'in_fulfilment', updatedAt: new Date() })
    .where(eq(orders.id, order.id));
  await recordAudit(db, actor, {
    action: 'order.picked',
    entityType: 'order',
    entityId: order.id,
    accountId: order.accountId,
    summary: `${order.number} picked from client stock`,
  });
  for (const itemId of touched) await alertIfLow(db, actor, itemId, effects);
  return getOrder(db, order.id);
}

async function alertIfLow(db: Db, actor: Actor, itemId: string, effects: OrderEffects) {
  const [item] = await db.select().from(inventoryItems).where(eq(inventoryItems.id, itemId));
  if (!item || !lowStock(item) || item.lowAlertedAt) return;
  await db.update(inventoryItems).set({ lowAlertedAt: new Date() }).where(eq(inventoryItems.id, itemId));
  await emit(
    db,
    actor,
    'stock.low',
    { entityType: 'inventory_item', entityId: item.id, accountId: item.accountId },
    {
      inventoryItemId: item.id,
      sku: item.sku,
      name: item.name,
      accountId: item.accountId,
      available: item.onHand - item.reserved,
      reorderPoint: item.reorderPoint,
    },
  );
  const account = await getAccount({ db, id: item.accountId, health: false });
  const ownerId = account.owner?.id;
  if (!ownerId) return;
  const title = `Low stock: ${item.sku} ${item.name} for ${account.name} (${item.onHand - item.reserved} left, reorder at ${item.reorderPoint})`;
  await notifyUser({
    db,
    userId: ownerId,
    kind: 'inventory.low',
    title,
    link: `/inventory/${item.id}`,
  });
  const owner = await getUser({ db, id: ownerId });
  await effects.mailer.queueMail(db, {
    to: owner.email,
    subject: title,
    text: `${title}\n\nCreate the reprint job in one click: ${effects.publicUrl}/inventory/${item.id}\n`,
  });
}
