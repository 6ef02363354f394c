import { and, asc, eq, sql } from 'drizzle-orm';
import { CreateJob, type ProductType } from '../../../shared/jobs';
import { recordAudit } from '../../platform/audit';
import type { Clock, ServiceContext } from '../../platform/service-context';
import type { Db } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { createJob } from '../jobs';
import { addDays } from '../../platform/calendar/working-days';
import { lowStock } from './inventory';
import { inventoryItems, inventoryMovements, products } from './tables';

const monthsBack = (today: string, n: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const index = y * 12 + m - 1 - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** The months an item has been in use, from its first movement to today: at least 1, at most 12, to a tenth. */
const usageMonths = (first: string | undefined, today: string) => {
  const days = first
    ? (Date.parse(`${today}T00:00:00Z`) - Date.parse(new Date(first).toISOString().slice(0, 10))) / 86_400_000
    : 0;
  return Math.round(Math.max(1, Math.min(12, days / 30.4375)) * 10) / 10;
};

/** A client's stock as they see it: on hand, reserved, 12 months of usage, and months of stock left at that pace. */
export async function clientInventory(opts: { db: Db; clock: Clock; accountId: string }) {
  const { db, accountId } = opts;
  const today = opts.clock.today();
  const items = await db
    .select()
    .from(inventoryItems)
    .where(eq(inventoryItems.accountId, accountId))
    .orderBy(asc(inventoryItems.sku));
  const from = `${monthsBack(today, 11)}-01`;
  const usage = await db
    .select({
      itemId: inventoryMovements.itemId,
      month: sql<string>`to_char(${inventoryMovements.createdAt}, 'YYYY-MM')`,
      quantity: sql<number>`(-sum(${inventoryMovements.quantity}))::int`,
    })
    .from(inventoryMovements)
    .where(
      and(
        eq(inventoryMovements.accountId, accountId),
        eq(inventoryMovements.kind, 'pick'),
        sql`${inventoryMovements.createdAt} >= ${from}::date`,
      ),
    )
    .groupBy(inventoryMovements.itemId, sql`to_char(${inventoryMovements.createdAt}, 'YYYY-MM')`);
  const firstMoves = await db
    .select({ itemId: inventoryMovements.itemId, first: sql<string>`min(${inventoryMovements.createdAt})` })
    .from(inventoryMovements)
    .where(eq(inventoryMovements.accountId, accountId))
    .groupBy(inventoryMovements.itemId);
  const months = Array.from({ length: 12 }, (_, i) => monthsBack(today, 11 - i));
  return items.map((i) => {
    const monthly = months.map((month) => ({
      month,
      quantity: usage.find((u) => u.itemId === i.id && u.month === month)?.quantity ?? 0,
    }));
    // Averaged over the months the item has been in use (from its first movement, 1 to 12), as the reports do.
    const first = firstMoves.find((f) => f.itemId === i.id)?.first;
    const perMonth = monthly.reduce((s, m) => s + m.quantity, 0) / usageMonths(first, today);
    return {
      id: i.id,
      sku: i.sku,
      name: i.name,
      onHand: i.onHand,
      reserved: i.reserved,
      available: i.onHand - i.reserved,
      monthlyUsage: monthly,
      monthsLeft: perMonth > 0 ? Math.round(((i.onHand - i.reserved) / perMonth) * 10) / 10 : null,
      low: lowStock(i),
    };
  });
}

/** One action from a low-stock alert: a reprint job from the specs of the product that sells this item. */
export async function reprintJob(opts: ServiceContext & { itemId: string }) {
  const { db, actor, itemId } = opts;
  const today = opts.clock.today();
  const [item] = await db.select().from(inventoryItems).where(eq(inventoryItems.id, itemId));
  if (!item) throw notFound('Inventory item');
  const [product] = await db.select().from(products).where(eq(products.inventoryItemId, itemId)).limit(1);
  const quantity = item.reorderQuantity || item.reorderPoint * 2;
  if (!quantity) throw conflict(`Set a reorder quantity for ${item.sku} first`);
  const job = await createJob({
    db,
    actor,
    clock: opts.clock,
    input: CreateJob.parse({
      accountId: item.accountId,
      title: `Reprint ${item.sku} ${item.name} to stock`,
      dueDate: addDays(today, 10),
      clientPo: `Stock reprint ${item.sku}`,
      description: `Print to the client's stock: receive ${quantity} ${item.unit} into ${item.sku} when done.`,
      items: [
        {
          productType: (product?.productType ?? 'other') as ProductType,
          quantity,
          description: `${item.sku} ${item.name} (to stock)`,
          spec: product?.spec ?? {},
          proof: 'none',
        },
      ],
    }),
  });
  await recordAudit(db, actor, {
    action: 'inventory.reprint',
    entityType: 'inventory-item',
    entityId: itemId,
    accountId: item.accountId,
    summary: `Reprint job ${job.number} created for ${item.sku} (${quantity} ${item.unit})`,
  });
  return { jobId: job.id, number: job.number };
}
