import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Order, OrderListQuery, OrderStatus } from '../../../shared/portals';
import { prepared, shapeName, type Db } from '../../platform/db';
import { systemActor, type Actor } from '../../platform/actor';
import { notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { accounts, costCentres } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { shipments } from '../shipping/tables';
import { emitOrderReleased } from './order-released';
import { orderLines, orders, portalUsers, portals, products } from './tables';
import type { PortalPrincipalUser } from './users';

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
  const linesQuery = prepared(db, 'order_lines_of_orders', (d) =>
    d
      .select({
        line: orderLines,
        product: { id: products.id, sku: products.sku, name: products.name, kind: products.kind },
      })
      .from(orderLines)
      .innerJoin(products, eq(products.id, orderLines.productId))
      .where(sql`${orderLines.orderId} = any(${sql.placeholder('ids')}::uuid[])`)
      .orderBy(asc(orderLines.createdAt))
      .prepare('order_lines_of_orders'),
  );
  const lines = await linesQuery.execute({ ids });
  const jobIds = rows.map((r) => r.o.jobId).filter((x): x is string => Boolean(x));
  const shipmentsQuery = prepared(db, 'shipments_of_jobs', (d) =>
    d
      .select()
      .from(shipments)
      .where(sql`${shipments.jobId} = any(${sql.placeholder('ids')}::uuid[])`)
      .orderBy(asc(shipments.createdAt))
      .prepare('shipments_of_jobs'),
  );
  const sent = jobIds.length ? await shipmentsQuery.execute({ ids: jobIds }) : [];
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
    awaitingApprover?: PortalPrincipalUser;
    ownerId?: string | null;
  } = {},
) {
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const approver = scope.awaitingApprover;
  const P = (name: string) => sql.placeholder(name);
  const shape = {
    o: query.status === 'open',
    s: !!query.status && query.status !== 'open',
    p: !!query.portalId,
    a: !!query.accountId,
    m: query.mine === 'true',
    w: !!scope.portalId,
    b: !!scope.buyerId,
    v: !!approver,
    c: !!approver?.costCentreIds.length,
    k: !!after,
  };
  const name = shapeName('order_list', shape);
  // The page's ids first, from the orders table alone (an index read backwards), then their details: joined in
  // one query, the planner sorted every matching order (row-level security hides how few rows it needs).
  // Each combination of filters is built once and sent as its own prepared statement.
  const list = prepared(db, name, (d) => {
    const pageIds = d
      .select({ id: orders.id })
      .from(orders)
      .where(
        and(
          shape.o ? inArray(orders.status, ['pending_approval', 'approved', 'in_fulfilment']) : undefined,
          shape.s ? eq(orders.status, P('status')) : undefined,
          shape.p ? eq(orders.portalId, P('portalId')) : undefined,
          shape.a ? eq(orders.accountId, P('accountId')) : undefined,
          shape.m
            ? inArray(
                orders.accountId,
                d
                  .select({ id: accounts.id })
                  .from(accounts)
                  .where(eq(accounts.ownerId, P('ownerId'))),
              )
            : undefined,
          shape.w ? eq(orders.portalId, P('scopePortalId')) : undefined,
          shape.b ? eq(orders.buyerId, P('buyerId')) : undefined,
          shape.v
            ? and(eq(orders.status, 'pending_approval'), sql`${orders.buyerId} <> ${P('approverId')}`)
            : undefined,
          shape.c ? sql`${orders.costCentreId} = any(${P('centres')}::uuid[])` : undefined,
          shape.k
            ? sql`(${orders.createdAt}, ${orders.id}) < (${P('afterAt')}::timestamptz, ${P('afterId')}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(P('limit'));
    return selectOrders(d)
      .where(inArray(orders.id, pageIds))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .prepare(name);
  });
  const rows = await list.execute({
    status: query.status,
    portalId: query.portalId,
    accountId: query.accountId,
    ownerId: scope.ownerId ?? '00000000-0000-0000-0000-000000000000',
    scopePortalId: scope.portalId,
    buyerId: scope.buyerId,
    approverId: approver?.id,
    centres: approver?.costCentreIds,
    afterAt: after ? String(after[0]) : undefined,
    afterId: after ? String(after[1]) : undefined,
    limit: query.limit + 1,
  });
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
