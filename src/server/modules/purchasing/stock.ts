import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { jobs } from '../jobs/tables';
import { followReorderPoint } from './reorder-alert';
import { jobMaterials, materialMovements, materials } from './tables';

type MaterialRow = typeof materials.$inferSelect;
export type MovementKind = (typeof materialMovements.$inferInsert)['kind'];

/** Locks materials in id order (so concurrent work never deadlocks); all stock arithmetic happens under it. */
export async function lockMaterials(db: Db, ids: string[]): Promise<Map<string, MaterialRow>> {
  const unique = [...new Set(ids)].sort();
  const rows = unique.length
    ? await db
        .select()
        .from(materials)
        .where(inArray(materials.id, unique))
        .orderBy(asc(materials.id))
        .for('update')
    : [];
  if (rows.length !== unique.length) throw notFound('Material');
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The only way on-hand stock changes: one movement with a reason. Stock never goes below zero; if it falls
 * below what is allocated, the allocations of the jobs due last are released so they show a shortage again.
 */
export async function moveStock(
  db: Db,
  actor: Actor,
  m: {
    material: MaterialRow;
    kind: MovementKind;
    delta: number;
    reason: string;
    jobId?: string | null;
    purchaseOrderId?: string | null;
  },
): Promise<MaterialRow> {
  const onHand = m.material.onHand + m.delta;
  if (onHand < 0) {
    throw new AppError(
      'INSUFFICIENT_STOCK',
      `Only ${m.material.onHand} ${m.material.unit} of ${m.material.sku} on hand: cannot take ${-m.delta}`,
      [{ path: 'quantity', message: `At most ${m.material.onHand}` }],
    );
  }
  let allocated = m.material.allocated;
  if (onHand < allocated) {
    await releaseAllocations(db, m.material.id, allocated - onHand);
    allocated = onHand;
  }
  const [row] = await db
    .update(materials)
    .set({ onHand, allocated, updatedAt: new Date() })
    .where(eq(materials.id, m.material.id))
    .returning();
  await db.insert(materialMovements).values({
    materialId: m.material.id,
    kind: m.kind,
    quantity: m.delta,
    onHandAfter: onHand,
    reason: m.reason,
    jobId: m.jobId ?? null,
    purchaseOrderId: m.purchaseOrderId ?? null,
    actorId: actor.id,
    actorLabel: actor.kind === 'system' ? 'system' : actor.name,
  });
  await followReorderPoint(db, m.material.id);
  return row!;
}

/**
 * Takes stock to a job: first from what is allocated to that job (its allocation is used up), then from free
 * stock; beyond that, other jobs' allocations are released as for any fall in stock. The movement names the job.
 */
export async function issueToJob(
  db: Db,
  actor: Actor,
  m: { material: MaterialRow; jobId: string; quantity: number; reason: string },
): Promise<MaterialRow> {
  const [job] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, m.jobId));
  if (!job) throw notFound('Job');
  const own = await db
    .select({ id: jobMaterials.id, allocated: jobMaterials.allocated })
    .from(jobMaterials)
    .where(
      and(
        eq(jobMaterials.jobId, m.jobId),
        eq(jobMaterials.materialId, m.material.id),
        sql`${jobMaterials.allocated} > 0`,
      ),
    )
    .orderBy(asc(jobMaterials.createdAt))
    .for('update');
  let used = 0;
  for (const need of own) {
    const take = Math.min(m.quantity - used, need.allocated);
    if (take <= 0) break;
    await db
      .update(jobMaterials)
      .set({ allocated: need.allocated - take, updatedAt: new Date() })
      .where(eq(jobMaterials.id, need.id));
    used += take;
  }
  const material = { ...m.material, allocated: m.material.allocated - used };
  return moveStock(db, actor, {
    material,
    kind: 'issue',
    delta: -m.quantity,
    reason: m.reason,
    jobId: m.jobId,
  });
}

/** Gives back `amount` of a material's allocations, taking first from the jobs due last. */
async function releaseAllocations(db: Db, materialId: string, amount: number) {
  const holders = await db
    .select({ id: jobMaterials.id, allocated: jobMaterials.allocated })
    .from(jobMaterials)
    .innerJoin(jobs, eq(jobs.id, jobMaterials.jobId))
    .where(and(eq(jobMaterials.materialId, materialId), sql`${jobMaterials.allocated} > 0`))
    .orderBy(desc(jobs.dueDate), desc(jobMaterials.createdAt))
    .for('update', { of: jobMaterials });
  let left = amount;
  for (const h of holders) {
    if (left <= 0) break;
    const take = Math.min(left, h.allocated);
    await db
      .update(jobMaterials)
      .set({ allocated: h.allocated - take, updatedAt: new Date() })
      .where(eq(jobMaterials.id, h.id));
    left -= take;
  }
}

/**
 * Allocates free stock (on hand − allocated) to job needs, soonest due first, up to each one's remaining
 * need. `material` must be locked by the caller. Returns the material as updated.
 */
export async function allocateFreeStock(
  db: Db,
  material: MaterialRow,
  needs: { id: string; quantity: number; allocated: number; received?: number }[],
  opts: { countAsReceived?: boolean } = {},
): Promise<MaterialRow> {
  let free = material.onHand - material.allocated;
  let given = 0;
  for (const need of needs) {
    if (free <= 0) break;
    const take = Math.min(free, need.quantity - need.allocated);
    if (take <= 0) continue;
    await db
      .update(jobMaterials)
      .set({
        allocated: sql`${jobMaterials.allocated} + ${take}`,
        ...(opts.countAsReceived ? { received: sql`${jobMaterials.received} + ${take}` } : {}),
        updatedAt: new Date(),
      })
      .where(eq(jobMaterials.id, need.id));
    free -= take;
    given += take;
  }
  if (!given) return material;
  const [row] = await db
    .update(materials)
    .set({ allocated: material.allocated + given, updatedAt: new Date() })
    .where(eq(materials.id, material.id))
    .returning();
  await followReorderPoint(db, material.id);
  return row!;
}

/** Changes the quantity on order (sent POs not yet received), never below zero. */
export async function changeOnOrder(db: Db, materialId: string, delta: number) {
  await db
    .update(materials)
    .set({ onOrder: sql`greatest(0, ${materials.onOrder} + ${delta})`, updatedAt: new Date() })
    .where(eq(materials.id, materialId));
  await followReorderPoint(db, materialId);
}
