import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { ToReplenish } from '../../../shared/replenish';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { createPurchaseOrder, insertLine } from './create-purchase-order';
import { presentMaterial } from './materials';
import { belowPoint } from './reorder-alert';
import { getPurchaseOrder } from './purchase-order-queries';
import { lockMaterials } from './stock';
import { materials, purchaseOrderLines, purchaseOrders, vendors } from './tables';

type Row = typeof materials.$inferSelect;

/**
 * What to order: back above the point and at least the reorder quantity, rounded up to the smallest pack. What
 * draft orders already hold (`drafted`, in stock units) counts as on order: nothing more when it is enough.
 */
export function suggestOrder(m: Row, drafted = 0) {
  const position = m.onHand - m.allocated + m.onOrder + drafted;
  if (drafted > 0 && position > m.reorderPoint)
    return { quantity: 0, unit: m.unit, factor: 1, stockUnits: 0 };
  const need = Math.max(m.reorderQuantity, m.reorderPoint - position + 1, 1);
  const pack = [...m.packUnits].sort((a, b) => a.factor - b.factor)[0];
  const factor = pack?.factor ?? 1;
  const quantity = Math.ceil(need / factor);
  return { quantity, unit: pack?.name ?? m.unit, factor, stockUnits: quantity * factor };
}

/** Draft orders holding a line for each of the materials. */
async function draftsOf(db: Db, materialIds: string[]) {
  if (!materialIds.length) return [];
  return db
    .select({
      materialId: purchaseOrderLines.materialId,
      id: purchaseOrders.id,
      number: purchaseOrders.number,
      stockUnits: sql<number>`${purchaseOrderLines.quantity} * ${purchaseOrderLines.unitFactor}`.mapWith(
        Number,
      ),
    })
    .from(purchaseOrderLines)
    .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
    .where(and(eq(purchaseOrders.status, 'draft'), inArray(purchaseOrderLines.materialId, materialIds)))
    .orderBy(desc(purchaseOrders.createdAt));
}

/** Active materials at or below their reorder point, by SKU, with the suggested order (at most 500). */
export async function listToReplenish(opts: { db: Db }): Promise<{ items: ToReplenish[] }> {
  const { db } = opts;
  const rows = await db
    .select({ m: materials, vendorId: vendors.id, vendorName: vendors.name })
    .from(materials)
    .leftJoin(vendors, eq(vendors.id, materials.preferredVendorId))
    .where(and(eq(materials.active, true), belowPoint))
    .orderBy(sql`lower(${materials.sku})`, asc(materials.id))
    .limit(500);
  const drafts = await draftsOf(
    db,
    rows.map((r) => r.m.id),
  );
  return {
    items: rows.map(({ m, vendorId, vendorName }) => {
      const draft = drafts.find((d) => d.materialId === m.id);
      const drafted = drafts.filter((d) => d.materialId === m.id).reduce((sum, d) => sum + d.stockUnits, 0);
      return {
        material: presentMaterial(m, vendorId ? { id: vendorId, name: vendorName! } : null),
        suggested: suggestOrder(m, drafted),
        onDraft: draft ? { id: draft.id, number: draft.number } : null,
      };
    }),
  };
}

/**
 * Puts a material at its reorder point on a draft PO to its preferred vendor: a line on that vendor's newest
 * draft, else a new draft. The material (then the vendor) is locked first, so two clicks at once make one line.
 */
export async function replenishMaterial(opts: ServiceContext & { id: string }) {
  const { db, actor, clock, id } = opts;
  const m = (await lockMaterials(db, [id])).get(id)!;
  if (!m.active) throw conflict(`${m.sku} is retired: it is not bought any more`);
  if (!m.preferredVendorId) {
    throw conflict(
      `Choose a preferred vendor for ${m.sku} ${m.name} first: the draft order goes to that vendor`,
    );
  }
  const [onDraft] = await draftsOf(db, [id]);
  if (onDraft) throw conflict(`${m.sku} is already on draft ${onDraft.number}`);
  if (m.reorderPoint <= 0 || m.onHand - m.allocated + m.onOrder > m.reorderPoint) {
    throw conflict(`${m.sku} is above its reorder point: nothing to replenish`);
  }
  await db.select({ id: vendors.id }).from(vendors).where(eq(vendors.id, m.preferredVendorId)).for('update');
  const s = suggestOrder(m);
  const line = {
    materialId: m.id,
    quantity: s.quantity,
    unit: s.unit,
    unitCostCents: Math.round((m.unitCostCents ?? 0) * s.factor),
    for: [],
  };
  const [draft] = await db
    .select()
    .from(purchaseOrders)
    .where(and(eq(purchaseOrders.vendorId, m.preferredVendorId), eq(purchaseOrders.status, 'draft')))
    .orderBy(desc(purchaseOrders.createdAt))
    .limit(1)
    .for('update');
  if (!draft) {
    const po = await createPurchaseOrder({
      ...opts,
      input: { vendorId: m.preferredVendorId, expectedDate: null, lines: [line] },
    });
    return { po, created: true };
  }
  const [last] = await db
    .select({ n: max(purchaseOrderLines.position) })
    .from(purchaseOrderLines)
    .where(eq(purchaseOrderLines.purchaseOrderId, draft.id));
  await insertLine(db, draft.id, (last?.n ?? 0) + 1, m, line, 'material');
  await recordAudit(db, actor, {
    action: 'purchase-order.line-added',
    entityType: 'purchase-order',
    entityId: draft.id,
    summary: `${draft.number}: ${s.quantity} ${s.unit} of ${m.sku} added to replenish stock`,
    after: line,
  });
  return { po: await getPurchaseOrder({ db, clock, id: draft.id }), created: false };
}
