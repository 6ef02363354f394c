import { and, asc, desc, eq, gt, ilike, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Material, MaterialInput, MaterialListQuery, MovementInput } from '../../../shared/purchasing';
import { changedFields, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import { decodeCursor, decodeSeqCursor, encodeCursor } from '../../platform/pagination';
import type { ServiceContext } from '../../platform/service-context';
import { jobs } from '../jobs/tables';
import { followReorderPoint } from './reorder-alert';
import { issueToJob, lockMaterials, moveStock } from './stock';
import { materialMovements, materials, purchaseOrders, vendors } from './tables';

type Row = typeof materials.$inferSelect;

export function presentMaterial(m: Row, vendor: { id: string; name: string } | null): Material {
  const available = m.onHand - m.allocated;
  return {
    id: m.id,
    sku: m.sku,
    name: m.name,
    kind: m.kind,
    spec: m.spec,
    unit: m.unit,
    packUnits: m.packUnits,
    preferredVendor: vendor,
    unitCostCents: m.unitCostCents,
    reorderPoint: m.reorderPoint,
    reorderQuantity: m.reorderQuantity,
    active: m.active,
    stock: {
      onHand: m.onHand,
      allocated: m.allocated,
      onOrder: m.onOrder,
      available,
      belowReorderPoint: m.reorderPoint > 0 && available + m.onOrder <= m.reorderPoint,
    },
  };
}

const selectMaterials = (db: Db) =>
  db
    .select({ m: materials, vendorId: vendors.id, vendorName: vendors.name })
    .from(materials)
    .leftJoin(vendors, eq(vendors.id, materials.preferredVendorId));

const toMaterial = (r: { m: Row; vendorId: string | null; vendorName: string | null }) =>
  presentMaterial(r.m, r.vendorId ? { id: r.vendorId, name: r.vendorName! } : null);

/** One material with its stock and preferred vendor. */
export async function getMaterial(opts: { db: Db; id: string }): Promise<Material> {
  const [row] = await selectMaterials(opts.db).where(eq(materials.id, opts.id));
  if (!row) throw notFound('Material');
  return toMaterial(row);
}

/** The catalogue by SKU, searched by name or SKU, by kind, or only what is below its reorder point. */
export async function listMaterials(opts: { db: Db; query: z.output<typeof MaterialListQuery> }) {
  const { db, query } = opts;
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await selectMaterials(db)
    .where(
      and(
        query.q ? or(ilike(materials.name, `%${query.q}%`), ilike(materials.sku, `%${query.q}%`)) : undefined,
        query.kind ? eq(materials.kind, query.kind) : undefined,
        query.low === 'true'
          ? sql`${materials.reorderPoint} > 0 and ${materials.onHand} - ${materials.allocated} + ${materials.onOrder} <= ${materials.reorderPoint}`
          : undefined,
        after
          ? or(
              gt(sql`lower(${materials.sku})`, String(after[0])),
              and(eq(sql`lower(${materials.sku})`, String(after[0])), gt(materials.id, String(after[1]))),
            )
          : undefined,
      ),
    )
    .orderBy(sql`lower(${materials.sku})`, asc(materials.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.m;
  return {
    items: page.map(toMaterial),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sku.toLowerCase(), last.id]) : null,
  };
}

async function checkInput(db: Db, input: z.output<typeof MaterialInput>, exceptId?: string) {
  const [clash] = await db
    .select({ id: materials.id })
    .from(materials)
    .where(eq(sql`lower(${materials.sku})`, input.sku.toLowerCase()));
  if (clash && clash.id !== exceptId) {
    throw invalid(`SKU ${input.sku} is already used`, [{ path: 'sku', message: 'Already used' }]);
  }
  const names = input.packUnits.map((u) => u.name.toLowerCase());
  if (new Set([...names, input.unit.toLowerCase()]).size !== names.length + 1) {
    throw invalid('Each unit needs its own name', [{ path: 'packUnits', message: 'Duplicate unit name' }]);
  }
  if (input.preferredVendorId) {
    const [v] = await db
      .select({ id: vendors.id })
      .from(vendors)
      .where(eq(vendors.id, input.preferredVendorId));
    if (!v) throw invalid('Unknown vendor', [{ path: 'preferredVendorId', message: 'Unknown vendor' }]);
  }
}

/** Adds a material to the catalogue (SKUs are unique, case aside). */
export async function createMaterial(opts: ServiceContext & { input: z.output<typeof MaterialInput> }) {
  const { db, actor, input } = opts;
  await checkInput(db, input);
  const [row] = await db.insert(materials).values(input).returning();
  await recordAudit(db, actor, {
    action: 'material.created',
    entityType: 'material',
    entityId: row!.id,
    summary: `Material ${row!.sku} ${row!.name} added`,
    after: input,
  });
  return getMaterial({ db, id: row!.id });
}

/** Changes a material; its stock unit stays while stock is on hand. */
export async function updateMaterial(
  opts: ServiceContext & { id: string; input: z.output<typeof MaterialInput> },
) {
  const { db, actor, id, input } = opts;
  const before = (await lockMaterials(db, [id])).get(id)!;
  await checkInput(db, input, id);
  if (input.unit !== before.unit && before.onHand > 0) {
    throw conflict(`The stock unit cannot change while ${before.onHand} ${before.unit} are on hand`);
  }
  const [row] = await db
    .update(materials)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(materials.id, id))
    .returning();
  await followReorderPoint(db, id);
  await recordAudit(db, actor, {
    action: 'material.updated',
    entityType: 'material',
    entityId: id,
    summary: `Material ${row!.sku} changed: ${changedFields(before, row!).join(', ') || 'nothing'}`,
    before,
    after: row,
  });
  return getMaterial({ db, id });
}

/**
 * A manual stock change: an adjustment (±), a return to stock, a cycle count (the quantity counted), or an
 * issue of stock to a job.
 */
export async function recordMovement(
  opts: ServiceContext & { materialId: string; input: z.output<typeof MovementInput> },
) {
  const { db, actor, materialId, input } = opts;
  const material = (await lockMaterials(db, [materialId])).get(materialId)!;
  const delta =
    input.kind === 'count'
      ? input.quantity - material.onHand
      : input.kind === 'issue'
        ? -input.quantity
        : input.quantity;
  const reason =
    input.kind === 'count'
      ? `Counted ${input.quantity} (was ${material.onHand}): ${input.reason}`
      : input.reason;
  const after =
    input.kind === 'issue'
      ? await issueToJob(db, actor, { material, jobId: input.jobId!, quantity: input.quantity, reason })
      : await moveStock(db, actor, { material, kind: input.kind, delta, reason });
  await recordAudit(db, actor, {
    action: `material.stock.${input.kind}`,
    entityType: 'material',
    entityId: materialId,
    summary: `${material.sku}: ${delta >= 0 ? '+' : ''}${delta} ${material.unit} (${reason}); on hand ${after.onHand}`,
    before: { onHand: material.onHand },
    after: { onHand: after.onHand },
  });
  return getMaterial({ db, id: materialId });
}

/** A material's stock movements, newest first in the order they took effect (`seq`), with the job or order each came from. */
export async function listMovements(opts: {
  db: Db;
  materialId: string;
  query: { limit: number; cursor?: string };
}) {
  const { db, materialId, query } = opts;
  await getMaterial({ db, id: materialId });
  const after = query.cursor ? decodeSeqCursor(query.cursor) : null;
  const rows = await db
    .select({ mv: materialMovements, jobNumber: jobs.number, poNumber: purchaseOrders.number })
    .from(materialMovements)
    .leftJoin(jobs, eq(jobs.id, materialMovements.jobId))
    .leftJoin(purchaseOrders, eq(purchaseOrders.id, materialMovements.purchaseOrderId))
    .where(
      and(
        eq(materialMovements.materialId, materialId),
        after === null ? undefined : lt(materialMovements.seq, after),
      ),
    )
    .orderBy(desc(materialMovements.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.mv;
  return {
    items: page.map(({ mv, jobNumber, poNumber }) => ({
      id: mv.id,
      at: mv.createdAt.toISOString(),
      kind: mv.kind,
      quantity: mv.quantity,
      onHandAfter: mv.onHandAfter,
      reason: mv.reason,
      job: mv.jobId ? { id: mv.jobId, number: jobNumber! } : null,
      purchaseOrder: mv.purchaseOrderId ? { id: mv.purchaseOrderId, number: poNumber! } : null,
      actor: mv.actorLabel,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.seq]) : null,
  };
}
