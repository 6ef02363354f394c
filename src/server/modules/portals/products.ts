import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { FONT, newPdfDocument, pdfBytes } from '../../platform/documents/fonts';
import type { z } from 'zod';
import type { Product, ProductInput } from '../../../shared/portals';
import { changedFields, recordAudit } from '../../platform/audit';
import { prepared, type Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import type { Clock, ServiceContext } from '../../platform/service-context';
import { findPortal } from './portals';
import { checkedEngineSpec } from './pricing';
import { templateProof } from './vdp/proof';
import type { FileStore } from '../../platform/files';
import { inventoryItems, portals, products } from './tables';
import { ArtworkRules } from '../../../shared/artwork';
import { portalFileUrl } from './file-urls';
import { requireProductType } from '../departments';

type Row = typeof products.$inferSelect;

export { unitPrice } from './pricing';

/** Units that can be ordered now: a stocked item's free stock, or what a kit's components allow. */
export async function availabilityOf(db: Db, rows: Row[]): Promise<Map<string, number | null>> {
  const componentIds = rows.flatMap((r) => r.components.map((c) => c.productId));
  const componentsQuery = prepared(db, 'kit_components', (d) =>
    d
      .select({ id: products.id, kind: products.kind, inventoryItemId: products.inventoryItemId })
      .from(products)
      .where(sql`${products.id} = any(${sql.placeholder('ids')}::uuid[])`)
      .prepare('kit_components'),
  );
  const components = componentIds.length ? await componentsQuery.execute({ ids: componentIds }) : [];
  const itemIds = [...rows, ...components]
    .map((r) => r.inventoryItemId)
    .filter((x): x is string => Boolean(x));
  const stockQuery = prepared(db, 'stock_of_items', (d) =>
    d
      .select({ id: inventoryItems.id, onHand: inventoryItems.onHand, reserved: inventoryItems.reserved })
      .from(inventoryItems)
      .where(sql`${inventoryItems.id} = any(${sql.placeholder('ids')}::uuid[])`)
      .prepare('stock_of_items'),
  );
  const items = itemIds.length ? await stockQuery.execute({ ids: itemIds }) : [];
  const free = (itemId: string | null) => {
    const item = items.find((i) => i.id === itemId);
    return item ? item.onHand - item.reserved : 0;
  };
  return new Map(
    rows.map((r): [string, number | null] => {
      if (r.kind === 'stocked') return [r.id, free(r.inventoryItemId)];
      if (r.kind !== 'kit') return [r.id, null];
      const limits = r.components.flatMap((c) => {
        const p = components.find((x) => x.id === c.productId);
        return p?.kind === 'stocked' ? [Math.floor(free(p.inventoryItemId) / c.quantity)] : [];
      });
      return [r.id, limits.length ? Math.max(0, Math.min(...limits)) : null];
    }),
  );
}

/**
 * A product as the API shows it. `slug` is the portal's when a portal user reads it: the uploaded image is then
 * served from the portal's own file route (staff read it from the staff route).
 */
export function presentProduct(
  p: Row,
  available: number | null,
  showPrices = true,
  staff = true,
  slug?: string,
): Product {
  return {
    id: p.id,
    portalId: p.portalId,
    sku: p.sku,
    name: p.name,
    description: p.description,
    kind: p.kind,
    categories: p.categories,
    imageUrl: p.imageUrl,
    imageFile: p.imageFileId
      ? {
          id: p.imageFileId,
          url: portalFileUrl({ portalId: p.portalId, slug: staff ? undefined : slug }, p.imageFileId),
        }
      : null,
    artwork: p.artwork ? ArtworkRules.parse(p.artwork) : null,
    unitPriceCents: showPrices ? p.unitPriceCents : null,
    priceBreaks: showPrices ? p.priceBreaks : [],
    minQuantity: p.minQuantity,
    maxQuantity: p.maxQuantity,
    multipleOf: p.multipleOf,
    visibleToCostCentreIds: p.visibleToCostCentreIds,
    restricted: p.restricted,
    activeFrom: p.activeFrom,
    activeTo: p.activeTo,
    active: p.active,
    inventoryItemId: p.inventoryItemId,
    productType: p.productType,
    spec: p.spec,
    fields: p.fields,
    components: p.components,
    available,
    pricedByEngine: p.engineSpec !== null,
    engineSpec: staff ? (p.engineSpec as Product['engineSpec']) : null,
  };
}

async function presentMany(db: Db, rows: Row[], showPrices = true, staff = true, slug?: string) {
  const available = await availabilityOf(db, rows);
  return rows.map((r) => presentProduct(r, available.get(r.id) ?? null, showPrices, staff, slug));
}

export async function findProduct(db: Db, portalId: string, id: string) {
  const query = prepared(db, 'portal_product', (d) =>
    d
      .select()
      .from(products)
      .where(and(eq(products.id, sql.placeholder('id')), eq(products.portalId, sql.placeholder('portalId'))))
      .prepare('portal_product'),
  );
  const [row] = await query.execute({ id, portalId });
  if (!row) throw notFound('Product');
  return row;
}

/** One product of a portal, as staff see it. */
export async function getProduct(opts: { db: Db; portalId: string; id: string }) {
  const { db } = opts;
  return (await presentMany(db, [await findProduct(db, opts.portalId, opts.id)]))[0]!;
}

/** The portal's products by name. */
export async function listProducts(opts: { db: Db; portalId: string }) {
  const { db, portalId } = opts;
  await findPortal(db, portalId);
  const rows = await db
    .select()
    .from(products)
    .where(eq(products.portalId, portalId))
    .orderBy(asc(products.name))
    .limit(1000);
  return { items: await presentMany(db, rows), nextCursor: null };
}

async function checkProduct(
  db: Db,
  portal: typeof portals.$inferSelect,
  input: z.output<typeof ProductInput>,
  id?: string,
) {
  const [clash] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.portalId, portal.id), eq(sql`lower(${products.sku})`, input.sku.toLowerCase())));
  if (clash && clash.id !== id)
    throw invalid(`SKU ${input.sku} is already in this portal`, [{ path: 'sku', message: 'Already used' }]);
  if (input.maxQuantity !== null && input.maxQuantity < input.minQuantity) {
    throw invalid('The maximum is below the minimum', [
      { path: 'maxQuantity', message: `At least ${input.minQuantity}` },
    ]);
  }
  if (input.kind === 'stocked') {
    const [item] = input.inventoryItemId
      ? await db.select().from(inventoryItems).where(eq(inventoryItems.id, input.inventoryItemId))
      : [];
    if (!item || item.accountId !== portal.accountId) {
      throw invalid('A stocked item is picked from the client’s inventory: choose the item', [
        { path: 'inventoryItemId', message: 'Required: an inventory item of this client' },
      ]);
    }
  }
  if ((input.kind === 'print_on_demand' || input.kind === 'variable_data') && !input.productType) {
    throw invalid('Say what the job prints', [
      { path: 'productType', message: 'Required for made-to-order products' },
    ]);
  }
  if (input.productType) await requireProductType(db, input.productType, 'productType');
  if (input.kind === 'variable_data' && !input.fields.length) {
    throw invalid('A variable-data product needs its fields', [
      { path: 'fields', message: 'Add at least one field' },
    ]);
  }
  if (input.kind === 'kit') {
    if (!input.components.length)
      throw invalid('A kit bundles other products', [
        { path: 'components', message: 'Add at least one product' },
      ]);
    const found = await db
      .select()
      .from(products)
      .where(
        inArray(
          products.id,
          input.components.map((c) => c.productId),
        ),
      );
    input.components.forEach((c, i) => {
      const p = found.find((x) => x.id === c.productId);
      if (!p || p.portalId !== portal.id || p.kind === 'kit' || p.id === id) {
        throw invalid('A kit component must be another non-kit product of this portal', [
          { path: `components.${i}.productId`, message: 'Not allowed here' },
        ]);
      }
    });
  }
}

/** The engine specs to keep: checked by pricing the least quantity (a 400 says what the engine cannot do). */
const engineSpecOf = (ctx: ServiceContext, accountId: string, input: z.output<typeof ProductInput>) =>
  input.engineSpec ? checkedEngineSpec(ctx, accountId, input.engineSpec, input.minQuantity) : null;

/** Adds a product to a portal. */
export async function createProduct(
  opts: ServiceContext & { portalId: string; input: z.output<typeof ProductInput> },
) {
  const { db, actor, portalId, input } = opts;
  const portal = await findPortal(db, portalId);
  await checkProduct(db, portal, input);
  const engineSpec = await engineSpecOf(opts, portal.accountId, input);
  const [row] = await db
    .insert(products)
    .values({ ...input, engineSpec, portalId, accountId: portal.accountId })
    .returning();
  await recordAudit(db, actor, {
    action: 'portal.product.created',
    entityType: 'product',
    entityId: row!.id,
    accountId: portal.accountId,
    summary: `Product ${row!.sku} ${row!.name} added to /p/${portal.slug}`,
    after: input,
  });
  return getProduct({ db, portalId, id: row!.id });
}

/** Changes a product. */
export async function updateProduct(
  opts: ServiceContext & { portalId: string; id: string; input: z.output<typeof ProductInput> },
) {
  const { db, actor, portalId, id, input } = opts;
  const portal = await findPortal(db, portalId);
  const before = await findProduct(db, portalId, id);
  await checkProduct(db, portal, input, id);
  const engineSpec = await engineSpecOf(opts, portal.accountId, input);
  const [row] = await db
    .update(products)
    .set({ ...input, engineSpec, updatedAt: opts.clock.now() })
    .where(eq(products.id, id))
    .returning();
  await recordAudit(db, actor, {
    action: 'portal.product.updated',
    entityType: 'product',
    entityId: id,
    accountId: portal.accountId,
    summary: `Product ${row!.sku} changed: ${changedFields(before, row!).join(', ') || 'nothing'}`,
    before,
    after: row,
  });
  return getProduct({ db, portalId, id });
}

/** May this buyer see and order the product today? */
export function orderable(p: Row, costCentreIds: string[], today: string) {
  return (
    p.active &&
    (!p.activeFrom || p.activeFrom <= today) &&
    (!p.activeTo || p.activeTo >= today) &&
    (!p.visibleToCostCentreIds.length ||
      !costCentreIds.length ||
      p.visibleToCostCentreIds.some((id) => costCentreIds.includes(id)))
  );
}

/** One product of the catalogue, if this user may see and order it today. */
export async function catalogProduct(opts: {
  db: Db;
  clock: Clock;
  portal: typeof portals.$inferSelect;
  user: { costCentreIds: string[] };
  id: string;
}) {
  const { db, portal } = opts;
  const row = await findProduct(db, portal.id, opts.id);
  if (!orderable(row, opts.user.costCentreIds, opts.clock.today())) throw notFound('Product');
  return (await presentMany(db, [row], portal.showPrices, false, portal.slug))[0]!;
}

/** Checks variable-data values against the product's fields; returns only known fields, trimmed. */
export function checkValues(p: Row, values: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const key of Object.keys(values)) {
    if (!p.fields.some((f) => f.name === key))
      throw invalid(`${p.name} has no field “${key}”`, [{ path: `values.${key}`, message: 'Unknown field' }]);
  }
  for (const f of p.fields) {
    const v = (values[f.name] ?? '').trim();
    if (f.required && !v)
      throw invalid(`${f.label} is required`, [{ path: `values.${f.name}`, message: 'Required' }]);
    if (v.length > f.maxLength)
      throw invalid(`${f.label} is longer than ${f.maxLength}`, [
        { path: `values.${f.name}`, message: `At most ${f.maxLength} characters` },
      ]);
    if (v) out[f.name] = v;
  }
  return out;
}

/**
 * The live proof of a variable-data product: the buyer's values set into the client's design when the product
 * has a template (vdp/proof.ts), else on a plain business-card-sized page.
 */
export async function variableDataProof(
  p: Row,
  values: Record<string, string>,
  portalName: string,
  ctx: { db: Db; files: FileStore; approvedAt?: Date },
): Promise<Buffer> {
  const onDesign = await templateProof({ ...ctx, product: p, values });
  if (onDesign) return onDesign;
  const doc = newPdfDocument({ size: [252, 144], margin: 14, info: { Title: `${p.sku} proof` } });
  const done = pdfBytes(doc);
  doc.font(FONT.regular).fontSize(6).fillColor('#9ca3af').text(`PROOF · ${portalName} · ${p.sku}`, 14, 6);
  let y = 26;
  for (const [i, f] of p.fields.entries()) {
    const v = values[f.name];
    if (!v) continue;
    doc
      .font(i === 0 ? FONT.bold : FONT.regular)
      .fontSize(i === 0 ? 12 : 8)
      .fillColor('#111827')
      .text(v, 14, y, { width: 224 });
    y = doc.y + (i === 0 ? 4 : 1);
  }
  doc.end();
  return done;
}
