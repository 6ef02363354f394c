import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  InventoryItem,
  InventoryItemInput,
  InventoryListQuery,
  InventoryMovementInput,
} from '../../../shared/portals';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import { insufficientStock } from './order-stock';
import { decodeCursor, decodeSeqCursor, encodeCursor } from '../../platform/pagination';
import type { ServiceContext } from '../../platform/service-context';
import { accounts } from '../accounts/tables';
import { inventoryItems, inventoryMovements } from './tables';

type ItemRow = typeof inventoryItems.$inferSelect;
/** Who a stock movement names. */
export const movementActorLabel = (actor: Actor) => (actor.kind === 'system' ? 'system' : actor.name);
const isLow = (i: ItemRow) => i.reorderPoint > 0 && i.onHand - i.reserved <= i.reorderPoint;

export function presentItem(i: ItemRow, accountName: string): InventoryItem {
  return {
    id: i.id,
    account: { id: i.accountId, name: accountName },
    sku: i.sku,
    name: i.name,
    unit: i.unit,
    onHand: i.onHand,
    reserved: i.reserved,
    available: i.onHand - i.reserved,
    reorderPoint: i.reorderPoint,
    reorderQuantity: i.reorderQuantity,
    low: isLow(i),
    location: i.location,
  };
}

const selectItems = (db: Db) =>
  db
    .select({ i: inventoryItems, accountName: accounts.name })
    .from(inventoryItems)
    .innerJoin(accounts, eq(accounts.id, inventoryItems.accountId));

/** One inventory item with its client's name. */
export async function getInventoryItem(opts: { db: Db; id: string }) {
  const { db, id } = opts;
  const [row] = await selectItems(db).where(eq(inventoryItems.id, id));
  if (!row) throw notFound('Inventory item');
  return presentItem(row.i, row.accountName);
}

/** Client inventory by SKU: all, one client's, the low ones, or those of one account manager's clients. */
export async function listInventoryItems(opts: {
  db: Db;
  query: z.output<typeof InventoryListQuery>;
  ownerId?: string;
}) {
  const { db, query, ownerId } = opts;
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await selectItems(db)
    .where(
      and(
        query.accountId ? eq(inventoryItems.accountId, query.accountId) : undefined,
        query.low === 'true'
          ? sql`${inventoryItems.reorderPoint} > 0 and ${inventoryItems.onHand} - ${inventoryItems.reserved} <= ${inventoryItems.reorderPoint}`
          : undefined,
        ownerId ? eq(accounts.ownerId, ownerId) : undefined,
        after
          ? sql`(lower(${inventoryItems.sku}), ${inventoryItems.id}) > (${String(after[0])}, ${String(after[1])})`
          : undefined,
      ),
    )
    .orderBy(sql`lower(${inventoryItems.sku})`, asc(inventoryItems.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.i;
  return {
    items: page.map((r) => presentItem(r.i, r.accountName)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sku.toLowerCase(), last.id]) : null,
  };
}

/** Adds an item the shop keeps for a client (one SKU per client). */
export async function createInventoryItem(
  opts: ServiceContext & { input: z.output<typeof InventoryItemInput> },
) {
  const { db, actor, input } = opts;
  const [clash] = await db
    .select({ id: inventoryItems.id })
    .from(inventoryItems)
    .where(
      and(
        eq(inventoryItems.accountId, input.accountId),
        eq(sql`lower(${inventoryItems.sku})`, input.sku.toLowerCase()),
      ),
    );
  if (clash)
    throw invalid(`SKU ${input.sku} is already used for this client`, [
      { path: 'sku', message: 'Already used' },
    ]);
  const [account] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.id, input.accountId));
  if (!account) throw invalid('Unknown account', [{ path: 'accountId', message: 'Unknown account' }]);
  const [row] = await db.insert(inventoryItems).values(input).returning();
  await recordAudit(db, actor, {
    action: 'inventory.item.created',
    entityType: 'inventory-item',
    entityId: row!.id,
    accountId: input.accountId,
    summary: `Inventory item ${row!.sku} ${row!.name} added`,
    after: input,
  });
  return getInventoryItem({ db, id: row!.id });
}

type Change = {
  kind: (typeof inventoryMovements.$inferInsert)['kind'];
  onHand: number;
  reserved: number;
  reason: string;
  orderId?: string | null;
  jobId?: string | null;
};

/**
 * Applies a change to on hand and reserved in ONE conditional UPDATE: the row only changes if the result keeps
 * on hand ≥ reserved ≥ 0, so concurrent reservations can never oversell (no read-then-write race). The
 * movement records the figures the row has afterwards.
 */
export async function changeStock(db: Db, actor: Actor, itemId: string, change: Change): Promise<ItemRow> {
  const [row] = await db
    .update(inventoryItems)
    .set({
      onHand: sql`${inventoryItems.onHand} + ${change.onHand}`,
      reserved: sql`${inventoryItems.reserved} + ${change.reserved}`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(inventoryItems.id, itemId),
        sql`${inventoryItems.onHand} + ${change.onHand} >= ${inventoryItems.reserved} + ${change.reserved}`,
        sql`${inventoryItems.reserved} + ${change.reserved} >= 0`,
      ),
    )
    .returning();
  if (!row) {
    const [item] = await db.select().from(inventoryItems).where(eq(inventoryItems.id, itemId));
    if (!item) throw notFound('Inventory item');
    throw insufficientStock(item);
  }
  await db.insert(inventoryMovements).values({
    accountId: row.accountId,
    itemId,
    kind: change.kind,
    quantity: change.kind === 'reserve' || change.kind === 'release' ? change.reserved : change.onHand,
    onHandAfter: row.onHand,
    reservedAfter: row.reserved,
    reason: change.reason,
    orderId: change.orderId ?? null,
    jobId: change.jobId ?? null,
    actorLabel: movementActorLabel(actor),
  });
  return row;
}

/** A receipt, adjustment or cycle count by the shop. */
export async function recordInventoryMovement(
  opts: ServiceContext & { itemId: string; input: z.output<typeof InventoryMovementInput> },
) {
  const { db, actor, itemId, input } = opts;
  const [item] = await db.select().from(inventoryItems).where(eq(inventoryItems.id, itemId)).for('update');
  if (!item) throw notFound('Inventory item');
  if (input.kind === 'receipt' && input.quantity <= 0) {
    throw invalid('A receipt adds stock', [{ path: 'quantity', message: 'Must be more than 0' }]);
  }
  if (input.kind === 'count' && input.quantity < 0) {
    throw invalid('A count is what is on the shelf', [{ path: 'quantity', message: 'Zero or more' }]);
  }
  if (input.kind === 'adjustment' && input.quantity === 0) {
    throw invalid('An adjustment must change the stock', [{ path: 'quantity', message: 'Not 0' }]);
  }
  const delta = input.kind === 'count' ? input.quantity - item.onHand : input.quantity;
  if (item.onHand + delta < item.reserved) {
    throw conflict(`${item.reserved} of ${item.sku} are reserved for orders: on hand cannot go below that`);
  }
  const reason =
    input.kind === 'count' ? `Counted ${input.quantity} (was ${item.onHand}): ${input.reason}` : input.reason;
  const row = await changeStock(db, actor, itemId, {
    kind: input.kind,
    onHand: delta,
    reserved: 0,
    reason,
    jobId: input.jobId,
  });
  if (input.kind === 'receipt' || delta > 0) {
    await db.update(inventoryItems).set({ lowAlertedAt: null }).where(eq(inventoryItems.id, itemId));
  }
  await recordAudit(db, actor, {
    action: `inventory.${input.kind}`,
    entityType: 'inventory-item',
    entityId: itemId,
    accountId: item.accountId,
    summary: `${item.sku}: ${delta >= 0 ? '+' : ''}${delta} (${reason}); on hand ${row.onHand}`,
  });
  return getInventoryItem({ db, id: itemId });
}

/** Every change to an item, newest first: in the order the changes took effect (`seq`), not by clock. */
export async function listInventoryMovements(opts: {
  db: Db;
  itemId: string;
  query: { limit: number; cursor?: string };
}) {
  const { db, itemId, query } = opts;
  await getInventoryItem({ db, id: itemId });
  const after = query.cursor ? decodeSeqCursor(query.cursor) : null;
  const rows = await db
    .select()
    .from(inventoryMovements)
    .where(
      and(
        eq(inventoryMovements.itemId, itemId),
        after === null ? undefined : lt(inventoryMovements.seq, after),
      ),
    )
    .orderBy(desc(inventoryMovements.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((m) => ({
      id: m.id,
      at: m.createdAt.toISOString(),
      kind: m.kind,
      quantity: m.quantity,
      onHandAfter: m.onHandAfter,
      reservedAfter: m.reservedAfter,
      reason: m.reason,
      orderId: m.orderId,
      actor: m.actorLabel,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.seq]) : null,
  };
}

export const lowStock = isLow;
