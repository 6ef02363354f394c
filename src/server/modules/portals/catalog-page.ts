import { and, asc, eq, getTableName, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { ArtworkRules } from '../../../shared/artwork';
import type { CatalogQuery } from '../../../shared/portals';
import { prepared, shapeName, type Db } from '../../platform/db';
import { sqlLiteral } from '../../platform/db/json-sql';
import { decodeCursor, encodeCursor, jsonPage } from '../../platform/pagination';
import type { Clock } from '../../platform/service-context';
import { likePattern } from '../accounts';
import { portalFileUrl } from './file-urls';
import { inventoryItems, type portals, products } from './tables';

// Stored rules are written through ArtworkRules; rules stored before a field existed get its default, as its parse does.
const artworkDefaults = ArtworkRules.parse({});
const ARTWORK = `case when "products"."artwork" is not null then
  ${sqlLiteral(JSON.stringify(artworkDefaults))}::jsonb || "products"."artwork" || jsonb_build_object('severity',
    ${sqlLiteral(JSON.stringify(artworkDefaults.severity))}::jsonb || coalesce("products"."artwork"->'severity', '{}'::jsonb))
  end`;

const INVENTORY = getTableName(inventoryItems);
// availabilityOf: a stocked item's free stock; a kit's, what its stocked components allow (none stocked: null).
const AVAILABLE = `case "products"."kind"
  when 'stocked' then coalesce((select i.on_hand - i.reserved from ${INVENTORY} i
    where i.id = "products"."inventory_item_id"), 0)
  when 'kit' then (select case when count(*) > 0
      then greatest(0, min(floor(coalesce(i.on_hand - i.reserved, 0)::numeric / c.quantity)))::int end
    from jsonb_to_recordset("products"."components") c("productId" uuid, quantity int)
    join ${getTableName(products)} cp on cp.id = c."productId" and cp.kind = 'stocked'
    left join ${INVENTORY} i on i.id = cp.inventory_item_id)
  end`;

/** A product as a portal user sees it (presentProduct with `staff` false), written as JSON by PostgreSQL. */
const productJson = sql<string>`json_build_object(
  'id', "products"."id", 'portalId', "products"."portal_id", 'sku', "products"."sku", 'name', "products"."name",
  'description', "products"."description", 'kind', "products"."kind", 'categories', "products"."categories",
  'imageUrl', "products"."image_url",
  'imageFile', case when "products"."image_file_id" is not null then json_build_object('id', "products"."image_file_id",
    'url', ${sql.placeholder('fileUrl')}::text || "products"."image_file_id") end,
  'artwork', ${sql.raw(ARTWORK)},
  'unitPriceCents', case when ${sql.placeholder('showPrices')}::boolean then "products"."unit_price_cents" end,
  'priceBreaks', case when ${sql.placeholder('showPrices')}::boolean then "products"."price_breaks" else '[]'::jsonb end,
  'minQuantity', "products"."min_quantity", 'maxQuantity', "products"."max_quantity",
  'multipleOf', "products"."multiple_of", 'visibleToCostCentreIds', "products"."visible_to_cost_centre_ids",
  'restricted', "products"."restricted", 'activeFrom', "products"."active_from", 'activeTo', "products"."active_to",
  'active', "products"."active", 'inventoryItemId', "products"."inventory_item_id",
  'productType', "products"."product_type", 'spec', "products"."spec", 'fields', "products"."fields",
  'components', "products"."components", 'available', ${sql.raw(AVAILABLE)},
  'pricedByEngine', "products"."engine_spec" is not null, 'engineSpec', null
)::text`;

/**
 * The catalogue page a portal user may order from today, by name: each product written as JSON by PostgreSQL
 * with its availability, in the statement that finds the page (the same products and fields as `catalogProduct`
 * answers one by one; a test holds them equal). Answers the page as JSON text.
 */
export async function catalogPage(opts: {
  db: Db;
  clock: Clock;
  portal: typeof portals.$inferSelect;
  user: { id: string; costCentreIds: string[] };
  query: z.output<typeof CatalogQuery>;
}): Promise<string> {
  const { db, portal, user, query } = opts;
  const offset = query.cursor ? Number(decodeCursor(query.cursor, 1)[0]) : 0;
  const P = (name: string) => sql.placeholder(name);
  // Each combination of filters is built once and sent as its own prepared statement.
  const shape = {
    c: user.costCentreIds.length > 0,
    q: !!query.q,
    g: !!query.category,
    f: query.favourites === 'true',
  };
  const name = shapeName('catalog_json', shape);
  const pageQuery = prepared(db, name, (d) =>
    d
      .select({ json: productJson })
      .from(products)
      .where(
        and(
          eq(products.portalId, P('portalId')),
          eq(products.active, true),
          sql`(${products.activeFrom} is null or ${products.activeFrom} <= ${P('today')})`,
          sql`(${products.activeTo} is null or ${products.activeTo} >= ${P('today')})`,
          shape.c
            ? sql`(cardinality(${products.visibleToCostCentreIds}) = 0 or ${products.visibleToCostCentreIds} && ${P('centres')}::uuid[])`
            : undefined,
          shape.q
            ? sql`(lower(${products.name}) like ${P('pattern')} or lower(${products.sku}) like ${P('pattern')} or lower(coalesce(${products.description}, '')) like ${P('pattern')})`
            : undefined,
          shape.g ? sql`${P('category')}::text = any(${products.categories})` : undefined,
          shape.f
            ? sql`${products.id} in (select product_id from portal_favourites where portal_user_id = ${P('userId')})`
            : undefined,
        ),
      )
      .orderBy(asc(products.name), asc(products.id))
      .limit(P('limit'))
      .offset(P('offset'))
      .prepare(name),
  );
  const rows = await pageQuery.execute({
    portalId: portal.id,
    today: opts.clock.today(),
    centres: `{${user.costCentreIds.join(',')}}`,
    pattern: query.q ? likePattern(query.q) : undefined,
    category: query.category,
    userId: user.id,
    limit: query.limit + 1,
    offset: Number.isSafeInteger(offset) && offset >= 0 ? offset : 0,
    showPrices: portal.showPrices,
    fileUrl: portalFileUrl({ portalId: portal.id, slug: portal.slug }, ''),
  });
  const lines = rows.slice(0, query.limit).map((r) => r.json);
  const nextCursor = rows.length > query.limit ? encodeCursor([offset + query.limit]) : null;
  return jsonPage(lines, nextCursor);
}
