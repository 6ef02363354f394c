import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  DESIGN_MAX_BYTES,
  Imposition,
  type DesignUpload,
  type TemplateInput,
  type VdpTemplate,
} from '../../../../shared/vdp';
import { recordAudit } from '../../../platform/audit';
import type { Db } from '../../../platform/db';
import { invalid, notFound } from '../../../platform/errors';
import type { FileStore } from '../../../platform/files';
import type { ServiceContext } from '../../../platform/service-context';
import { products } from '../tables';
import { unknownFontIds } from './fonts';
import { inspectDesignOffThread } from './pdf-pool';
import { vdpTemplates } from './tables';

type Row = typeof vdpTemplates.$inferSelect;
type Product = typeof products.$inferSelect;

/** Sheets the shop runs, smallest first (inches): a new template takes the smallest its design fits on. */
const SHEETS: [number, number][] = [
  [12, 18],
  [13, 19],
  [19, 25],
  [28, 40],
];

function defaultImposition(page: { width: number; height: number }): Imposition {
  const fits = SHEETS.find(
    ([w, h]) =>
      Math.min(page.width, page.height) + 60 <= w * 72 && Math.max(page.width, page.height) + 60 <= h * 72,
  );
  const [w, h] = fits ?? SHEETS[SHEETS.length - 1]!;
  return Imposition.parse({ sheetWidthIn: w, sheetHeightIn: h });
}

export function presentTemplate(row: Row): VdpTemplate {
  return {
    id: row.id,
    productId: row.productId,
    version: row.version,
    designName: row.designName,
    pages: row.pages,
    placements: row.placements,
    imposition: row.imposition,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The newest version of a product's template — or the newest at a moment (`at`: when a buyer approved a
 * proof, so the order gets the design the buyer saw) — or null when it has none (or it was removed).
 */
export async function currentTemplate(db: Db, productId: string, at?: Date): Promise<Row | null> {
  const [row] = await db
    .select()
    .from(vdpTemplates)
    .where(and(eq(vdpTemplates.productId, productId), at ? lte(vdpTemplates.createdAt, at) : undefined))
    .orderBy(desc(vdpTemplates.version))
    .limit(1);
  return row && !row.removed ? row : null;
}

/** The variable-data product of a portal, locked: template versions of one product are numbered one at a time. */
async function lockedProduct(db: Db, portalId: string, productId: string): Promise<Product> {
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.id, productId), eq(products.portalId, portalId)))
    .for('update');
  if (!product) throw notFound('Product');
  if (product.kind !== 'variable_data')
    throw invalid('Only a variable-data product has a template', [
      { path: 'productId', message: 'Not variable data' },
    ]);
  return product;
}

async function addVersion(
  db: Db,
  product: Product,
  actorId: string | null,
  values: Omit<typeof vdpTemplates.$inferInsert, 'version' | 'accountId' | 'productId'>,
) {
  const [last] = await db
    .select({ version: sql<number>`max(${vdpTemplates.version})` })
    .from(vdpTemplates)
    .where(eq(vdpTemplates.productId, product.id));
  const [row] = await db
    .insert(vdpTemplates)
    .values({
      ...values,
      accountId: product.accountId,
      productId: product.id,
      version: (last?.version ?? 0) + 1,
      createdBy: actorId,
    })
    .returning();
  return row!;
}

/** A product's template as staff see it (null: none yet). */
export async function getTemplate(opts: { db: Db; portalId: string; productId: string }) {
  const [product] = await opts.db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.id, opts.productId), eq(products.portalId, opts.portalId)));
  if (!product) throw notFound('Product');
  const row = await currentTemplate(opts.db, product.id);
  return { template: row ? presentTemplate(row) : null };
}

/** The current design's PDF bytes (the editor renders it in the browser). */
export async function designBytes(opts: { db: Db; files: FileStore; portalId: string; productId: string }) {
  const { template } = await getTemplate(opts);
  if (!template) throw notFound('Template');
  const row = (await currentTemplate(opts.db, opts.productId))!;
  return opts.files.get(row.designFileKey);
}

/**
 * Uploads the client's design (a new template version). Fields already placed stay where they were, on a
 * page the new design still has; a first design starts with no fields placed.
 */
export async function uploadDesign(
  opts: ServiceContext & {
    files: FileStore;
    portalId: string;
    productId: string;
    input: z.output<typeof DesignUpload>;
  },
) {
  const { db, actor, files, input } = opts;
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length > DESIGN_MAX_BYTES)
    throw invalid(`The design is larger than ${DESIGN_MAX_BYTES / 1024 / 1024} MB`, [
      { path: 'contentBase64', message: 'Too large' },
    ]);
  const { pages } = await inspectDesignOffThread(bytes);
  const product = await lockedProduct(db, opts.portalId, opts.productId);
  const before = await currentTemplate(db, product.id);
  const stored = await files.put(bytes);
  const row = await addVersion(db, product, actor.kind === 'user' ? actor.id : null, {
    designName: input.filename,
    designFileKey: stored.key,
    designSha256: stored.sha256,
    pages,
    placements: (before?.placements ?? []).filter((p) => p.page < pages.length),
    imposition: before?.imposition ?? defaultImposition(pages[0]!),
  });
  await recordAudit(db, actor, {
    action: 'portal.template.design_uploaded',
    entityType: 'product',
    entityId: product.id,
    accountId: product.accountId,
    summary: `Template v${row.version} of ${product.sku}: design ${input.filename} (${pages.length} page${pages.length > 1 ? 's' : ''}, ${Math.round(pages[0]!.width)} × ${Math.round(pages[0]!.height)} pt)`,
    before: before ? presentTemplate(before) : null,
    after: presentTemplate(row),
  });
  return presentTemplate(row);
}

/** Saves where the fields go and how the piece is imposed (a new version), after checking every placement. */
export async function saveTemplate(
  opts: ServiceContext & { portalId: string; productId: string; input: z.output<typeof TemplateInput> },
) {
  const { db, actor, input } = opts;
  const product = await lockedProduct(db, opts.portalId, opts.productId);
  const before = await currentTemplate(db, product.id);
  if (!before)
    throw invalid('Upload the client’s design first', [{ path: 'design', message: 'No design yet' }]);
  const unknown = await unknownFontIds(
    db,
    input.placements.map((p) => p.fontId),
  );
  input.placements.forEach((p, i) => {
    const at = (field: string, message: string) =>
      invalid(message, [{ path: `placements.${i}.${field}`, message }]);
    if (!product.fields.some((f) => f.name === p.field))
      throw at('field', `${product.name} has no field “${p.field}”`);
    const page = before.pages[p.page];
    if (!page) throw at('page', `The design has no page ${p.page + 1}`);
    if (p.x + p.width > page.width + 0.01 || p.y + p.size > page.height + 0.01)
      throw at(
        'x',
        `The box of ${p.field} runs off the page (${Math.round(page.width)} × ${Math.round(page.height)} pt)`,
      );
    if (unknown.includes(p.fontId)) throw at('fontId', 'Not one of the shop’s fonts');
  });
  const row = await addVersion(db, product, actor.kind === 'user' ? actor.id : null, {
    designName: before.designName,
    designFileKey: before.designFileKey,
    designSha256: before.designSha256,
    pages: before.pages,
    placements: input.placements,
    imposition: input.imposition,
  });
  await recordAudit(db, actor, {
    action: 'portal.template.saved',
    entityType: 'product',
    entityId: product.id,
    accountId: product.accountId,
    summary: `Template v${row.version} of ${product.sku}: ${input.placements.length} field${input.placements.length === 1 ? '' : 's'} placed`,
    before: presentTemplate(before),
    after: presentTemplate(row),
  });
  return presentTemplate(row);
}

/** Takes the template off the product (a version that removes it): proofs go back to the plain card page. */
export async function removeTemplate(opts: ServiceContext & { portalId: string; productId: string }) {
  const { db, actor } = opts;
  const product = await lockedProduct(db, opts.portalId, opts.productId);
  const before = await currentTemplate(db, product.id);
  if (!before) throw notFound('Template');
  const row = await addVersion(db, product, actor.kind === 'user' ? actor.id : null, {
    designName: before.designName,
    designFileKey: before.designFileKey,
    designSha256: before.designSha256,
    pages: before.pages,
    placements: before.placements,
    imposition: before.imposition,
    removed: true,
  });
  await recordAudit(db, actor, {
    action: 'portal.template.removed',
    entityType: 'product',
    entityId: product.id,
    accountId: product.accountId,
    summary: `Template of ${product.sku} removed (v${row.version}); proofs use the plain page`,
    before: presentTemplate(before),
  });
}
