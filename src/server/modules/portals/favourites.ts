import { and, asc, eq } from 'drizzle-orm';
import type { Favourites } from '../../../shared/portal-account';
import { recordAudit } from '../../platform/audit';
import { notFound } from '../../platform/errors';
import type { PortalContext } from './cart';
import { findProduct, orderable } from './products';
import { portalFavourites } from './tables';
import { portalActor } from './users';

/** The products the user starred, oldest star first. */
export async function favouritesOf(opts: Pick<PortalContext, 'db' | 'who'>): Promise<Favourites> {
  const rows = await opts.db
    .select({ productId: portalFavourites.productId })
    .from(portalFavourites)
    .where(eq(portalFavourites.portalUserId, opts.who.user.id))
    .orderBy(asc(portalFavourites.createdAt))
    .limit(1000);
  return { productIds: rows.map((r) => r.productId) };
}

/** Stars (or unstars) a product the user may see; starring twice keeps one star. */
export async function setFavourite(opts: PortalContext & { productId: string; starred: boolean }) {
  const { db, who, productId, starred } = opts;
  const product = await findProduct(db, who.portal.id, productId);
  if (starred && !orderable(product, who.user.costCentreIds, opts.clock.today())) throw notFound('Product');
  if (starred)
    await db
      .insert(portalFavourites)
      .values({ accountId: who.portal.accountId, portalUserId: who.user.id, productId })
      .onConflictDoNothing();
  else
    await db
      .delete(portalFavourites)
      .where(and(eq(portalFavourites.portalUserId, who.user.id), eq(portalFavourites.productId, productId)));
  await recordAudit(db, portalActor(who.user), {
    action: starred ? 'portal.favourite.added' : 'portal.favourite.removed',
    entityType: 'product',
    entityId: productId,
    accountId: who.portal.accountId,
    summary: `${who.user.name} ${starred ? 'starred' : 'unstarred'} ${product.sku} ${product.name}`,
  });
  return favouritesOf(opts);
}
