import { and, asc, desc, eq, getTableName, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Order, OrderListQuery, OrderStatus } from '../../../shared/portals';
import { PostalAddress } from '../../../shared/purchasing';
import { prepared, shapeName, type Db } from '../../platform/db';
import { isoMoment, onlyKeys } from '../../platform/db/json-sql';
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

const ORDER_LINES = `coalesce((select json_agg(json_build_object(
    'id', l.id, 'product', json_build_object('id', p.id, 'sku', p.sku, 'name', p.name, 'kind', p.kind),
    'quantity', l.quantity, 'unitPriceCents', l.unit_price_cents, 'amountCents', l.amount_cents,
    'values', l.values, 'picked', l.picked) order by l.created_at)
  from ${getTableName(orderLines)} l join ${getTableName(products)} p on p.id = l.product_id
  where l.order_id = "orders"."id"), '[]'::json)`;
const SHIPMENTS = `coalesce((select json_agg(json_build_object('id', s.id, 'number', s.number,
    'carrier', s.carrier, 'status', s.status, 'trackingNumber', s.tracking_number, 'trackingUrl', s.tracking_url)
    order by s.created_at)
  from ${getTableName(shipments)} s where s.job_id = "orders"."job_id"), '[]'::json)`;
const MOVING = `"orders"."status" in ('approved', 'in_fulfilment')
  and exists(select 1 from ${getTableName(shipments)} s where s.job_id = "orders"."job_id")`;
// present(): an order moving with shipments is completed when all are delivered, shipped when one has left.
const STATUS = `case
  when ${MOVING} and not exists(select 1 from ${getTableName(shipments)} s
    where s.job_id = "orders"."job_id" and s.status <> 'delivered') then 'completed'
  when ${MOVING} and exists(select 1 from ${getTableName(shipments)} s
    where s.job_id = "orders"."job_id" and s.status in ('shipped', 'delivered')) then 'shipped'
  else "orders"."status" end`;

const row = (table: PgTable, column: string, fields: string[]) =>
  `(select json_build_object(${fields.map((f) => `'${f}', r.${f}`).join(', ')}) from ${getTableName(table)} r
    where r.id = "orders"."${column}")`;

/** An order as `present` answers it (the `Order` schema), written as JSON by PostgreSQL from the orders table. */
const orderJson = sql<string>`json_build_object(
  'id', "orders"."id", 'number', "orders"."number",
  'portal', ${sql.raw(row(portals, 'portal_id', ['id', 'slug', 'name']))},
  'account', ${sql.raw(row(accounts, 'account_id', ['id', 'name']))},
  'buyer', ${sql.raw(row(portalUsers, 'buyer_id', ['id', 'name', 'email']))},
  'costCentre', ${sql.raw(row(costCentres, 'cost_centre_id', ['id', 'name', 'code']))},
  'status', ${sql.raw(STATUS)},
  'approvalReasons', "orders"."approval_reasons",
  'decision', case when "orders"."decided_at" is not null then json_build_object(
    'by', coalesce("orders"."decided_by_label", ''), 'at', ${sql.raw(isoMoment('"orders"."decided_at"'))},
    'comment', "orders"."decision_comment", 'approved', "orders"."status" <> 'rejected') end,
  'shipTo', ${sql.raw(onlyKeys('"orders"."ship_to"', Object.keys(PostalAddress.shape)))},
  'neededBy', "orders"."needed_by", 'notes', "orders"."notes", 'clientPo', "orders"."client_po",
  'totalCents', "orders"."total_cents",
  'job', ${sql.raw(row(jobs, 'job_id', ['id', 'number']))},
  'releasing', "orders"."job_id" is null and "orders"."status" in ('approved', 'in_fulfilment'),
  'shipments', ${sql.raw(SHIPMENTS)},
  'lines', ${sql.raw(ORDER_LINES)},
  'createdAt', ${sql.raw(isoMoment('"orders"."created_at"'))}
)::text`;

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

/**
 * Orders newest first, filtered as staff, a buyer or an approver asks: the page as JSON text, each order written by
 * PostgreSQL (`orderJson`: what `getOrder` answers one by one; a test holds them equal).
 */
export async function listOrders(
  db: Db,
  query: z.output<typeof OrderListQuery>,
  scope: {
    portalId?: string;
    buyerId?: string;
    awaitingApprover?: PortalPrincipalUser;
    ownerId?: string | null;
  } = {},
): Promise<string> {
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
    return d
      .select({ json: orderJson, createdAt: orders.createdAt, id: orders.id })
      .from(orders)
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
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null;
  return `{"items":[${page.map((r) => r.json).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
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
