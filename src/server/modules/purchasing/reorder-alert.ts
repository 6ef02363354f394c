import { and, eq, isNotNull, isNull, not, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import { notifyUser } from '../notifications';
import { listUsers } from '../users';
import { materials } from './tables';

/** Available (on hand − allocated) plus on order is at or below a reorder point that is set. */
export const belowPoint = sql`(${materials.reorderPoint} > 0 and ${materials.onHand} - ${materials.allocated} + ${materials.onOrder} <= ${materials.reorderPoint})`;

/**
 * Notices a material crossing its reorder point, once per crossing: the first change that puts it at or below
 * sets `reorder_alerted_at` and tells every active purchasing user (in the app; by e-mail from the
 * `material.reorder_needed` event); a change that puts it back above clears it,
 * so the next fall tells them again. Each is one conditional UPDATE, so two changes at once notify once.
 */
export async function followReorderPoint(db: Db, materialId: string) {
  const [crossed] = await db
    .update(materials)
    .set({ reorderAlertedAt: new Date() })
    .where(and(eq(materials.id, materialId), isNull(materials.reorderAlertedAt), belowPoint))
    .returning();
  if (!crossed) {
    await db
      .update(materials)
      .set({ reorderAlertedAt: null })
      .where(and(eq(materials.id, materialId), isNotNull(materials.reorderAlertedAt), not(belowPoint)));
    return;
  }
  const m = crossed;
  const availableAndOnOrder = m.onHand - m.allocated + m.onOrder;
  const title = `Reorder ${m.sku} ${m.name}: ${availableAndOnOrder} ${m.unit} available and on order, reorder point ${m.reorderPoint}`;
  for (const u of await listUsers({ db, role: 'purchasing', active: true })) {
    await notifyUser({ db, userId: u.id, kind: 'material.reorder', title, link: '/purchasing/shortages' });
  }
  await emit(
    db,
    systemActor,
    'material.reorder_needed',
    { entityType: 'material', entityId: m.id, accountId: null },
    {
      materialId: m.id,
      sku: m.sku,
      name: m.name,
      unit: m.unit,
      availableAndOnOrder,
      reorderPoint: m.reorderPoint,
    },
  );
}
