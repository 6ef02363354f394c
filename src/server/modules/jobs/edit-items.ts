import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  MAX_JOB_ITEMS,
  productTypeName,
  type AddJobItem,
  type Job,
  type UpdateJobItem,
} from '../../../shared/jobs';
import { recordAudit } from '../../platform/audit';
import { conflict, notFound } from '../../platform/errors';
import { emit } from '../../platform/events';
import type { ServiceContext } from '../../platform/service-context';
import { loadCalendars } from '../departments';
import { lockJobForChange, recordChangeOrder, requireChangeOrder } from './change-orders';
import { diff, flattenItem, ITEM_FIELDS } from './change-text';
import { assessJobRisk } from './risk';
import { getJob, insertItem, insertItemStages, replanOpenStages } from './service';
import { jobFiles, jobItems, jobStages } from './tables';

type Ctx = ServiceContext & { jobId: string };
type Item = Job['items'][number];
type ChangeOrderInput = z.output<typeof AddJobItem>['changeOrder'];

const itemName = (i: Pick<Item, 'position' | 'productType'>) =>
  `item ${i.position} (${productTypeName(i.productType)})`;

async function begin(ctx: Ctx, itemId?: string) {
  await lockJobForChange(ctx.db, ctx.jobId);
  const before = await getJob({ db: ctx.db, id: ctx.jobId, clock: ctx.clock });
  const item = itemId ? before.items.find((i) => i.id === itemId) : undefined;
  if (itemId && !item) throw notFound('Item');
  return { before, item: item! };
}

/** Work started on an item: one of its stages is under way, done or blocked. */
const started = (job: Job, itemId: string) =>
  job.stages.find((s) => s.itemId === itemId && ['in_progress', 'done', 'blocked'].includes(s.status));

/** Tells the flows an item's quantity changed, or that it is about to go (material needs follow it). */
const itemsChanged = (ctx: Ctx, job: Job, item: { id: string; quantity: number }, removed: boolean) =>
  emit(
    ctx.db,
    ctx.actor,
    'job.items_changed',
    { entityType: 'job', entityId: ctx.jobId, accountId: job.account.id },
    { jobId: ctx.jobId, items: [item], removed },
  );

/** After an item change: re-plan from the due date, re-assess, audit and (when given) record the change order. */
async function finish(
  ctx: Ctx,
  before: Job,
  change: {
    action: string;
    kind: 'item_added' | 'item_changed' | 'item_removed';
    itemId: string;
    summary: string;
    images: { before: Record<string, unknown> | null; after: Record<string, unknown> | null };
    changeOrder: ChangeOrderInput;
  },
) {
  await replanOpenStages({ db: ctx.db, jobId: ctx.jobId, dueDate: before.dueDate });
  await assessJobRisk({ ...ctx, jobId: ctx.jobId });
  const after = await getJob({ db: ctx.db, id: ctx.jobId, clock: ctx.clock });
  await recordAudit(ctx.db, ctx.actor, {
    action: change.action,
    entityType: 'job',
    entityId: ctx.jobId,
    accountId: after.account.id,
    summary: `${before.number}: ${change.summary}`,
    before: change.images.before,
    after: change.images.after,
  });
  if (change.changeOrder) {
    await recordChangeOrder({
      ...ctx,
      before,
      after,
      kind: change.kind,
      changes: { itemId: change.itemId, ...change.images },
      summary: change.summary,
      input: change.changeOrder,
    });
  }
  return after;
}

/** Adds an item to an open job, with its stages planned back from the due date. */
export async function addItem(ctx: Ctx & { input: z.output<typeof AddJobItem> }) {
  const { changeOrder, ...input } = ctx.input;
  const { before } = await begin(ctx);
  requireChangeOrder(before, changeOrder);
  if (before.items.length >= MAX_JOB_ITEMS) {
    throw conflict(`A job holds at most ${MAX_JOB_ITEMS} items`);
  }
  const { byCode } = await loadCalendars({ db: ctx.db });
  const position = Math.max(0, ...before.items.map((i) => i.position)) + 1;
  const at = { jobId: ctx.jobId, accountId: before.account.id, position, dueDate: before.dueDate, byCode };
  const saved = await insertItem(ctx.db, at, input, 'productType');
  const added = { ...input, position };
  return finish(ctx, before, {
    action: 'job.item.add',
    kind: 'item_added',
    itemId: saved.id,
    summary: `added ${itemName(added)} × ${input.quantity.toLocaleString('en-US')}`,
    images: { before: null, after: { ...input } },
    changeOrder,
  });
}

/**
 * Changes an item: quantity, description, pages, the whole spec, proof type, packaging, price. A new product
 * type re-routes the item, which only an item without work under way may do. A new quantity recomputes what
 * the job needs of materials (the `job.items_changed` event).
 */
export async function updateItem(ctx: Ctx & { itemId: string; input: z.output<typeof UpdateJobItem> }) {
  const { changeOrder, ...input } = ctx.input;
  const { before, item } = await begin(ctx, ctx.itemId);
  const proposed = { ...item, ...input };
  const change = diff(flattenItem(item), flattenItem(proposed), ITEM_FIELDS);
  if (!change.lines.length) return before;
  requireChangeOrder(before, changeOrder);
  const db = ctx.db;
  if (proposed.productType !== item.productType) {
    const work = started(before, item.id);
    if (work) {
      throw conflict(`"${work.name}" of ${itemName(item)} has started: its product cannot change`);
    }
    await db.delete(jobStages).where(eq(jobStages.itemId, item.id));
    const { byCode } = await loadCalendars({ db });
    const at = { jobId: ctx.jobId, accountId: before.account.id, dueDate: before.dueDate, byCode };
    await insertItemStages(db, at, { ...item, productType: proposed.productType }, 'productType');
  }
  const proofStatus =
    proposed.proof === item.proof
      ? undefined
      : proposed.proof === 'none'
        ? ('not_required' as const)
        : item.proof === 'none'
          ? ('pending' as const)
          : undefined;
  await db
    .update(jobItems)
    .set({ ...input, ...(proofStatus ? { proofStatus } : {}), updatedAt: new Date() })
    .where(eq(jobItems.id, item.id));
  if (proposed.quantity !== item.quantity) {
    await itemsChanged(ctx, before, { id: item.id, quantity: proposed.quantity }, false);
  }
  return finish(ctx, before, {
    action: 'job.item.change',
    kind: 'item_changed',
    itemId: item.id,
    summary: `${itemName(item)}: ${change.lines.join('; ')}`,
    images: { before: change.before, after: change.after },
    changeOrder,
  });
}

/**
 * Removes an item no work has started on; its material needs go (nothing may be on order for them), its files
 * stay with the job, and the items after it move up. The last item cannot go: cancel the job instead.
 */
export async function removeItem(ctx: Ctx & { itemId: string; changeOrder: ChangeOrderInput }) {
  const { before, item } = await begin(ctx, ctx.itemId);
  if (before.items.length === 1) {
    throw conflict(`${itemName(item)} is the job's last item: a job needs one; cancel the job instead`);
  }
  const work = started(before, item.id);
  if (work) {
    throw conflict(`"${work.name}" of ${itemName(item)} has started: finish the item instead of removing it`);
  }
  requireChangeOrder(before, ctx.changeOrder);
  const db = ctx.db;
  await itemsChanged(ctx, before, { id: item.id, quantity: item.quantity }, true);
  await db.update(jobFiles).set({ itemId: null }).where(eq(jobFiles.itemId, item.id));
  await db.delete(jobStages).where(eq(jobStages.itemId, item.id));
  await db.delete(jobItems).where(eq(jobItems.id, item.id));
  const later = before.items.filter((i) => i.position > item.position).map((i) => i.id);
  if (later.length) {
    // Items after it move up one place, and their stages with them (a stage's position is item × 100 + step).
    await db
      .update(jobItems)
      .set({ position: sql`${jobItems.position} - 1` })
      .where(inArray(jobItems.id, later));
    await db
      .update(jobStages)
      .set({ position: sql`${jobStages.position} - 100` })
      .where(and(eq(jobStages.jobId, ctx.jobId), inArray(jobStages.itemId, later)));
  }
  const flat = flattenItem(item) as Record<string, unknown>;
  const kept = Object.fromEntries(ITEM_FIELDS.filter((k) => flat[k] !== undefined).map((k) => [k, flat[k]]));
  return finish(ctx, before, {
    action: 'job.item.remove',
    kind: 'item_removed',
    itemId: item.id,
    summary: `removed ${itemName(item)} × ${item.quantity.toLocaleString('en-US')}`,
    images: { before: kept, after: null },
    changeOrder: ctx.changeOrder,
  });
}
