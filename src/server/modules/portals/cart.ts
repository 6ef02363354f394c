import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Cart, CartLineInput } from '../../../shared/portals';
import { prepared, type Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { Clock } from '../../platform/service-context';
import { MAX_JOB_ITEMS } from '../../../shared/jobs';
import { linePrices } from './pricing';
import { checkValues, findProduct, orderable } from './products';
import { artworkForCartLine } from './artwork-lines';
import { cartLines, portalFiles, products } from './tables';
import type { PortalPrincipal } from './users';

type ProductRow = typeof products.$inferSelect;

/** min / max / multiple-of rules, with a message that says what would be allowed. */
export function checkQuantity(p: ProductRow, quantity: number, path = 'quantity') {
  if (quantity < p.minQuantity)
    throw invalid(`${p.name}: order at least ${p.minQuantity}`, [
      { path, message: `At least ${p.minQuantity}` },
    ]);
  if (p.maxQuantity !== null && quantity > p.maxQuantity)
    throw invalid(`${p.name}: order at most ${p.maxQuantity}`, [
      { path, message: `At most ${p.maxQuantity}` },
    ]);
  if (quantity % p.multipleOf !== 0)
    throw invalid(`${p.name} comes in multiples of ${p.multipleOf}`, [
      { path, message: `A multiple of ${p.multipleOf}` },
    ]);
}

/** What a portal service gets: its (portal-scoped) database, the clock and the signed-in portal user. */
export type PortalContext = { db: Db; clock: Clock; who: PortalPrincipal };

/** A portal user's cart lines with their products (and artwork's file name), oldest first. */
export async function cartRows(db: Db, portalUserId: string) {
  const query = prepared(db, 'portal_cart', (d) =>
    d
      .select({ line: cartLines, product: products, artworkName: portalFiles.name })
      .from(cartLines)
      .innerJoin(products, eq(products.id, cartLines.productId))
      .leftJoin(portalFiles, eq(portalFiles.id, cartLines.artworkFileId))
      .where(eq(cartLines.portalUserId, sql.placeholder('userId')))
      .orderBy(asc(cartLines.createdAt))
      .prepare('portal_cart'),
  );
  return query.execute({ userId: portalUserId });
}

/** Empties a portal user's cart (its lines have become an order). */
export async function emptyCart(db: Db, portalUserId: string) {
  const query = prepared(db, 'portal_empty_cart', (d) =>
    d
      .delete(cartLines)
      .where(eq(cartLines.portalUserId, sql.placeholder('userId')))
      .prepare('portal_empty_cart'),
  );
  await query.execute({ userId: portalUserId });
}

/** The user's cart with prices (when the portal shows them). */
export async function cartOf(opts: PortalContext): Promise<Cart> {
  const { db, who } = opts;
  const rows = await cartRows(db, who.user.id);
  const show = who.portal.showPrices;
  const prices = show
    ? await linePrices(
        opts,
        who.portal.accountId,
        rows.map(({ line, product }) => ({ product, quantity: line.quantity })),
      )
    : [];
  const lines = rows.map(({ line, product, artworkName }, i) => ({
    id: line.id,
    product: { id: product.id, sku: product.sku, name: product.name, kind: product.kind },
    quantity: line.quantity,
    values: line.values,
    proofApproved: line.proofApproved,
    artwork: line.artworkFileId ? { id: line.artworkFileId, name: artworkName ?? 'artwork.pdf' } : null,
    unitPriceCents: show ? prices[i]!.unitPriceCents : null,
    amountCents: show ? prices[i]!.amountCents : null,
  }));
  return { lines, totalCents: show ? lines.reduce((s, l) => s + (l.amountCents ?? 0), 0) : null };
}

/** Adds a product the user may order today (at most 50 lines: one order becomes one job). */
export async function addToCart(
  opts: PortalContext & {
    input: Omit<z.output<typeof CartLineInput>, 'artworkFileId' | 'artworkWarningsAccepted'> &
      Partial<Pick<z.output<typeof CartLineInput>, 'artworkFileId' | 'artworkWarningsAccepted'>>;
  },
) {
  const { db, who, input } = opts;
  if (who.user.role === 'viewer') throw invalid('Viewers cannot order');
  const product = await findProduct(db, who.portal.id, input.productId);
  if (!orderable(product, who.user.costCentreIds, opts.clock.today())) throw notFound('Product');
  checkQuantity(product, input.quantity);
  const values = product.kind === 'variable_data' ? checkValues(product, input.values) : {};
  const artworkFileId = await artworkForCartLine(db, who, product, input);
  const held = prepared(db, 'portal_cart_size', (d) =>
    d
      .select({ lines: count() })
      .from(cartLines)
      .where(eq(cartLines.portalUserId, sql.placeholder('userId')))
      .prepare('portal_cart_size'),
  );
  const [size] = await held.execute({ userId: who.user.id });
  if (size!.lines >= MAX_JOB_ITEMS) {
    throw conflict(`A cart holds at most ${MAX_JOB_ITEMS} lines: check out or remove some first`);
  }
  const insert = prepared(db, 'portal_cart_add', (d) =>
    d
      .insert(cartLines)
      .values({
        accountId: sql.placeholder('accountId'),
        portalUserId: sql.placeholder('userId'),
        productId: sql.placeholder('productId'),
        quantity: sql.placeholder('quantity'),
        values: sql.placeholder('values'),
        artworkFileId: sql.placeholder('artworkFileId'),
      })
      .prepare('portal_cart_add'),
  );
  await insert.execute({
    accountId: who.portal.accountId,
    userId: who.user.id,
    productId: product.id,
    quantity: input.quantity,
    values,
    artworkFileId,
  });
  return cartOf(opts);
}

async function findLine(db: Db, who: PortalPrincipal, lineId: string) {
  const [row] = await db
    .select({ line: cartLines, product: products })
    .from(cartLines)
    .innerJoin(products, eq(products.id, cartLines.productId))
    .where(and(eq(cartLines.id, lineId), eq(cartLines.portalUserId, who.user.id)));
  if (!row) throw notFound('Cart line');
  return row;
}

/** Changes a line's quantity (within the product's rules). */
export async function changeCartLine(opts: PortalContext & { lineId: string; quantity: number }) {
  const { db, who, lineId, quantity } = opts;
  const { product } = await findLine(db, who, lineId);
  checkQuantity(product, quantity);
  await db.update(cartLines).set({ quantity, updatedAt: opts.clock.now() }).where(eq(cartLines.id, lineId));
  return cartOf(opts);
}

/** Removes a line from the cart. */
export async function removeCartLine(opts: PortalContext & { lineId: string }) {
  const { db, who, lineId } = opts;
  await findLine(db, who, lineId);
  await db.delete(cartLines).where(eq(cartLines.id, lineId));
  return cartOf(opts);
}

/** The buyer approves the proof of a variable-data line as it is; changing the values needs a new line. */
export async function approveProof(opts: PortalContext & { lineId: string }) {
  const { db, who, lineId } = opts;
  const { product } = await findLine(db, who, lineId);
  if (product.kind !== 'variable_data') throw invalid('Only variable-data lines have a proof to approve');
  await db
    .update(cartLines)
    .set({ proofApproved: true, updatedAt: opts.clock.now() })
    .where(eq(cartLines.id, lineId));
  return cartOf(opts);
}
