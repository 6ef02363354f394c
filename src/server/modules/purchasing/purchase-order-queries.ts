import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { PoListQuery, PurchaseOrder, PurchaseOrderSummary } from '../../../shared/purchasing';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import type { Clock, ServiceContext } from '../../platform/service-context';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';
import { OPEN_PO_STATUSES } from './job-materials';
import { isOverdue, ordered, type PoRow } from './po-common';
import {
  jobMaterials,
  materials,
  purchaseOrderDemands,
  purchaseOrderLines,
  purchaseOrderReceipts,
  purchaseOrders,
  vendors,
} from './tables';

/** One order with its lines, the jobs each line was bought for, and its receipts. */
export async function getPurchaseOrder(opts: { db: Db; clock: Clock; id: string }): Promise<PurchaseOrder> {
  const { db, id } = opts;
  const today = opts.clock.today();
  const [row] = await db
    .select({ po: purchaseOrders, vendor: { id: vendors.id, name: vendors.name, email: vendors.email } })
    .from(purchaseOrders)
    .innerJoin(vendors, eq(vendors.id, purchaseOrders.vendorId))
    .where(eq(purchaseOrders.id, id));
  if (!row) throw notFound('Purchase order');
  const lines = await db
    .select({
      l: purchaseOrderLines,
      m: { id: materials.id, sku: materials.sku, name: materials.name, unit: materials.unit },
    })
    .from(purchaseOrderLines)
    .innerJoin(materials, eq(materials.id, purchaseOrderLines.materialId))
    .where(eq(purchaseOrderLines.purchaseOrderId, id))
    .orderBy(asc(purchaseOrderLines.position));
  const demands = lines.length
    ? await db
        .select({
          lineId: purchaseOrderDemands.lineId,
          jobId: jobs.id,
          number: jobs.number,
          quantity: purchaseOrderDemands.quantity,
        })
        .from(purchaseOrderDemands)
        .innerJoin(jobs, eq(jobs.id, purchaseOrderDemands.jobId))
        .where(
          inArray(
            purchaseOrderDemands.lineId,
            lines.map((l) => l.l.id),
          ),
        )
    : [];
  const receipts = await db
    .select({ r: purchaseOrderReceipts, by: users.name })
    .from(purchaseOrderReceipts)
    .leftJoin(users, eq(users.id, purchaseOrderReceipts.receivedBy))
    .where(eq(purchaseOrderReceipts.purchaseOrderId, id))
    .orderBy(asc(purchaseOrderReceipts.createdAt));
  const presentedLines = lines.map(({ l, m }) => ({
    id: l.id,
    material: m,
    quantity: l.quantity,
    unit: l.unit,
    unitFactor: l.unitFactor,
    unitCostCents: l.unitCostCents,
    amountCents: l.quantity * l.unitCostCents,
    orderedStockUnits: ordered(l),
    receivedStockUnits: l.received,
    damagedStockUnits: l.damaged,
    jobs: demands
      .filter((d) => d.lineId === l.id)
      .map((d) => ({ id: d.jobId, number: d.number, quantity: d.quantity })),
  }));
  return {
    ...summaryOf(
      row.po,
      row.vendor,
      today,
      presentedLines.reduce((s, l) => s + l.amountCents, 0),
      lines.length,
    ),
    shipTo: row.po.shipTo ?? null,
    lines: presentedLines,
    receipts: receipts.map(({ r, by }) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      by: by ?? 'system',
      note: r.note,
      lines: r.lines,
    })),
  };
}

function summaryOf(
  po: PoRow,
  vendor: { id: string; name: string; email: string },
  today: string,
  totalCents: number,
  lineCount: number,
) {
  return {
    id: po.id,
    number: po.number,
    vendor,
    status: po.status,
    expectedDate: po.expectedDate,
    overdue: isOverdue(po, today),
    notes: po.notes,
    totalCents,
    sentAt: po.sentAt?.toISOString() ?? null,
    sentTo: po.sentTo,
    createdAt: po.createdAt.toISOString(),
    lineCount,
  };
}

/** Orders newest first, by status, vendor, overdue, or those bought for the actor's jobs (`mine`). */
export async function listPurchaseOrders(opts: ServiceContext & { query: z.output<typeof PoListQuery> }) {
  const { db, query } = opts;
  const today = opts.clock.today();
  const userId = opts.actor.id;
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const totals = db
    .select({
      poId: purchaseOrderLines.purchaseOrderId,
      total: sql<number>`sum(${purchaseOrderLines.quantity} * ${purchaseOrderLines.unitCostCents})::int`.as(
        'total',
      ),
      n: sql<number>`count(*)::int`.as('n'),
    })
    .from(purchaseOrderLines)
    .groupBy(purchaseOrderLines.purchaseOrderId)
    .as('totals');
  const rows = await db
    .select({
      po: purchaseOrders,
      vendor: { id: vendors.id, name: vendors.name, email: vendors.email },
      total: totals.total,
      n: totals.n,
    })
    .from(purchaseOrders)
    .innerJoin(vendors, eq(vendors.id, purchaseOrders.vendorId))
    .leftJoin(totals, eq(totals.poId, purchaseOrders.id))
    .where(
      and(
        query.status === 'open'
          ? inArray(purchaseOrders.status, [...OPEN_PO_STATUSES])
          : query.status
            ? eq(purchaseOrders.status, query.status)
            : undefined,
        query.vendorId ? eq(purchaseOrders.vendorId, query.vendorId) : undefined,
        query.mine === 'true'
          ? sql`exists (select 1 from purchase_order_lines l join purchase_order_demands d on d.line_id = l.id
              join jobs j on j.id = d.job_id where l.purchase_order_id = ${purchaseOrders.id} and j.owner_id = ${userId})`
          : undefined,
        query.overdue === 'true'
          ? and(
              inArray(purchaseOrders.status, ['sent', 'partly_received']),
              lt(purchaseOrders.expectedDate, today),
            )
          : undefined,
        after
          ? or(
              lt(purchaseOrders.createdAt, new Date(String(after[0]))),
              and(
                eq(purchaseOrders.createdAt, new Date(String(after[0]))),
                lt(purchaseOrders.id, String(after[1])),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(purchaseOrders.createdAt), desc(purchaseOrders.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.po;
  return {
    items: page.map((r): PurchaseOrderSummary => summaryOf(r.po, r.vendor, today, r.total ?? 0, r.n ?? 0)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** The job needs a line still has to fill, soonest-due job first, locked for the receipt that fills them. */
export async function unfilledDemandsOfLine(db: Db, lineId: string) {
  return db
    .select({ d: purchaseOrderDemands, jm: jobMaterials })
    .from(purchaseOrderDemands)
    .innerJoin(jobMaterials, eq(jobMaterials.id, purchaseOrderDemands.jobMaterialId))
    .innerJoin(jobs, eq(jobs.id, purchaseOrderDemands.jobId))
    .where(
      and(
        eq(purchaseOrderDemands.lineId, lineId),
        sql`${purchaseOrderDemands.filled} < ${purchaseOrderDemands.quantity}`,
      ),
    )
    .orderBy(asc(jobs.dueDate))
    .for('update', { of: [purchaseOrderDemands, jobMaterials] });
}

/** Open POs past their expected date that a job still waits on (for the job's risk). */
export async function overduePurchaseOrdersOf(opts: { db: Db; jobId: string; clock: Clock }) {
  const { db, jobId } = opts;
  const today = opts.clock.today();
  return db
    .selectDistinct({ number: purchaseOrders.number, expectedDate: purchaseOrders.expectedDate })
    .from(purchaseOrderDemands)
    .innerJoin(purchaseOrderLines, eq(purchaseOrderLines.id, purchaseOrderDemands.lineId))
    .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
    .where(
      and(
        eq(purchaseOrderDemands.jobId, jobId),
        sql`${purchaseOrderDemands.filled} < ${purchaseOrderDemands.quantity}`,
        inArray(purchaseOrders.status, ['sent', 'partly_received']),
        lt(purchaseOrders.expectedDate, today),
      ),
    );
}
