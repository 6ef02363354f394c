import { and, asc, eq, sql } from 'drizzle-orm';
import { MAX_JOB_ITEMS } from '../../../shared/jobs';
import type { PostalAddress } from '../../../shared/purchasing';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { AppError, conflict, forbidden } from '../../platform/errors';
import { clockOn, type ServiceContext } from '../../platform/service-context';
import { getAccount } from '../accounts';
import { linkBuyerContact } from './buyer-contact';
import { checkQuantity } from './cart';
import { emitOrderEvent } from './order-decisions';
import { money, tell, type OrderEffects } from './order-mail';
import { getOrder } from './order-queries';
import { reserveOrderStock, writeOrder } from './order-placing';
import { findPortal } from './portals';
import { linePrices } from './pricing';
import { orderable } from './products';
import { cartLines, orders, portalUsers, products } from './tables';
import { portalActor, type PortalPrincipal } from './users';

// What the punch-out module (an e-procurement system's channel into a portal) may do with a portal.

type UserRow = typeof portalUsers.$inferSelect;

/**
 * The portal user a procurement system's buyer shops as: the one with that e-mail, or a new buyer on the
 * given cost centre (no password: they only ever arrive through a punch-out session).
 */
export async function procurementBuyer(
  opts: ServiceContext & { portalId: string; email: string; name: string; costCentreId: string },
): Promise<UserRow> {
  const { db, portalId, email } = opts;
  const portal = await findPortal(db, portalId);
  const [found] = await db
    .select()
    .from(portalUsers)
    .where(
      and(eq(portalUsers.portalId, portalId), eq(sql`lower(${portalUsers.email})`, email.toLowerCase())),
    );
  if (found) {
    if (!found.active) throw forbidden(`${email} is deactivated on this portal`);
    return found;
  }
  const [row] = await db
    .insert(portalUsers)
    .values({
      accountId: portal.accountId,
      portalId,
      email,
      name: opts.name,
      role: 'buyer',
      costCentreIds: [opts.costCentreId],
    })
    .returning();
  await linkBuyerContact({ ...opts, user: row! });
  await recordAudit(db, opts.actor, {
    action: 'portal.user.invited',
    entityType: 'portal-user',
    entityId: row!.id,
    accountId: portal.accountId,
    summary: `${opts.name} <${email}> added to /p/${portal.slug} as a punch-out buyer`,
  });
  return row!;
}

/** A cart line priced for the procurement system (prices always, whether or not the portal shows them). */
export type ProcurementCartLine = {
  lineId: string;
  sku: string;
  name: string;
  description: string | null;
  quantity: number;
  amountCents: number;
};

/** The punch-out buyer's cart, priced; a line that cannot be ordered as it stands is a 409 naming it. */
export async function procurementCart(
  db: Db,
  who: PortalPrincipal,
  today: string,
): Promise<ProcurementCartLine[]> {
  const rows = await db
    .select({ line: cartLines, product: products })
    .from(cartLines)
    .innerJoin(products, eq(products.id, cartLines.productId))
    .where(eq(cartLines.portalUserId, who.user.id))
    .orderBy(asc(cartLines.createdAt));
  if (!rows.length) throw conflict('The cart is empty');
  rows.forEach(({ line, product }, i) => {
    if (!orderable(product, who.user.costCentreIds, today))
      throw conflict(`${product.name} can no longer be ordered: remove it from the cart`);
    checkQuantity(product, line.quantity, `lines.${i}.quantity`);
    if (product.kind === 'variable_data' && !line.proofApproved)
      throw conflict(`Approve the proof of ${product.name} first`);
  });
  const prices = await linePrices(
    { db, clock: clockOn(today) },
    who.portal.accountId,
    rows.map(({ line, product }) => ({ product, quantity: line.quantity })),
  );
  return rows.map(({ line, product }, i) => ({
    lineId: line.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    quantity: line.quantity,
    amountCents: prices[i]!.amountCents,
  }));
}

/** A line of a procurement system's order: what it names and the unit price it agreed to. */
export type ProcurementLine = {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  cartLineId: string | null;
};

/** A line the order cannot take: which one and why (answered to the procurement system, nothing written). */
export class ProcurementRefusal extends AppError {
  constructor(detail: string) {
    super('VALIDATION', detail);
  }
}

/**
 * Places an order a procurement system approved in its own workflow: the portal's approval rules are not
 * applied, but each line must be a product the buyer may order at the price the portal charges, and stock is
 * reserved with the same oversell protection as checkout (INSUFFICIENT_STOCK: nothing written).
 */
export async function placeProcurementOrder(
  opts: ServiceContext & {
    portalId: string;
    buyerId: string;
    costCentreId: string;
    clientPo: string;
    shipTo: PostalAddress | null;
    lines: ProcurementLine[];
    effects: OrderEffects;
  },
) {
  const { db, effects } = opts;
  const portal = await findPortal(db, opts.portalId);
  const [user] = await db.select().from(portalUsers).where(eq(portalUsers.id, opts.buyerId));
  if (!user || user.portalId !== portal.id) throw new ProcurementRefusal('Unknown buyer');
  if (opts.lines.length > MAX_JOB_ITEMS)
    throw new ProcurementRefusal(`An order holds at most ${MAX_JOB_ITEMS} lines`);
  const account = await getAccount({ db, id: portal.accountId, health: false });
  const picked = [];
  for (const [i, line] of opts.lines.entries()) {
    const [product] = await db
      .select()
      .from(products)
      .where(and(eq(products.portalId, portal.id), eq(sql`lower(${products.sku})`, line.sku.toLowerCase())));
    if (!product || !orderable(product, user.costCentreIds, effects.today))
      throw new ProcurementRefusal(`Line ${i + 1}: unknown SupplierPartID ${line.sku}`);
    checkQuantity(product, line.quantity, `lines.${i}.quantity`);
    let values: Record<string, string> = {};
    if (product.kind === 'variable_data') {
      // The buyer typed the card's values in the punch-out session; the line's auxiliary id names that line.
      const [cart] = line.cartLineId
        ? await db
            .select()
            .from(cartLines)
            .where(and(eq(cartLines.id, line.cartLineId), eq(cartLines.productId, product.id)))
        : [];
      if (!cart?.proofApproved)
        throw new ProcurementRefusal(
          `Line ${i + 1}: ${line.sku} needs the approved proof of its punch-out cart line`,
        );
      values = cart.values;
    }
    picked.push({ product, quantity: line.quantity, values });
  }
  const prices = await linePrices({ db, clock: clockOn(effects.today) }, portal.accountId, picked);
  picked.forEach((p, i) => {
    const agreed = opts.lines[i]!.unitPriceCents * p.quantity;
    // Unit prices of engine-priced lines carry four decimals: allow their rounding, nothing more.
    if (Math.abs(agreed - prices[i]!.amountCents) > Math.max(1, p.quantity * 0.005))
      throw new ProcurementRefusal(
        `Line ${i + 1}: ${p.product.sku} costs ${money(prices[i]!.amountCents)} for ${p.quantity}, not ${money(Math.round(agreed))}`,
      );
  });
  const total = prices.reduce((s, p) => s + p.amountCents, 0);
  const address = account.addresses.find((a) => a.kind === 'shipping');
  const shipTo: PostalAddress | null =
    opts.shipTo ??
    (address
      ? {
          name: account.name,
          attention: address.attention,
          line1: address.line1,
          line2: address.line2,
          city: address.city,
          region: address.region,
          postalCode: address.postalCode,
          country: address.country,
          phone: null,
        }
      : null);
  if (!shipTo)
    throw new ProcurementRefusal('The order has no ShipTo and the account has no shipping address');
  const { order, needs } = await writeOrder(db, {
    portal,
    today: effects.today,
    files: effects.files,
    order: {
      buyerId: user.id,
      costCentreId: opts.costCentreId,
      status: 'approved',
      decidedByLabel: 'Procurement system',
      decidedAt: opts.clock.now(),
      shipTo,
      clientPo: opts.clientPo,
    },
    lines: picked.map((p, i) => ({ ...p, price: prices[i]! })),
  });
  const actor = portalActor(user);
  const number = order.number;
  await recordAudit(db, opts.actor, {
    action: 'order.placed',
    entityType: 'order',
    entityId: order.id,
    accountId: portal.accountId,
    summary: `${number} placed on /p/${portal.slug} by the procurement system (PO ${opts.clientPo}, buyer ${user.name}): ${money(total)}, approved there`,
  });
  await tell(db, order, 'order.placed', user.email, effects);
  await emitOrderEvent(db, actor, order, 'order.placed');
  // Approved by the procurement system's workflow: it becomes a job at once (flows/portal-order-to-job.ts).
  await emitOrderEvent(db, actor, order, 'order.approved');
  const placed = await getOrder(db, order.id);
  await reserveOrderStock(db, actor, order, needs);
  return placed;
}

/** The order a job was made from, if any (the punch-out module's ship notices follow shipments by job). */
export async function orderIdOfJob(db: Db, jobId: string): Promise<string | null> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.jobId, jobId));
  return row?.id ?? null;
}

/** Empties a punch-out buyer's cart: a `create` set-up request starts a new requisition. */
export async function clearProcurementCart(db: Db, userId: string) {
  await db.delete(cartLines).where(eq(cartLines.portalUserId, userId));
}
