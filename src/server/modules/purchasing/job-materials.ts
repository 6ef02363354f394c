import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  JobMaterial,
  JobMaterialInput,
  JobMaterialStatus,
  Shortage,
  UpdateJobMaterial,
} from '../../../shared/purchasing';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { jobItems, jobs } from '../jobs/tables';
import { followReorderPoint } from './reorder-alert';
import { allocateFreeStock, lockMaterials } from './stock';
import {
  jobMaterials,
  materials,
  purchaseOrderDemands,
  purchaseOrderLines,
  purchaseOrders,
  vendors,
} from './tables';

type Row = typeof jobMaterials.$inferSelect;
export const OPEN_PO_STATUSES = ['draft', 'sent', 'partly_received'] as const;
const OPEN_JOB_STATUSES = ['draft', 'in_production', 'on_hold'] as const;

/** Sheets an item needs: quantity × sheets per item ÷ up-count, plus the spoilage allowance, rounded up. */
export function sheetsNeeded(
  quantity: number,
  sheetsPerItem: number,
  upCount: number,
  spoilagePercent: number,
) {
  return Math.ceil(((quantity * sheetsPerItem) / upCount) * (1 + spoilagePercent / 100));
}

export function materialStatus(m: {
  quantity: number;
  allocated: number;
  received: number;
  onOrder: number;
}) {
  const status: JobMaterialStatus =
    m.allocated >= m.quantity
      ? m.received > 0
        ? 'received'
        : 'allocated'
      : m.allocated + m.onOrder >= m.quantity
        ? 'ordered'
        : 'to_order';
  return { status, shortage: Math.max(0, m.quantity - m.allocated - m.onOrder) };
}

/** What is still expected on open purchase orders for each job material. */
async function openDemands(db: Db, jobMaterialIds: string[]) {
  if (!jobMaterialIds.length) return [];
  return db
    .select({
      jobMaterialId: purchaseOrderDemands.jobMaterialId,
      outstanding: sql<number>`(${purchaseOrderDemands.quantity} - ${purchaseOrderDemands.filled})::int`,
      poId: purchaseOrders.id,
      number: purchaseOrders.number,
      status: purchaseOrders.status,
      expectedDate: purchaseOrders.expectedDate,
    })
    .from(purchaseOrderDemands)
    .innerJoin(purchaseOrderLines, eq(purchaseOrderLines.id, purchaseOrderDemands.lineId))
    .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
    .where(inArray(purchaseOrderDemands.jobMaterialId, jobMaterialIds));
}

async function presentAll(
  db: Db,
  rows: { jm: Row; m: typeof materials.$inferSelect }[],
): Promise<JobMaterial[]> {
  const demands = await openDemands(
    db,
    rows.map((r) => r.jm.id),
  );
  return rows.map(({ jm, m }) => {
    const mine = demands.filter((d) => d.jobMaterialId === jm.id);
    const onOrder = mine
      .filter((d) => (OPEN_PO_STATUSES as readonly string[]).includes(d.status))
      .reduce((sum, d) => sum + Math.max(0, d.outstanding), 0);
    const pos = new Map(
      mine
        .filter((d) => d.status !== 'cancelled')
        .map((d) => [
          d.poId,
          { id: d.poId, number: d.number, status: d.status, expectedDate: d.expectedDate },
        ]),
    );
    return {
      id: jm.id,
      jobId: jm.jobId,
      itemId: jm.itemId,
      material: { id: m.id, sku: m.sku, name: m.name, unit: m.unit },
      quantity: jm.quantity,
      computed: jm.computed,
      upCount: jm.upCount,
      sheetsPerItem: jm.sheetsPerItem,
      spoilagePercent: jm.spoilagePercent,
      allocated: jm.allocated,
      onOrder,
      received: jm.received,
      ...materialStatus({ ...jm, onOrder }),
      note: jm.note,
      purchaseOrders: [...pos.values()],
    };
  });
}

const selectJobMaterials = (db: Db) =>
  db
    .select({ jm: jobMaterials, m: materials })
    .from(jobMaterials)
    .innerJoin(materials, eq(materials.id, jobMaterials.materialId));

/** What a job needs, and whether each need is allocated, ordered or received. */
export async function listJobMaterials(opts: { db: Db; jobId: string }): Promise<JobMaterial[]> {
  const { db, jobId } = opts;
  const [job] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId));
  if (!job) throw notFound('Job');
  const rows = await selectJobMaterials(db)
    .where(eq(jobMaterials.jobId, jobId))
    .orderBy(asc(jobMaterials.createdAt), asc(jobMaterials.id));
  return presentAll(db, rows);
}

async function getJobMaterial(db: Db, jobId: string, id: string) {
  const [row] = await selectJobMaterials(db).where(
    and(eq(jobMaterials.id, id), eq(jobMaterials.jobId, jobId)),
  );
  if (!row) throw notFound('Job material');
  return row;
}

async function lockJob(db: Db, jobId: string) {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (!job) throw notFound('Job');
  return job;
}

/** Adds what a job needs of a material (computed from the item when no quantity is given) and allocates free stock. */
export async function addJobMaterial(
  opts: ServiceContext & { jobId: string; input: z.output<typeof JobMaterialInput> },
) {
  const { db, actor, jobId, input } = opts;
  const job = await lockJob(db, jobId);
  if (!(OPEN_JOB_STATUSES as readonly string[]).includes(job.status)) {
    throw conflict(`Job ${job.number} is ${job.status.replace('_', ' ')}: its materials cannot change`);
  }
  let quantity = input.quantity;
  if (input.itemId) {
    const [item] = await db
      .select()
      .from(jobItems)
      .where(and(eq(jobItems.id, input.itemId), eq(jobItems.jobId, jobId)));
    if (!item)
      throw invalid('The item is not one of this job', [{ path: 'itemId', message: 'Unknown item' }]);
    quantity ??= sheetsNeeded(item.quantity, input.sheetsPerItem, input.upCount, input.spoilagePercent);
  }
  if (!quantity) {
    throw invalid('Give a quantity, or pick the item to compute it from', [
      { path: 'quantity', message: 'Required without an item' },
    ]);
  }
  const material = (await lockMaterials(db, [input.materialId])).get(input.materialId)!;
  const [row] = await db
    .insert(jobMaterials)
    .values({
      jobId,
      accountId: job.accountId,
      itemId: input.itemId ?? null,
      materialId: input.materialId,
      quantity,
      computed: input.quantity === undefined,
      upCount: input.upCount,
      sheetsPerItem: input.sheetsPerItem,
      spoilagePercent: input.spoilagePercent,
      note: input.note ?? null,
    })
    .returning();
  await allocateFreeStock(db, material, [row!]);
  await recordAudit(db, actor, {
    action: 'job.material.added',
    entityType: 'job',
    entityId: jobId,
    accountId: job.accountId,
    summary: `${job.number} needs ${quantity} ${material.unit} of ${material.sku} ${material.name}`,
    after: { materialId: material.id, quantity },
  });
  return (await presentAll(db, [await getJobMaterial(db, jobId, row!.id)]))[0]!;
}

/**
 * Changes the quantity needed: surplus allocation goes back to free stock, a new need takes free stock. A person's
 * figure is no longer computed; a recomputation from the item (`computed: true`) stays computed.
 */
export async function updateJobMaterial(
  opts: ServiceContext & {
    jobId: string;
    id: string;
    input: z.output<typeof UpdateJobMaterial>;
    computed?: boolean;
  },
) {
  const { db, actor, jobId, id, input } = opts;
  const job = await lockJob(db, jobId);
  const { jm } = await getJobMaterial(db, jobId, id);
  let material = (await lockMaterials(db, [jm.materialId])).get(jm.materialId)!;
  const surplus = Math.max(0, jm.allocated - input.quantity);
  const [updated] = await db
    .update(jobMaterials)
    .set({
      quantity: input.quantity,
      computed: opts.computed ?? false,
      allocated: jm.allocated - surplus,
      note: input.note === undefined ? jm.note : input.note,
      updatedAt: new Date(),
    })
    .where(eq(jobMaterials.id, id))
    .returning();
  if (surplus) {
    const [released] = await db
      .update(materials)
      .set({ allocated: material.allocated - surplus, updatedAt: new Date() })
      .where(eq(materials.id, material.id))
      .returning();
    material = released!;
    await followReorderPoint(db, material.id);
  }
  await allocateFreeStock(db, material, [updated!]);
  await recordAudit(db, actor, {
    action: 'job.material.changed',
    entityType: 'job',
    entityId: jobId,
    accountId: job.accountId,
    summary: `${job.number} now needs ${input.quantity} ${material.unit} of ${material.sku} (was ${jm.quantity})`,
    before: { quantity: jm.quantity },
    after: { quantity: input.quantity },
  });
  return (await presentAll(db, [await getJobMaterial(db, jobId, id)]))[0]!;
}

/** Removes a need that nothing is on order for; its allocation goes back to free stock. */
export async function removeJobMaterial(opts: ServiceContext & { jobId: string; id: string }) {
  const { db, actor, jobId, id } = opts;
  const job = await lockJob(db, jobId);
  const { jm, m } = await getJobMaterial(db, jobId, id);
  const pending = (await openDemands(db, [id])).filter(
    (d) => (OPEN_PO_STATUSES as readonly string[]).includes(d.status) && d.outstanding > 0,
  );
  if (pending.length) {
    throw conflict(
      `This material is on order for the job (${pending.map((d) => d.number).join(', ')}): cancel that first`,
    );
  }
  const material = (await lockMaterials(db, [jm.materialId])).get(jm.materialId)!;
  await db.delete(purchaseOrderDemands).where(eq(purchaseOrderDemands.jobMaterialId, id));
  await db.delete(jobMaterials).where(eq(jobMaterials.id, id));
  if (jm.allocated) {
    await db
      .update(materials)
      .set({ allocated: material.allocated - jm.allocated, updatedAt: new Date() })
      .where(eq(materials.id, material.id));
    await followReorderPoint(db, material.id);
  }
  await recordAudit(db, actor, {
    action: 'job.material.removed',
    entityType: 'job',
    entityId: jobId,
    accountId: job.accountId,
    summary: `${job.number} no longer needs ${m.sku} ${m.name}; ${jm.allocated} ${m.unit} back to free stock`,
    before: { materialId: m.id, quantity: jm.quantity, allocated: jm.allocated },
  });
}

/** Needs of open jobs that neither stock nor open purchase orders cover, soonest due first. */
export async function listShortages(opts: { db: Db; materialId?: string }): Promise<Shortage[]> {
  const { db } = opts;
  const rows = await db
    .select({
      jm: jobMaterials,
      m: materials,
      job: { id: jobs.id, number: jobs.number, title: jobs.title, dueDate: jobs.dueDate },
      vendor: { id: vendors.id, name: vendors.name },
    })
    .from(jobMaterials)
    .innerJoin(materials, eq(materials.id, jobMaterials.materialId))
    .innerJoin(jobs, eq(jobs.id, jobMaterials.jobId))
    .leftJoin(vendors, eq(vendors.id, materials.preferredVendorId))
    .where(
      and(
        inArray(jobs.status, [...OPEN_JOB_STATUSES]),
        sql`${jobMaterials.allocated} < ${jobMaterials.quantity}`,
        opts.materialId ? eq(jobMaterials.materialId, opts.materialId) : undefined,
      ),
    )
    .orderBy(asc(jobs.dueDate), asc(jobs.number))
    .limit(1000);
  const presented = await presentAll(db, rows);
  return rows.flatMap((r, i) => {
    const p = presented[i]!;
    if (p.shortage <= 0) return [];
    return [
      {
        jobMaterialId: r.jm.id,
        job: r.job,
        material: p.material,
        preferredVendor: r.vendor?.id ? { id: r.vendor.id, name: r.vendor.name } : null,
        shortage: p.shortage,
      },
    ];
  });
}

/** The least-ready materials status of each job, for cards and lists; jobs without materials are absent. */
export async function materialsStatusOfJobs(opts: {
  db: Db;
  jobIds: string[];
}): Promise<Map<string, JobMaterialStatus>> {
  const { db, jobIds } = opts;
  if (!jobIds.length) return new Map();
  const rows = await selectJobMaterials(db).where(inArray(jobMaterials.jobId, jobIds));
  const presented = await presentAll(db, rows);
  const rank: Record<JobMaterialStatus, number> = { to_order: 0, ordered: 1, allocated: 2, received: 2 };
  const out = new Map<string, JobMaterialStatus>();
  for (const p of presented) {
    const current = out.get(p.jobId);
    if (!current || rank[p.status] < rank[current]) out.set(p.jobId, p.status);
  }
  return out;
}
