import { and, eq } from 'drizzle-orm';
import { ArtworkRules, type ArtworkUpload } from '../../../shared/artwork';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import type { FileStore } from '../../platform/files';
import type { ServiceContext } from '../../platform/service-context';
import { finishedSizeOf, preflightPdf, prepareImage, type ImagePurpose } from '../artwork';
import { findPortal, getPortal } from './portals';
import { catalogProduct, findProduct, getProduct } from './products';
import { portalFiles, portals, products } from './tables';
import { portalActor, type PortalPrincipal } from './users';

/** A file as it came in: the name the sender gave it (for people) and its bytes (the only thing trusted). */
export type Upload = { filename: string; bytes: Buffer };

/** A file name fit to show and to keep: no folders, no control characters, at most 120 characters. */
export function cleanFileName(name: string, fallback: string) {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join('');
  const clean = printable.trim().slice(-120);
  return clean || fallback;
}

/**
 * Replaces (or, without an upload, removes) a portal's logo or a product's image. The picture is checked by
 * its content and resized before anything is written; its bytes are stored before the row that points at
 * them; the portal or product row is locked so two uploads at once leave one image, and the change is audited.
 */
async function replaceImage(
  opts: ServiceContext & {
    files: FileStore;
    portalId: string;
    productId?: string;
    upload: Upload | null;
  },
) {
  const { db, actor, portalId, productId, upload } = opts;
  const purpose: ImagePurpose = productId ? 'product_image' : 'logo';
  const portal = await findPortal(db, portalId);
  if (productId) await findProduct(db, portalId, productId);
  const image = upload ? await prepareImage(upload.bytes, purpose) : null;
  const stored = image ? await opts.files.put(image.bytes) : null;
  await db.transaction(async (tx) => {
    const [before] = productId
      ? await tx
          .select({ fileId: products.imageFileId, name: products.name })
          .from(products)
          .where(eq(products.id, productId))
          .for('update')
      : await tx
          .select({ fileId: portals.logoFileId, name: portals.name })
          .from(portals)
          .where(eq(portals.id, portalId))
          .for('update');
    if (!image && !before!.fileId) throw notFound(productId ? 'Product image' : 'Logo');
    const [file] =
      image && stored
        ? await tx
            .insert(portalFiles)
            .values({
              accountId: portal.accountId,
              portalId,
              purpose,
              productId: productId ?? null,
              name: cleanFileName(upload!.filename, `${purpose}.${image.contentType.split('/')[1]}`),
              contentType: image.contentType,
              size: stored.size,
              sha256: stored.sha256,
              storageKey: stored.key,
              width: image.width,
              height: image.height,
              uploadedByUserId: actor.kind === 'user' ? actor.id : null,
            })
            .returning({ id: portalFiles.id })
        : [];
    const fileId = file?.id ?? null;
    if (productId)
      await tx
        .update(products)
        .set({ imageFileId: fileId, updatedAt: opts.clock.now() })
        .where(eq(products.id, productId));
    else
      await tx
        .update(portals)
        .set({ logoFileId: fileId, updatedAt: opts.clock.now() })
        .where(eq(portals.id, portalId));
    const what = productId ? `Image of ${before!.name}` : `Logo of /p/${portal.slug}`;
    await recordAudit(tx, actor, {
      action: `portal.${purpose === 'logo' ? 'logo' : 'product.image'}.${image ? 'set' : 'removed'}`,
      entityType: productId ? 'product' : 'portal',
      entityId: productId ?? portalId,
      accountId: portal.accountId,
      summary: image
        ? `${what} uploaded (${upload!.filename.slice(0, 120)}, ${image.width} × ${image.height})`
        : `${what} removed`,
      before: { fileId: before!.fileId },
      after: { fileId },
    });
  });
}

type ImageChange = ServiceContext & { files: FileStore; portalId: string; upload: Upload | null };

/** Replaces (or removes, without an upload) the portal's logo: see replaceImage. */
export async function setPortalLogo(opts: ImageChange) {
  await replaceImage(opts);
  return getPortal({ db: opts.db, id: opts.portalId });
}

/** Replaces (or removes, without an upload) a product's image: see replaceImage. */
export async function setProductImage(opts: ImageChange & { productId: string }) {
  await replaceImage(opts);
  return getProduct({ db: opts.db, portalId: opts.portalId, id: opts.productId });
}

/** A portal's file for staff: any of its logos, images and buyers' artwork; "not found" for another portal's. */
export async function readPortalFile(opts: { db: Db; files: FileStore; portalId: string; fileId: string }) {
  const [row] = await opts.db
    .select()
    .from(portalFiles)
    .where(and(eq(portalFiles.id, opts.fileId), eq(portalFiles.portalId, opts.portalId)));
  if (!row) throw notFound('File');
  return { row, bytes: await opts.files.get(row.storageKey) };
}

/**
 * A portal's file for one of its users (in their account scope): the logo and product images; artwork only to
 * the buyer who uploaded it, or to the client's admins and approvers.
 */
export async function readPortalFileFor(opts: {
  db: Db;
  files: FileStore;
  who: PortalPrincipal;
  fileId: string;
}) {
  const { who } = opts;
  const { row, bytes } = await readPortalFile({ ...opts, portalId: who.portal.id });
  const mayRead =
    row.purpose !== 'artwork' ||
    row.uploadedByPortalUserId === who.user.id ||
    who.user.role === 'client_admin' ||
    who.user.role === 'approver';
  if (!mayRead) throw notFound('File');
  return { row, bytes };
}

/** The logo of an active portal, for everyone (its sign-in page shows it); "not found" without one. */
export async function readPortalLogo(opts: { db: Db; files: FileStore; slug: string }) {
  const [row] = await opts.db
    .select({ file: portalFiles })
    .from(portals)
    .innerJoin(portalFiles, eq(portalFiles.id, portals.logoFileId))
    .where(and(eq(portals.slug, opts.slug), eq(portals.active, true)));
  if (!row) throw notFound('Logo');
  return { row: row.file, bytes: await opts.files.get(row.file.storageKey) };
}

type Scoped = <T>(work: (tx: Db) => Promise<T>) => Promise<T>;

/**
 * A buyer's artwork for a print-on-demand product: checked to be a PDF, preflighted on a worker thread against
 * the product's rules and finished size (no transaction is held meanwhile), stored, then recorded with its
 * report and audited. The report comes back whether it passes or not: the buyer reads it and decides.
 */
export async function uploadArtwork(opts: {
  scoped: Scoped;
  clock: ServiceContext['clock'];
  files: FileStore;
  who: PortalPrincipal;
  productId: string;
  /** Reads the upload: called once the product is known to be this buyer's to order (else "not found" first). */
  upload: () => Promise<Upload>;
}): Promise<ArtworkUpload> {
  const { who } = opts;
  if (who.user.role === 'viewer') throw invalid('Viewers cannot order');
  const product = await opts.scoped(async (tx) => {
    await catalogProduct({
      db: tx,
      clock: opts.clock,
      portal: who.portal,
      user: who.user,
      id: opts.productId,
    });
    return findProduct(tx, who.portal.id, opts.productId);
  });
  if (!product.artwork) throw invalid(`${product.name} takes no artwork`);
  const upload = await opts.upload();
  if (upload.bytes.subarray(0, 1024).indexOf('%PDF-') === -1)
    throw invalid('The artwork must be a PDF (the file does not start like one)');
  const report = await preflightPdf(
    upload.bytes,
    ArtworkRules.parse(product.artwork),
    finishedSizeOf(product.spec),
  );
  const stored = await opts.files.put(upload.bytes);
  const name = cleanFileName(upload.filename, 'artwork.pdf');
  const id = await opts.scoped(async (tx) => {
    const [row] = await tx
      .insert(portalFiles)
      .values({
        accountId: who.portal.accountId,
        portalId: who.portal.id,
        purpose: 'artwork',
        productId: product.id,
        name,
        contentType: 'application/pdf',
        size: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
        preflight: report,
        uploadedByPortalUserId: who.user.id,
      })
      .returning({ id: portalFiles.id });
    const verdict = report.blocked ? 'blocked' : report.findings.length ? 'passed with warnings' : 'passed';
    await recordAudit(tx, portalActor(who.user), {
      action: 'portal.artwork.uploaded',
      entityType: 'portal_file',
      entityId: row!.id,
      accountId: who.portal.accountId,
      summary: `Artwork ${name} for ${product.sku} uploaded on /p/${who.portal.slug}: preflight ${verdict} (${report.findings.length} finding${report.findings.length === 1 ? '' : 's'})`,
      after: { sha256: stored.sha256, size: stored.size, blocked: report.blocked },
    });
    return row!.id;
  });
  return { id, name, size: stored.size, report };
}

/** The storage key and name of an order line's artwork (for the order → job flow). */
export async function artworkFileOf(db: Db, fileId: string) {
  const [row] = await db
    .select({ key: portalFiles.storageKey, name: portalFiles.name })
    .from(portalFiles)
    .where(and(eq(portalFiles.id, fileId), eq(portalFiles.purpose, 'artwork')));
  return row ?? null;
}
