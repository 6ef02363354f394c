import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreatePurchaseOrder,
  PoFromShortages,
  PoListQuery,
  PurchaseOrder,
  PurchaseOrderSummary,
  ReceiptInput,
  SendPurchaseOrder,
  UpdatePurchaseOrder,
} from '../../../shared/purchasing';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { nextNumber } from '../../platform/db/sequences';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { Mailer } from '../../platform/mail';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { addDays } from '../../platform/calendar/working-days';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';
import { listShortages, OPEN_PO_STATUSES } from './job-materials';
import { purchaseOrderPdf } from './po-pdf';
import { allocateFreeStock, changeOnOrder, lockMaterials, moveStock } from './stock';
import { findVendor } from './vendors';
import {
  jobMaterials,
  materials,
  purchaseOrderDemands,
  purchaseOrderLines,
  purchaseOrderReceipts,
  purchaseOrders,
  vendors,
} from './tables';

type PoRow = typeof purchaseOrders.$inferSelect;
type LineRow = typeof purchaseOrderLines.$inferSelect;
const ordered = (l: LineRow) => l.quantity * l.unitFactor;
const outstanding = (l: LineRow) => Math.max(0, ordered(l) - l.received);
const isOverdue = (po: PoRow, today: string) =>
  (po.status === 'sent' || po.status === 'partly_received') && !!po.expectedDate && po.expectedDate < today;

async function lockPo(db: Db, id: string) {
  const [po] = await db.select().from(purchaseOrders).where(eq(purchaseOrders.id, id)).for('update');
  if (!po) throw notFound('Purchase order');
  return po;
}

export async function getPurchaseOrder(db: Db, id: string, today: string): Promise<PurchaseOrder> {
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

export async function listPurchaseOrders(
  db: Db,
  query: z.output<typeof PoListQuery>,
  today: string,
  userId: string | null = null,
) {
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

/** Checks the job needs a line says it covers: same material, and no more than each one still lacks. */
async function checkDemands(
  db: Db,
  materialId: string,
  demands: { jobMaterialId: string; quantity: number }[],
  path: string,
) {
  if (!demands.length) return [];
  const rows = await db
    .select({ id: jobMaterials.id, jobId: jobMaterials.jobId, materialId: jobMaterials.materialId })
    .from(jobMaterials)
    .where(
      inArray(
        jobMaterials.id,
        demands.map((d) => d.jobMaterialId),
      ),
    );
  for (const d of demands) {
    const row = rows.find((r) => r.id === d.jobMaterialId);
    if (!row || row.materialId !== materialId) {
      throw invalid('A line covers a job need of another material', [
        { path, message: 'Unknown job material for this line' },
      ]);
    }
  }
  return demands.map((d) => ({ ...d, jobId: rows.find((r) => r.id === d.jobMaterialId)!.jobId }));
}

export async function createPurchaseOrder(
  db: Db,
  actor: Actor,
  input: z.output<typeof CreatePurchaseOrder>,
  today: string,
) {
  const vendor = await findVendor(db, input.vendorId).catch(() => {
    throw invalid('Unknown vendor', [{ path: 'vendorId', message: 'Unknown vendor' }]);
  });
  if (!vendor.active)
    throw invalid(`${vendor.name} is inactive`, [{ path: 'vendorId', message: 'Inactive vendor' }]);
  if (input.expectedDate && input.expectedDate < today) {
    throw invalid('The expected date is in the past', [
      { path: 'expectedDate', message: `Must be ${today} or later` },
    ]);
  }
  const found = await db
    .select()
    .from(materials)
    .where(
      inArray(
        materials.id,
        input.lines.map((l) => l.materialId),
      ),
    );
  const number = await nextNumber(db, 'purchase_order', 'PO', Number(today.slice(0, 4)));
  const [po] = await db
    .insert(purchaseOrders)
    .values({
      number,
      vendorId: vendor.id,
      expectedDate: input.expectedDate ?? addDays(today, vendor.leadTimeDays),
      notes: input.notes ?? null,
      shipTo: input.shipTo ?? null,
      createdBy: actor.id,
    })
    .returning();
  for (const [i, line] of input.lines.entries()) {
    const m = found.find((x) => x.id === line.materialId);
    if (!m)
      throw invalid('Unknown material', [{ path: `lines.${i}.materialId`, message: 'Unknown material' }]);
    const unit = line.unit ?? m.unit;
    const factor = unit === m.unit ? 1 : m.packUnits.find((u) => u.name === unit)?.factor;
    if (!factor) {
      throw invalid(`${m.sku} is not bought in ${unit}`, [
        { path: `lines.${i}.unit`, message: `Use ${[m.unit, ...m.packUnits.map((u) => u.name)].join(', ')}` },
      ]);
    }
    const demands = await checkDemands(db, m.id, line.for, `lines.${i}.for`);
    if (demands.reduce((s, d) => s + d.quantity, 0) > line.quantity * factor) {
      throw invalid('The line orders less than the job needs it covers', [
        {
          path: `lines.${i}.quantity`,
          message: `At least ${demands.reduce((s, d) => s + d.quantity, 0)} ${m.unit}`,
        },
      ]);
    }
    const [saved] = await db
      .insert(purchaseOrderLines)
      .values({
        purchaseOrderId: po!.id,
        position: i + 1,
        materialId: m.id,
        quantity: line.quantity,
        unit,
        unitFactor: factor,
        unitCostCents: line.unitCostCents,
      })
      .returning();
    for (const d of demands) {
      await db
        .insert(purchaseOrderDemands)
        .values({ lineId: saved!.id, jobMaterialId: d.jobMaterialId, jobId: d.jobId, quantity: d.quantity });
    }
  }
  await recordAudit(db, actor, {
    action: 'purchase-order.created',
    entityType: 'purchase-order',
    entityId: po!.id,
    summary: `${number} to ${vendor.name} drafted with ${input.lines.length} line(s)`,
    after: input,
  });
  return getPurchaseOrder(db, po!.id, today);
}

/** A draft PO covering the chosen shortages: one line per material in its first pack unit, rounded up. */
export async function purchaseOrderFromShortages(
  db: Db,
  actor: Actor,
  input: z.output<typeof PoFromShortages>,
  today: string,
) {
  const all = await listShortages(db);
  const chosen = input.jobMaterialIds.map((id) => {
    const s = all.find((x) => x.jobMaterialId === id);
    if (!s)
      throw invalid('Nothing is short on one of the chosen needs', [
        { path: 'jobMaterialIds', message: `No shortage for ${id}` },
      ]);
    return s;
  });
  const vendorIds = new Set(chosen.map((s) => s.preferredVendor?.id).filter(Boolean));
  const vendorId = input.vendorId ?? (vendorIds.size === 1 ? [...vendorIds][0]! : undefined);
  if (!vendorId) {
    throw invalid('Pick the vendor: the chosen materials have no single preferred vendor', [
      { path: 'vendorId', message: 'Required' },
    ]);
  }
  const byMaterial = new Map<string, typeof chosen>();
  for (const s of chosen) byMaterial.set(s.material.id, [...(byMaterial.get(s.material.id) ?? []), s]);
  const rows = await db
    .select()
    .from(materials)
    .where(inArray(materials.id, [...byMaterial.keys()]));
  const lines = [...byMaterial.entries()].map(([materialId, needs]) => {
    const m = rows.find((r) => r.id === materialId)!;
    const total = needs.reduce((s, n) => s + n.shortage, 0);
    const pack = [...m.packUnits].sort((a, b) => a.factor - b.factor)[0];
    const factor = pack?.factor ?? 1;
    return {
      materialId,
      quantity: Math.ceil(total / factor),
      unit: pack?.name ?? m.unit,
      unitCostCents: Math.round((m.unitCostCents ?? 0) * factor),
      for: needs.map((n) => ({ jobMaterialId: n.jobMaterialId, quantity: n.shortage })),
    };
  });
  return createPurchaseOrder(db, actor, { vendorId, expectedDate: input.expectedDate ?? null, lines }, today);
}

export async function updatePurchaseOrder(
  db: Db,
  actor: Actor,
  id: string,
  input: z.output<typeof UpdatePurchaseOrder>,
  today: string,
) {
  const po = await lockPo(db, id);
  const changes: Partial<PoRow> = {};
  if (input.expectedDate !== undefined) changes.expectedDate = input.expectedDate;
  if (input.notes !== undefined) changes.notes = input.notes;
  if (input.status) {
    if (input.status === 'cancelled' && !['draft', 'sent'].includes(po.status)) {
      throw conflict(`${po.number} is ${po.status.replace('_', ' ')}: close it instead of cancelling`);
    }
    if (input.status === 'closed' && ['draft', 'closed', 'cancelled'].includes(po.status)) {
      throw conflict(`${po.number} is ${po.status}: only a sent order can be closed`);
    }
    if (po.status === 'sent' || po.status === 'partly_received') {
      const lines = await db
        .select()
        .from(purchaseOrderLines)
        .where(eq(purchaseOrderLines.purchaseOrderId, id));
      for (const l of lines) await changeOnOrder(db, l.materialId, -outstanding(l));
    }
    changes.status = input.status;
  }
  await db
    .update(purchaseOrders)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(purchaseOrders.id, id));
  await recordAudit(db, actor, {
    action: input.status ? `purchase-order.${input.status}` : 'purchase-order.updated',
    entityType: 'purchase-order',
    entityId: id,
    summary: input.status
      ? `${po.number} ${input.status}${input.reason ? `: ${input.reason}` : ''}`
      : `${po.number} changed: ${Object.keys(changes).join(', ') || 'nothing'}`,
    before: { status: po.status, expectedDate: po.expectedDate, notes: po.notes },
    after: changes,
  });
  return getPurchaseOrder(db, id, today);
}

export async function renderPurchaseOrderPdf(db: Db, id: string, today: string, shopName: string) {
  const po = await getPurchaseOrder(db, id, today);
  const [vendor] = await db.select().from(vendors).where(eq(vendors.id, po.vendor.id));
  return { po, pdf: await purchaseOrderPdf(po, vendor!, shopName) };
}

/** E-mails the PO as a PDF to the vendor (through the queue); the first send puts its lines on order. */
export async function sendPurchaseOrder(
  db: Db,
  actor: Actor,
  id: string,
  input: z.output<typeof SendPurchaseOrder>,
  opts: { today: string; mailer: Mailer; shopName: string },
) {
  const current = await lockPo(db, id);
  if (!['draft', 'sent', 'partly_received'].includes(current.status)) {
    throw conflict(`${current.number} is ${current.status}: it cannot be sent`);
  }
  const { po, pdf } = await renderPurchaseOrderPdf(db, id, opts.today, opts.shopName);
  const to = input.to ?? po.vendor.email;
  await opts.mailer.queueMail(db, {
    to,
    subject: `Purchase order ${po.number} from ${opts.shopName}`,
    text:
      `${input.message ? `${input.message}\n\n` : ''}Please find purchase order ${po.number} attached` +
      `${po.expectedDate ? `, needed by ${po.expectedDate}` : ''}.\nPlease quote ${po.number} on your delivery note and invoice.\n\n${opts.shopName}\n`,
    attachments: [{ filename: `${po.number}.pdf`, contentType: 'application/pdf', content: pdf }],
  });
  if (current.status === 'draft') {
    const lines = await db
      .select()
      .from(purchaseOrderLines)
      .where(eq(purchaseOrderLines.purchaseOrderId, id));
    for (const l of lines) await changeOnOrder(db, l.materialId, outstanding(l));
  }
  await db
    .update(purchaseOrders)
    .set({
      status: current.status === 'draft' ? 'sent' : current.status,
      sentAt: new Date(),
      sentTo: to,
      updatedAt: new Date(),
    })
    .where(eq(purchaseOrders.id, id));
  await recordAudit(db, actor, {
    action: 'purchase-order.sent',
    entityType: 'purchase-order',
    entityId: id,
    summary: `${po.number} e-mailed to ${to}`,
    after: { to },
  });
  return getPurchaseOrder(db, id, opts.today);
}

/**
 * Records goods received against a PO: good units go into stock and first to the jobs the lines were ordered
 * for (soonest due first), damaged units are noted and not stocked, more than ordered is accepted as stock.
 * Returns the jobs whose materials changed, so their risk can be re-assessed.
 */
export async function receivePurchaseOrder(
  db: Db,
  actor: Actor,
  id: string,
  input: z.output<typeof ReceiptInput>,
  today: string,
) {
  const po = await lockPo(db, id);
  if (po.status !== 'sent' && po.status !== 'partly_received') {
    throw conflict(
      po.status === 'draft'
        ? `${po.number} has not been sent: send it before receiving against it`
        : `${po.number} is ${po.status.replace('_', ' ')}: nothing more can be received`,
    );
  }
  const lines = await db
    .select()
    .from(purchaseOrderLines)
    .where(eq(purchaseOrderLines.purchaseOrderId, id))
    .for('update');
  const seen = new Set<string>();
  for (const [i, r] of input.lines.entries()) {
    if (!lines.some((l) => l.id === r.lineId))
      throw invalid('Unknown line', [{ path: `lines.${i}.lineId`, message: 'Not a line of this order' }]);
    if (seen.has(r.lineId))
      throw invalid('A line appears twice', [{ path: `lines.${i}.lineId`, message: 'Duplicate line' }]);
    if (r.quantity + r.damaged === 0)
      throw invalid('Nothing received on a line', [
        { path: `lines.${i}.quantity`, message: 'Enter what arrived' },
      ]);
    seen.add(r.lineId);
  }
  const locked = await lockMaterials(
    db,
    lines.filter((l) => seen.has(l.id)).map((l) => l.materialId),
  );
  const touchedJobs = new Set<string>();
  for (const r of input.lines) {
    const line = lines.find((l) => l.id === r.lineId)!;
    let material = locked.get(line.materialId)!;
    await changeOnOrder(db, material.id, -Math.min(outstanding(line), r.quantity + r.damaged));
    await db
      .update(purchaseOrderLines)
      .set({ received: line.received + r.quantity, damaged: line.damaged + r.damaged, updatedAt: new Date() })
      .where(eq(purchaseOrderLines.id, line.id));
    line.received += r.quantity;
    if (!r.quantity) continue;
    material = await moveStock(db, actor, {
      material,
      kind: 'receipt',
      delta: r.quantity,
      reason: `Received on ${po.number}${r.damaged ? ` (${r.damaged} damaged, not stocked)` : ''}`,
      purchaseOrderId: po.id,
    });
    const demands = await db
      .select({ d: purchaseOrderDemands, jm: jobMaterials })
      .from(purchaseOrderDemands)
      .innerJoin(jobMaterials, eq(jobMaterials.id, purchaseOrderDemands.jobMaterialId))
      .innerJoin(jobs, eq(jobs.id, purchaseOrderDemands.jobId))
      .where(
        and(
          eq(purchaseOrderDemands.lineId, line.id),
          sql`${purchaseOrderDemands.filled} < ${purchaseOrderDemands.quantity}`,
        ),
      )
      .orderBy(asc(jobs.dueDate))
      .for('update', { of: [purchaseOrderDemands, jobMaterials] });
    let left = r.quantity;
    for (const { d, jm } of demands) {
      const fill = Math.min(left, d.quantity - d.filled);
      if (fill <= 0) break;
      await db
        .update(purchaseOrderDemands)
        .set({ filled: d.filled + fill, updatedAt: new Date() })
        .where(eq(purchaseOrderDemands.id, d.id));
      left -= fill;
      const before = material.allocated;
      material = await allocateFreeStock(
        db,
        material,
        [{ ...jm, quantity: Math.min(jm.quantity, jm.allocated + fill) }],
        {
          countAsReceived: true,
        },
      );
      if (material.allocated > before) touchedJobs.add(d.jobId);
    }
    locked.set(material.id, material);
  }
  const complete = lines.every((l) => l.received >= ordered(l));
  await db
    .update(purchaseOrders)
    .set({ status: complete ? 'received' : 'partly_received', updatedAt: new Date() })
    .where(eq(purchaseOrders.id, id));
  const [receipt] = await db
    .insert(purchaseOrderReceipts)
    .values({ purchaseOrderId: id, lines: input.lines, note: input.note ?? null, receivedBy: actor.id })
    .returning();
  await recordAudit(db, actor, {
    action: 'purchase-order.received',
    entityType: 'purchase-order',
    entityId: id,
    summary: `${po.number}: received ${input.lines.reduce((s, l) => s + l.quantity, 0)} units${
      input.lines.some((l) => l.damaged) ? `, ${input.lines.reduce((s, l) => s + l.damaged, 0)} damaged` : ''
    }${complete ? ' — complete' : ''}`,
    after: input,
  });
  void today;
  return { receiptId: receipt!.id, jobIds: [...touchedJobs] };
}

/** Open POs past their expected date that a job still waits on (for the job's risk). */
export async function overduePurchaseOrdersOf(db: Db, jobId: string, today: string) {
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
