import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreatePurchaseOrder, PoFromShortages } from '../../../shared/purchasing';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { nextNumber } from '../../platform/db/sequences';
import { invalid } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { addDays } from '../../platform/calendar/working-days';
import { listShortages } from './job-materials';
import { getPurchaseOrder } from './purchase-order-queries';
import { findVendor } from './vendors';
import { jobMaterials, materials, purchaseOrderDemands, purchaseOrderLines, purchaseOrders } from './tables';

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

type LineInput = z.output<typeof CreatePurchaseOrder>['lines'][number];

/** Adds one line to an order at `position`: its unit must be the stock unit or a pack unit of the material. */
export async function insertLine(
  db: Db,
  purchaseOrderId: string,
  position: number,
  m: typeof materials.$inferSelect,
  line: LineInput,
  path: string,
) {
  const unit = line.unit ?? m.unit;
  const factor = unit === m.unit ? 1 : m.packUnits.find((u) => u.name === unit)?.factor;
  if (!factor) {
    throw invalid(`${m.sku} is not bought in ${unit}`, [
      { path: `${path}.unit`, message: `Use ${[m.unit, ...m.packUnits.map((u) => u.name)].join(', ')}` },
    ]);
  }
  const demands = await checkDemands(db, m.id, line.for, `${path}.for`);
  if (demands.reduce((s, d) => s + d.quantity, 0) > line.quantity * factor) {
    throw invalid('The line orders less than the job needs it covers', [
      {
        path: `${path}.quantity`,
        message: `At least ${demands.reduce((s, d) => s + d.quantity, 0)} ${m.unit}`,
      },
    ]);
  }
  const [saved] = await db
    .insert(purchaseOrderLines)
    .values({
      purchaseOrderId,
      position,
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
  return saved!;
}

/** Drafts an order to an active vendor; each line may say which job needs it covers. */
export async function createPurchaseOrder(
  opts: ServiceContext & { input: z.output<typeof CreatePurchaseOrder> },
) {
  const { db, actor, clock, input } = opts;
  const today = clock.today();
  const vendor = await findVendor({ db, id: input.vendorId }).catch(() => {
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
    await insertLine(db, po!.id, i + 1, m, line, `lines.${i}`);
  }
  await recordAudit(db, actor, {
    action: 'purchase-order.created',
    entityType: 'purchase-order',
    entityId: po!.id,
    summary: `${number} to ${vendor.name} drafted with ${input.lines.length} line(s)`,
    after: input,
  });
  return getPurchaseOrder({ db, clock, id: po!.id });
}

/** A draft PO covering the chosen shortages: one line per material in its first pack unit, rounded up. */
export async function purchaseOrderFromShortages(
  opts: ServiceContext & { input: z.output<typeof PoFromShortages> },
) {
  const { db, input } = opts;
  const all = await listShortages({ db });
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
  return createPurchaseOrder({
    ...opts,
    input: { vendorId, expectedDate: input.expectedDate ?? null, lines },
  });
}
