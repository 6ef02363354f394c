import { and, eq } from 'drizzle-orm';
import { ArtworkRules } from '../../../shared/artwork';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import { portalFiles, products } from './tables';
import type { PortalPrincipal } from './users';

type ProductRow = typeof products.$inferSelect;

/**
 * The artwork a cart line may carry: none for a product that takes none; for a print-on-demand product with
 * artwork rules, a file this buyer uploaded for this product whose preflight does not block — and, when it
 * warns, the buyer's word that they saw the warnings. A file of another buyer, product or portal is "not found".
 */
export async function artworkForCartLine(
  db: Db,
  who: PortalPrincipal,
  product: ProductRow,
  input: { artworkFileId?: string | null; artworkWarningsAccepted?: boolean },
): Promise<string | null> {
  const id = input.artworkFileId ?? null;
  if (!product.artwork) {
    if (id)
      throw invalid(`${product.name} takes no artwork`, [{ path: 'artworkFileId', message: 'Not asked' }]);
    return null;
  }
  const rules = ArtworkRules.parse(product.artwork);
  if (!id) {
    if (!rules.required) return null;
    throw invalid(`Upload your artwork (a PDF) for ${product.name} before adding it to the cart`, [
      { path: 'artworkFileId', message: 'Artwork is required' },
    ]);
  }
  const [file] = await db
    .select()
    .from(portalFiles)
    .where(
      and(
        eq(portalFiles.id, id),
        eq(portalFiles.portalId, who.portal.id),
        eq(portalFiles.purpose, 'artwork'),
        eq(portalFiles.productId, product.id),
        eq(portalFiles.uploadedByPortalUserId, who.user.id),
      ),
    );
  if (!file?.preflight) throw notFound('Artwork');
  if (file.preflight.blocked) {
    const blocking = file.preflight.findings.filter((f) => f.severity === 'block').map((f) => f.message);
    throw invalid(`The artwork did not pass preflight: ${blocking.join(' ')}`, [
      { path: 'artworkFileId', message: 'Fix the artwork and upload it again' },
    ]);
  }
  if (file.preflight.findings.length && !input.artworkWarningsAccepted) {
    throw invalid('The artwork has preflight warnings: confirm you want it printed as it is', [
      { path: 'artworkWarningsAccepted', message: 'Confirm the warnings' },
    ]);
  }
  return file.id;
}

/**
 * Checkout's check on lines that came back another way (a reorder, a saved cart): a product that requires
 * artwork is not ordered without it.
 */
export function requireArtwork(product: ProductRow, line: { artworkFileId: string | null }) {
  if (product.artwork && ArtworkRules.parse(product.artwork).required && !line.artworkFileId) {
    throw invalid(`${product.name} needs your artwork: remove the line and add it again with a PDF`);
  }
}
