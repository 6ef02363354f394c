import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { CartRefilled, SavedCart } from '../../../shared/portal-account';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { AppError, conflict, invalid, notFound } from '../../platform/errors';
import { addToCart, cartOf, type PortalContext } from './cart';
import { getOrder } from './order-queries';
import { mayReadOrder } from './portal-request';
import { cartLines, orderLines, portalUsers, products, savedCarts } from './tables';
import { portalActor, type PortalPrincipal } from './users';

// Putting lines back in a cart: a past order's (reorder) or a saved cart's (restore). Each line goes through
// addToCart, so today's rules and prices apply; a line that cannot be ordered any more is left out and said why.

type Wanted = { productId: string; quantity: number; values: Record<string, string> };
const MAX_SAVED = 50;

/** One user's cart changes one at a time: the user's row is the lock (restores and refills queue behind it). */
const lockUser = (db: Db, who: PortalPrincipal) =>
  db.select({ id: portalUsers.id }).from(portalUsers).where(eq(portalUsers.id, who.user.id)).for('update');

async function refill(opts: PortalContext, wanted: Wanted[]): Promise<CartRefilled> {
  const { db, who } = opts;
  const names = wanted.length
    ? await db
        .select({ id: products.id, sku: products.sku, name: products.name })
        .from(products)
        .where(eq(products.portalId, who.portal.id))
    : [];
  const skipped: CartRefilled['skipped'] = [];
  for (const line of wanted) {
    try {
      await addToCart({ ...opts, input: line });
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'UNAVAILABLE') throw err;
      const p = names.find((n) => n.id === line.productId) ?? { sku: '?', name: 'A product' };
      const reason = err.code === 'NOT_FOUND' ? `${p.name} is no longer offered on this portal` : err.detail;
      skipped.push({ sku: p.sku, name: p.name, reason });
    }
  }
  return { cart: await cartOf(opts), skipped };
}

/** Puts a past order's lines in the cart at today's prices; retired products are left out with a message. */
export async function reorder(opts: PortalContext & { orderId: string }) {
  const { db, who, orderId } = opts;
  if (who.user.role === 'viewer') throw invalid('Viewers cannot order');
  const order = await getOrder(db, orderId, { portalId: who.portal.id });
  if (!mayReadOrder(who, { buyerId: order.buyer.id, costCentreId: order.costCentre.id }))
    throw notFound('Order');
  await lockUser(db, who);
  const lines = await db
    .select({ productId: orderLines.productId, quantity: orderLines.quantity, values: orderLines.values })
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.createdAt));
  const result = await refill(opts, lines);
  await recordAudit(db, portalActor(who.user), {
    action: 'portal.order.reordered',
    entityType: 'order',
    entityId: order.id,
    accountId: who.portal.accountId,
    summary: `${who.user.name} put ${lines.length - result.skipped.length} of ${lines.length} lines of ${order.number} back in the cart`,
  });
  return result;
}

const presentSaved = (r: typeof savedCarts.$inferSelect): SavedCart => ({
  id: r.id,
  name: r.name,
  lines: r.lines.length,
  units: r.lines.reduce((s, l) => s + l.quantity, 0),
  savedAt: r.updatedAt.toISOString(),
});

/** The user's saved carts by name (at most 50). */
export async function listSavedCarts(opts: { db: Db; who: PortalPrincipal }) {
  const rows = await opts.db
    .select()
    .from(savedCarts)
    .where(eq(savedCarts.portalUserId, opts.who.user.id))
    .orderBy(sql`lower(${savedCarts.name})`, desc(savedCarts.createdAt))
    .limit(MAX_SAVED);
  return { items: rows.map(presentSaved), nextCursor: null };
}

/** Keeps the current cart under a name (the cart itself stays as it is). */
export async function saveCart(opts: PortalContext & { name: string }) {
  const { db, who, name } = opts;
  await lockUser(db, who);
  const lines = await db
    .select({ productId: cartLines.productId, quantity: cartLines.quantity, values: cartLines.values })
    .from(cartLines)
    .where(eq(cartLines.portalUserId, who.user.id))
    .orderBy(asc(cartLines.createdAt));
  if (!lines.length) throw invalid('The cart is empty: add something before saving it');
  const [same] = await db
    .select({ id: savedCarts.id })
    .from(savedCarts)
    .where(
      and(eq(savedCarts.portalUserId, who.user.id), eq(sql`lower(${savedCarts.name})`, name.toLowerCase())),
    );
  if (same)
    throw invalid(`You already have a saved cart named “${name}”`, [
      { path: 'name', message: 'Already used' },
    ]);
  const [held] = await db
    .select({ n: count() })
    .from(savedCarts)
    .where(eq(savedCarts.portalUserId, who.user.id));
  if (held!.n >= MAX_SAVED) throw conflict(`You can keep at most ${MAX_SAVED} saved carts: delete one first`);
  const [row] = await db
    .insert(savedCarts)
    .values({ accountId: who.portal.accountId, portalUserId: who.user.id, name, lines })
    .returning();
  await recordAudit(db, portalActor(who.user), {
    action: 'portal.cart.saved',
    entityType: 'saved-cart',
    entityId: row!.id,
    accountId: who.portal.accountId,
    summary: `${who.user.name} saved a cart of ${lines.length} lines as “${name}”`,
  });
  return presentSaved(row!);
}

async function findSaved(db: Db, who: PortalPrincipal, id: string) {
  const [row] = await db
    .select()
    .from(savedCarts)
    .where(and(eq(savedCarts.id, id), eq(savedCarts.portalUserId, who.user.id)));
  if (!row) throw notFound('Saved cart');
  return row;
}

/**
 * Replaces the cart with a saved cart's lines at today's prices (retired products left out, said why). Under the
 * user's lock, so two restores at once give the saved lines once, not twice.
 */
export async function restoreCart(opts: PortalContext & { id: string }) {
  const { db, who, id } = opts;
  if (who.user.role === 'viewer') throw invalid('Viewers cannot order');
  await lockUser(db, who);
  const saved = await findSaved(db, who, id);
  await db.delete(cartLines).where(eq(cartLines.portalUserId, who.user.id));
  const result = await refill(opts, saved.lines);
  await recordAudit(db, portalActor(who.user), {
    action: 'portal.cart.restored',
    entityType: 'saved-cart',
    entityId: saved.id,
    accountId: who.portal.accountId,
    summary: `${who.user.name} restored the saved cart “${saved.name}”`,
  });
  return result;
}

/** Forgets a saved cart. */
export async function deleteSavedCart(opts: { db: Db; who: PortalPrincipal; id: string }) {
  const { db, who, id } = opts;
  await lockUser(db, who);
  const saved = await findSaved(db, who, id);
  await db.delete(savedCarts).where(eq(savedCarts.id, saved.id));
  await recordAudit(db, portalActor(who.user), {
    action: 'portal.cart.deleted',
    entityType: 'saved-cart',
    entityId: saved.id,
    accountId: who.portal.accountId,
    summary: `${who.user.name} deleted the saved cart “${saved.name}”`,
  });
}
