import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ProductRoute, ProductTypeInput, UpdateProductType } from '../../../shared/departments';
import { BUILT_IN_PRODUCT_TYPES, productTypeName } from '../../../shared/jobs';
import { changedFields, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { loadCalendars } from './service';
import { productRoutes, type RouteStep } from './tables';

type Row = typeof productRoutes.$inferSelect;
const builtIn = (code: string) => (BUILT_IN_PRODUCT_TYPES as readonly string[]).includes(code);

function present(r: Row): ProductRoute {
  return {
    productType: r.productType,
    label: r.label ?? productTypeName(r.productType),
    builtIn: builtIn(r.productType),
    active: r.active,
    steps: r.steps,
  };
}

/** Every product type (built-in and the shop's own, retired ones too) with its default route. */
export async function listProductRoutes(opts: { db: Db }) {
  const rows = await opts.db.select().from(productRoutes).orderBy(asc(productRoutes.productType));
  return rows.map(present);
}

/** The default route of a product type (empty when it has none). */
export async function routeFor(opts: { db: Db; productType: string }): Promise<RouteStep[]> {
  const [row] = await opts.db
    .select()
    .from(productRoutes)
    .where(eq(productRoutes.productType, opts.productType));
  return row?.steps ?? [];
}

/**
 * Checks that new work may use a product type: it exists and is not retired. Else a 400 on `path`, so a job,
 * a quote or a portal product names the field that is wrong.
 */
export async function requireProductType(db: Db, code: string, path: string) {
  const [row] = await db.select().from(productRoutes).where(eq(productRoutes.productType, code));
  if (!row) throw invalid(`Unknown product type "${code}"`, [{ path, message: 'Unknown product type' }]);
  if (!row.active)
    throw invalid(`The product type ${present(row).label} is retired`, [
      { path, message: 'Retired: choose another product type' },
    ]);
  return present(row);
}

async function checkSteps(db: Db, steps: RouteStep[]) {
  const { byCode } = await loadCalendars({ db });
  steps.forEach((s, i) => {
    if (!byCode.get(s.departmentCode)?.active) {
      throw invalid(`Unknown or inactive department "${s.departmentCode}"`, [
        { path: `steps.${i}.departmentCode`, message: 'Unknown department' },
      ]);
    }
  });
}

/** Replaces the default route of a product type; every step must name an active department. */
export async function setProductRoute(opts: ServiceContext & { productType: string; steps: RouteStep[] }) {
  await checkSteps(opts.db, opts.steps);
  const [before] = await opts.db
    .select()
    .from(productRoutes)
    .where(eq(productRoutes.productType, opts.productType))
    .for('update');
  if (!before && !builtIn(opts.productType)) throw notFound('Product type');
  const [row] = await opts.db
    .insert(productRoutes)
    .values({ productType: opts.productType, steps: opts.steps })
    .onConflictDoUpdate({
      target: productRoutes.productType,
      set: { steps: opts.steps, updatedAt: new Date() },
    })
    .returning();
  await recordAudit(opts.db, opts.actor, {
    action: 'product_route.update',
    entityType: 'product_route',
    entityId: null,
    summary: `Changed the default route of ${present(row!).label}`,
    before: before?.steps ?? [],
    after: opts.steps,
  });
  return present(row!);
}

/** Defines a product type beyond the built-in ones, with its route (409 when the code is taken). */
export async function createProductType(opts: ServiceContext & { input: z.output<typeof ProductTypeInput> }) {
  const { db, input } = opts;
  await checkSteps(db, input.steps);
  const [row] = await db
    .insert(productRoutes)
    .values({ productType: input.code, label: input.label, steps: input.steps })
    .onConflictDoNothing({ target: productRoutes.productType })
    .returning();
  if (!row) throw conflict(`The product type code "${input.code}" is taken`);
  await recordAudit(db, opts.actor, {
    action: 'product_type.create',
    entityType: 'product_route',
    entityId: row.id,
    summary: `Added the product type ${input.label} (${input.code})`,
    after: present(row),
  });
  return present(row);
}

/** Renames or retires (or brings back) a product type; work that already uses it keeps it. */
export async function updateProductType(
  opts: ServiceContext & { code: string; input: z.output<typeof UpdateProductType> },
) {
  const { db, input } = opts;
  const [before] = await db
    .select()
    .from(productRoutes)
    .where(eq(productRoutes.productType, opts.code))
    .for('update');
  if (!before) throw notFound('Product type');
  const [row] = await db
    .update(productRoutes)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(productRoutes.id, before.id))
    .returning();
  const after = present(row!);
  const verb =
    input.active === false ? 'Retired' : input.active && !before.active ? 'Brought back' : 'Renamed';
  await recordAudit(db, opts.actor, {
    action: 'product_type.update',
    entityType: 'product_route',
    entityId: row!.id,
    summary: `${verb} the product type ${after.label} (${opts.code}): ${changedFields(present(before), after).join(', ') || 'no change'}`,
    before: present(before),
    after,
  });
  return after;
}
