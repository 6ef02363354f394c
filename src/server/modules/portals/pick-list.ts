import { eq, inArray } from 'drizzle-orm';
import type { PickLine, PickList } from '../../../shared/pick-list';
import type { Db } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { getAccount } from '../accounts';
import { inventoryItems, orderLines, orders, pickTicks, portalUsers, products } from './tables';

const PICKABLE = ['approved', 'in_fulfilment'];
const natural = (a: string | null, b: string | null) =>
  a === b
    ? 0
    : a === null
      ? 1
      : b === null
        ? -1
        : a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

/**
 * What the warehouse takes off the shelves for some orders: each stocked line, and each stocked component of a
 * kit line (times the kits ordered), with its bin location, in walking order. Print-on-demand and variable-data
 * lines are made, not picked, so they are not on it. Orders still waiting, rejected or cancelled are refused.
 */
export async function pickListOf(db: Db, orderIds: string[]): Promise<PickList> {
  const found = await db
    .select({ o: orders, buyer: portalUsers.name })
    .from(orders)
    .innerJoin(portalUsers, eq(portalUsers.id, orders.buyerId))
    .where(inArray(orders.id, orderIds));
  if (found.length !== orderIds.length) throw notFound('Order');
  const byNumber = found.sort((a, b) => a.o.number.localeCompare(b.o.number));
  for (const { o } of byNumber)
    if (!PICKABLE.includes(o.status))
      throw conflict(`${o.number} is ${o.status.replace('_', ' ')}: only approved orders are picked`);
  const lines = await db
    .select({ line: orderLines, product: products })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(inArray(orderLines.orderId, orderIds));
  const componentIds = lines.flatMap(({ product }) =>
    product.kind === 'kit' ? product.components.map((c) => c.productId) : [],
  );
  const components = componentIds.length
    ? await db.select().from(products).where(inArray(products.id, componentIds))
    : [];
  const itemIds = [...lines.map((l) => l.product), ...components]
    .map((p) => p.inventoryItemId)
    .filter((x): x is string => Boolean(x));
  const items = itemIds.length
    ? await db.select().from(inventoryItems).where(inArray(inventoryItems.id, itemIds))
    : [];
  const accountNames = new Map<string, string>();
  for (const accountId of new Set(found.map(({ o }) => o.accountId)))
    accountNames.set(accountId, (await getAccount({ db, id: accountId, health: false })).name);
  const ticks = await db.select().from(pickTicks).where(inArray(pickTicks.orderId, orderIds));
  const number = new Map(found.map(({ o }) => [o.id, o.number]));

  const out: PickLine[] = [];
  for (const { line, product } of lines) {
    const parts =
      product.kind === 'stocked'
        ? [{ p: product, quantity: line.quantity }]
        : product.kind === 'kit'
          ? product.components.flatMap((c) => {
              const p = components.find((x) => x.id === c.productId);
              return p ? [{ p, quantity: c.quantity * line.quantity }] : [];
            })
          : [];
    for (const { p, quantity } of parts) {
      const item = items.find((i) => i.id === p.inventoryItemId);
      if (p.kind !== 'stocked' || !item) continue;
      const tick = ticks.find((t) => t.orderLineId === line.id && t.productId === p.id);
      out.push({
        orderId: line.orderId,
        orderNumber: number.get(line.orderId)!,
        orderLineId: line.id,
        productId: p.id,
        sku: p.sku,
        name: p.name,
        itemSku: item.sku,
        location: item.location,
        quantity,
        unit: item.unit,
        kit:
          product.kind === 'kit' ? { sku: product.sku, name: product.name, quantity: line.quantity } : null,
        picked: line.picked || Boolean(tick),
        pickedBy: tick?.pickedBy ?? (line.picked ? 'confirmed' : null),
      });
    }
  }
  out.sort(
    (a, b) =>
      natural(a.location, b.location) ||
      natural(a.itemSku, b.itemSku) ||
      a.orderNumber.localeCompare(b.orderNumber),
  );
  return {
    orders: byNumber.map(({ o, buyer }) => ({
      id: o.id,
      number: o.number,
      status: o.status,
      account: accountNames.get(o.accountId) ?? '',
      buyer,
      shipTo: [o.shipTo.line1, o.shipTo.city, o.shipTo.region, o.shipTo.postalCode]
        .filter(Boolean)
        .join(', '),
    })),
    lines: out,
    complete: out.every((l) => l.picked),
  };
}
