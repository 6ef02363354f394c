import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Order, OrderListQuery, OrderStatus } from '../../../shared/portals';
import type { Db } from '../../platform/db';
import { systemActor, type Actor } from '../../platform/actor';
import { notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { accounts, costCentres } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { shipments } from '../shipping/tables';
import { emitOrderReleased } from './order-released';
import { orderLines, orders, portalUsers, portals, products } from './tables';

const selectOrders = (db: Db) =>
  db
    .select({
      o: orders,
      portal: { id: portals.id, slug: portals.slug, name: portals.name },
      accountName: accounts.name,
      buyer: { id: portalUsers.id, name: portalUsers.name, email: portalUsers.email },
      centre: { id: costCentres.id, name: costCentres.name, code: costCentres.code },
      jobNumber: jobs.number,
    })
    .from(orders)
    .innerJoin(portals, eq(portals.id, orders.portalId))
    .innerJoin(accounts, eq(accounts.id, orders.accountId))
    .innerJoin(portalUsers, eq(portalUsers.id, orders.buyerId))
    .innerJoin(costCentres, eq(costCentres.id, orders.costCentreId))
    .leftJoin(jobs, eq(jobs.id, orders.jobId));
type OrderJoin = Awaited<ReturnType<ReturnType<typeof selectOrders>['where']>>[number];

async function present(db: Db, rows: OrderJoin[]): Promise<Order[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.o.id);
  const lines = await db
    .select({
      line: orderLines,
      product: { id: products.id, sku: products.sku, name: products.name, kind: products.kind },
    })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(inArray(orderLines.orderId, ids))
    .orderBy(asc(orderLines.createdAt));
  const jobIds = rows.map((r) => r.o.jobId).filter((x): x is string => Boolean(x));
  const sent = jobIds.length
    ? await db
        .select()
        .from(shipments)
        .where(inArray(shipments.jobId, jobIds))
        .orderBy(asc(shipments.createdAt))
    : [];
  return rows.map(({ o, portal, accountName, buyer, centre, jobNumber }) => {
    const mine = sent.filter((s) => s.jobId === o.jobId);
    const moving = ['approved', 'in_fulfilment'].includes(o.status) && mine.length > 0;
    const status: OrderStatus =
      moving && mine.every((s) => s.status === 'delivered')
        ? 'completed'
        : moving && mine.some((s) => s.status === 'shipped' || s.status === 'delivered')
          ? 'shipped'
          : o.status;
    return {
      id: o.id,
      number: o.number,
      portal,
      account: { id: o.accountId, name: accountName },
      buyer,
      costCentre: centre,
      status,
      approvalReasons: o.approvalReasons,
      decision: o.decidedAt
        ? {
            by: o.decidedByLabel ?? '',
            at: o.decidedAt.toISOString(),
            comment: o.decisionComment,
            approved: o.status !== 'rejected',
          }
        : null,
      shipTo: o.shipTo,
      neededBy: o.neededBy,
      notes: o.notes,
      clientPo: o.clientPo,
      totalCents: o.totalCents,
      job: o.jobId ? { id: o.jobId, number: jobNumber! } : null,
      releasing: !o.jobId && (o.status === 'approved' || o.status === 'in_fulfilment'),
      shipments: mine.map((s) => ({
        id: s.id,
        number: s.number,
        carrier: s.carrier,
        status: s.status,
        trackingNumber: s.trackingNumber,
        trackingUrl: s.trackingUrl,
      })),
      lines: lines
        .filter((l) => l.line.orderId === o.id)
        .map(({ line, product }) => ({
          id: line.id,
          product,
          quantity: line.quantity,
          unitPriceCents: line.unitPriceCents,
          amountCents: line.amountCents,
          values: line.values,
          picked: line.picked,
        })),
      createdAt: o.createdAt.toISOString(),
    };
  });
}

export async function getOrder(db: Db, id: string, scope: { portalId?: string; buyerId?: string } = {}) {
  const rows = await selectOrders(db).where(
    and(
      eq(orders.id, id),
      scope.portalId ? eq(orders.portalId, scope.portalId) : undefined,
      scope.buyerId ? eq(orders.buyerId, scope.buyerId) : undefined,
    ),
  );
  if (!rows.length) throw notFound('Order');
  return (await present(db, rows))[0]!;
}

export async function listOrders(
  db: Db,
  query: z.output<typeof OrderListQuery>,
  scope: {
    portalId?: string;
    buyerId?: string;
    awaitingApprover?: typeof portalUsers.$inferSelect;
    ownerId?: string | null;
  } = {},
) {
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const approver = scope.awaitingApprover;
  // The page's ids first, from the orders table alone (an index read backwards), then their details: joined in
  // one query, the planner sorted every matching order (row-level security hides how few rows it needs).
  const pageIds = db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        query.status === 'open'
          ? inArray(orders.status, ['pending_approval', 'approved', 'in_fulfilment'])
          : query.status
            ? eq(orders.status, query.status)
            : undefined,
        query.portalId ? eq(orders.portalId, query.portalId) : undefined,
        query.accountId ? eq(orders.accountId, query.accountId) : undefined,
        query.mine === 'true'
          ? inArray(
              orders.accountId,
              db
                .select({ id: accounts.id })
                .from(accounts)
                .where(eq(accounts.ownerId, scope.ownerId ?? '00000000-0000-0000-0000-000000000000')),
            )
          : undefined,
        scope.portalId ? eq(orders.portalId, scope.portalId) : undefined,
        scope.buyerId ? eq(orders.buyerId, scope.buyerId) : undefined,
        approver
          ? and(
              eq(orders.status, 'pending_approval'),
              sql`${orders.buyerId} <> ${approver.id}`,
              approver.costCentreIds.length
                ? sql`${orders.costCentreId} = any(${`{${approver.costCentreIds.join(',')}}`}::uuid[])`
                : undefined,
            )
          : undefined,
        after
          ? sql`(${orders.createdAt}, ${orders.id}) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(query.limit + 1);
  const rows = await selectOrders(db)
    .where(inArray(orders.id, pageIds))
    .orderBy(desc(orders.createdAt), desc(orders.id));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.o;
  return {
    items: await present(db, page),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** An order's lines with their products, oldest first: what the order → job flow turns into job items. */
export async function orderLinesWithProducts(db: Db, orderId: string) {
  return db
    .select({ line: orderLines, product: products })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.createdAt));
}

/** The order row itself (for flows that act on an order event). */
export async function findOrder(db: Db, id: string) {
  const [order] = await db.select().from(orders).where(eq(orders.id, id));
  return order ?? null;
}

/** Records the job an approved order became: the order is released to production (`order.released`). */
export async function linkOrderToJob(db: Db, orderId: string, jobId: string, actor: Actor = systemActor) {
  const [order] = await db
    .update(orders)
    .set({ jobId, updatedAt: new Date() })
    .where(eq(orders.id, orderId))
    .returning();
  if (order) await emitOrderReleased(db, actor, order);
}
