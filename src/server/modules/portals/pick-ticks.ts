import { and, eq } from 'drizzle-orm';
import type { PickLine } from '../../../shared/pick-list';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { AppError, conflict, notFound } from '../../platform/errors';
import { lockOrder } from './order-decisions';
import type { OrderEffects } from './order-mail';
import { pickOrder } from './order-picking';
import { pickListOf } from './pick-list';
import { pickTicks } from './tables';

const who = (actor: Actor) => (actor.kind === 'system' ? 'system' : actor.name);

/** Locks the orders in one order (by id), so two pickers working overlapping lists cannot deadlock. */
async function lockOrders(db: Db, ids: string[]) {
  const rows = [];
  for (const id of [...ids].sort()) rows.push(await lockOrder(db, id));
  return rows;
}

async function writeTick(db: Db, actor: Actor, line: PickLine, picked: boolean, how: string) {
  if (picked)
    await db
      .insert(pickTicks)
      .values({
        accountId: (await lockOrder(db, line.orderId)).accountId,
        orderId: line.orderId,
        orderLineId: line.orderLineId,
        productId: line.productId,
        pickedBy: who(actor),
      })
      .onConflictDoNothing();
  else
    await db
      .delete(pickTicks)
      .where(and(eq(pickTicks.orderLineId, line.orderLineId), eq(pickTicks.productId, line.productId)));
  const order = await lockOrder(db, line.orderId);
  await recordAudit(db, actor, {
    action: picked ? 'order.pick.ticked' : 'order.pick.unticked',
    entityType: 'order',
    entityId: line.orderId,
    accountId: order.accountId,
    summary: `${line.orderNumber}: ${line.quantity} × ${line.itemSku} at ${line.location ?? 'no bin'} ${picked ? `${how} as picked` : 'unticked'}`,
  });
}

/** Ticks (or unticks) one line of an order's pick list. */
export async function tickPickLine(
  db: Db,
  actor: Actor,
  orderId: string,
  input: { orderLineId: string; productId: string; picked: boolean },
) {
  await lockOrders(db, [orderId]);
  const list = await pickListOf(db, [orderId]);
  const line = list.lines.find((l) => l.orderLineId === input.orderLineId && l.productId === input.productId);
  if (!line) throw notFound('Pick line');
  if (line.pickedBy === 'confirmed') throw conflict(`${line.orderNumber} is already confirmed as picked`);
  await writeTick(db, actor, line, input.picked, 'ticked');
  return pickListOf(db, [orderId]);
}

/**
 * A scanned barcode or typed SKU ticks the first unticked line with that SKU (the shelf's item SKU or the
 * product's), in walking order. The orders are locked first, so two scans of the same SKU at once tick two lines.
 */
export async function scanPickCode(db: Db, actor: Actor, orderIds: string[], code: string) {
  await lockOrders(db, orderIds);
  const list = await pickListOf(db, orderIds);
  const wanted = code.trim().toLowerCase();
  const matching = list.lines.filter(
    (l) => l.itemSku.toLowerCase() === wanted || l.sku.toLowerCase() === wanted,
  );
  if (!matching.length) throw new AppError('NOT_FOUND', `Nothing on this pick list has the code “${code}”`);
  const line = matching.find((l) => !l.picked);
  if (!line) throw conflict(`Every line with ${code} is already ticked`);
  await writeTick(db, actor, line, true, 'scanned');
  return { list: await pickListOf(db, orderIds), ticked: { ...line, picked: true, pickedBy: who(actor) } };
}

/**
 * Confirms picking for orders whose pick lists are fully ticked: the existing pick confirmation takes the units
 * off the shelf (pickOrder). An order with unticked lines is refused and says which.
 */
export async function confirmPickList(db: Db, actor: Actor, orderIds: string[], effects: OrderEffects) {
  await lockOrders(db, orderIds);
  const list = await pickListOf(db, orderIds);
  const open = list.lines.filter((l) => !l.picked);
  if (open.length)
    throw conflict(
      `Not all picked yet: ${open
        .slice(0, 5)
        .map((l) => `${l.orderNumber} ${l.quantity} × ${l.itemSku} at ${l.location ?? 'no bin'}`)
        .join('; ')}${open.length > 5 ? ` and ${open.length - 5} more` : ''}`,
    );
  for (const o of list.orders) if (o.status === 'approved') await pickOrder(db, actor, o.id, effects);
  return pickListOf(db, orderIds);
}
