import type { Db } from '../../../platform/db';
import type { FileStore } from '../../../platform/files';
import { products } from '../tables';
import { bundledSans, fontBytes } from './fonts';
import { imposeOffThread, renderOffThread } from './pdf-pool';
import { currentTemplate } from './templates';
import { Imposition } from '../../../../shared/vdp';

type Product = typeof products.$inferSelect;

/**
 * The live proof of a variable-data product on its template: the buyer's values set into the client's design
 * with embedded, subset fonts (a 400 names a character the font lacks, or a value that does not fit). Null
 * when the product has no template (the caller draws the plain page). The PDF's subject binds it to the
 * template version and the values; its dates are the version's, so the same values give the same bytes.
 */
export async function templateProof(opts: {
  db: Db;
  files: FileStore;
  product: Product;
  values: Record<string, string>;
  /** When the buyer approved the proof: the version current then, not one saved since. */
  approvedAt?: Date;
}): Promise<Buffer | null> {
  const { db, files, product, values } = opts;
  const template = await currentTemplate(db, product.id, opts.approvedAt);
  if (!template) return null;
  return renderOffThread({
    design: await files.get(template.designFileKey),
    fonts: await fontBytes(
      db,
      files,
      template.placements.map((p) => p.fontId),
    ),
    placements: template.placements,
    labels: Object.fromEntries(product.fields.map((f) => [f.name, f.label])),
    values,
    title: `${product.sku} proof`,
    // In the product's field order: the cart keeps values as jsonb, which does not keep the order they came in.
    subject: `${product.sku} template v${template.version} · ${JSON.stringify(
      Object.fromEntries(product.fields.filter((f) => values[f.name]).map((f) => [f.name, values[f.name]])),
    )}`,
    date: template.createdAt.toISOString(),
  });
}

/**
 * The print-ready PDF of an approved proof: the piece imposed n-up on the template's press sheet (or the
 * smallest standard sheet it fits, for a product without a template), crop marks, the sheets the quantity
 * needs in the slug line and the file name.
 */
export async function printReadyPdf(opts: {
  db: Db;
  productId: string;
  sku: string;
  orderNumber: string;
  proof: Buffer;
  quantity: number;
}) {
  const template = await currentTemplate(opts.db, opts.productId);
  // A plain proof page (no template) has no bleed and goes on a 12 × 18 in sheet.
  const imposition = template?.imposition ?? Imposition.parse({});
  const sheet = await imposeOffThread({
    piece: opts.proof,
    imposition,
    quantity: opts.quantity,
    label: `${opts.sku} · ${opts.orderNumber}`,
    slugFont: await bundledSans(),
    date: (template?.createdAt ?? new Date(0)).toISOString(),
  });
  return {
    bytes: Buffer.from(sheet.bytes),
    filename: `${opts.sku}-print-ready-${sheet.up}up-${sheet.sheets}-sheets.pdf`.replace(/[/\\]/g, '-'),
    up: sheet.up,
    sheets: sheet.sheets,
  };
}
