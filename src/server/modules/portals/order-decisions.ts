import { and, eq, inArray } from 'drizzle-orm';
import { orderStatusMoves } from '../../../shared/status-machines';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { emit } from '../../platform/events';
import { changeStock } from './inventory';
import { tell, type OrderEffects } from './order-mail';
import { getOrder } from './order-queries';
import { stockNeeds } from './order-stock';
import { orderLines, orders, portalUsers, products } from './tables';
import './events';
import type { PortalPrincipalUser } from './users';

type OrderRow = typeof orders.$inferSelect;

/** Who may approve an order: active approvers and client admins of its cost centre, never its buyer. */
export async function approversOf(db: Db, order: OrderRow) {
  const rows = await db
    .select()
    .from(portalUsers)
    .where(
      and(
        eq(portalUsers.portalId, order.portalId),
        eq(portalUsers.active, true),
        inArray(portalUsers.role, ['approver', 'client_admin']),
      ),
    );
  return rows.filter(
    (u) =>
      u.id !== order.buyerId && (!u.costCentreIds.length || u.costCentreIds.includes(order.costCentreId)),
  );
}

export async function lockOrder(db: Db, id: string) {
  const [order] = await db.select().from(orders).where(eq(orders.id, id)).for('update');
  if (!order) throw notFound('Order');
  return order;
}

/** Approves or rejects an order waiting for approval; a rejection gives back its reserved stock. */
export async function decide(
  db: Db,
  opts: {
    orderId: string;
    approve: boolean;
    comment?: string | null;
    actor: Actor;
    approver?: PortalPrincipalUser;
    effects: OrderEffects;
  },
) {
  const order = await lockOrder(db, opts.orderId);
  if (opts.approver) {
    const allowed = (await approversOf(db, order)).some((u) => u.id === opts.approver!.id);
    if (!allowed) throw notFound('Order');
  }
  if (!orderStatusMoves[order.status].includes(opts.approve ? 'approved' : 'rejected'))
    throw conflict(`${order.number} is ${order.status.replace('_', ' ')}: nothing to decide`);
  if (!opts.approve) await releaseReservations(db, opts.actor, order);
  const [updated] = await db
    .update(orders)
    .set({
      status: opts.approve ? 'approved' : 'rejected',
      decidedByPortalUserId: opts.approver?.id ?? null,
      decidedByUserId: opts.approver ? null : opts.actor.id,
      decidedByLabel: opts.actor.name,
      decidedAt: new Date(),
      decisionComment: opts.comment ?? null,
      updatedAt: new Date(),
    })
    .where(eq(orders.id, order.id))
    .returning();
  await recordAudit(db, opts.actor, {
    action: opts.approve ? 'order.approved' : 'order.rejected',
    entityType: 'order',
    entityId: order.id,
    accountId: order.accountId,
    summary: `${order.number} ${opts.approve ? 'approved' : 'rejected'} by ${opts.actor.name}${opts.comment ? `: ${opts.comment}` : ''}`,
  });
  const [buyer] = await db.select().from(portalUsers).where(eq(portalUsers.id, order.buyerId));
  await tell(db, updated!, 'order.decided', buyer!.email, opts.effects);
  await emitOrderEvent(db, opts.actor, updated!, opts.approve ? 'order.approved' : 'order.rejected');
  return getOrder(db, order.id);
}

async function releaseReservations(db: Db, actor: Actor, order: OrderRow) {
  const lines = await db
    .select({ line: orderLines, product: products })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(orderLines.orderId, order.id));
  for (const { line, product } of lines) {
    if (line.picked) continue;
    for (const [itemId, units] of await stockNeeds(db, product, line.quantity)) {
      await changeStock(db, actor, itemId, {
        kind: 'release',
        onHand: 0,
        reserved: -units,
        reason: `Released from ${order.number}`,
        orderId: order.id,
      });
    }
  }
}

/** Publishes an order event in the caller's transaction. */
export async function emitOrderEvent(
  db: Db,
  actor: Actor,
  order: OrderRow,
  type: 'order.approved' | 'order.rejected' | 'order.placed',
) {
  const base = {
    orderId: order.id,
    number: order.number,
    portalId: order.portalId,
    buyerId: order.buyerId,
    totalCents: order.totalCents,
  };
  const subject = { entityType: 'order', entityId: order.id, accountId: order.accountId };
  if (type === 'order.rejected')
    return emit(db, actor, type, subject, { ...base, comment: order.decisionComment });
  if (type === 'order.placed')
    return emit(db, actor, type, subject, {
      ...base,
      status: order.status === 'approved' ? 'approved' : 'pending_approval',
    });
  return emit(db, actor, type, subject, base);
}
