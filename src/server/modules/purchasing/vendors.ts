import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Vendor, VendorInput, VendorListQuery } from '../../../shared/purchasing';
import { changedFields, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import type { ServiceContext } from '../../platform/service-context';
import { purchaseOrders, vendors } from './tables';

type Row = typeof vendors.$inferSelect;
const OPEN_PO = ['draft', 'sent', 'partly_received'] as const;

function present(v: Row, openOrders: number): Vendor {
  return {
    id: v.id,
    name: v.name,
    email: v.email,
    contactName: v.contactName,
    phone: v.phone,
    terms: v.terms,
    leadTimeDays: v.leadTimeDays,
    address: v.address ?? null,
    notes: v.notes,
    active: v.active,
    openOrders,
    createdAt: v.createdAt.toISOString(),
  };
}

async function openOrderCounts(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, number>();
  const rows = await db
    .select({ vendorId: purchaseOrders.vendorId, n: sql<number>`count(*)::int` })
    .from(purchaseOrders)
    .where(and(inArray(purchaseOrders.vendorId, ids), inArray(purchaseOrders.status, [...OPEN_PO])))
    .groupBy(purchaseOrders.vendorId);
  return new Map(rows.map((r) => [r.vendorId, r.n]));
}

/** The vendor's row; "not found" for an unknown id. */
export async function findVendor(opts: { db: Db; id: string }): Promise<Row> {
  const [row] = await opts.db.select().from(vendors).where(eq(vendors.id, opts.id));
  if (!row) throw notFound('Vendor');
  return row;
}

/** One vendor with its count of open orders. */
export async function getVendor(opts: { db: Db; id: string }): Promise<Vendor> {
  const { db, id } = opts;
  const row = await findVendor(opts);
  return present(row, (await openOrderCounts(db, [id])).get(id) ?? 0);
}

/** Vendors by name, searched by name or e-mail. */
export async function listVendors(opts: { db: Db; query: z.output<typeof VendorListQuery> }) {
  const { db, query } = opts;
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await db
    .select()
    .from(vendors)
    .where(
      and(
        query.q ? or(ilike(vendors.name, `%${query.q}%`), ilike(vendors.email, `%${query.q}%`)) : undefined,
        query.active ? eq(vendors.active, query.active === 'true') : undefined,
        after
          ? or(
              gt(sql`lower(${vendors.name})`, String(after[0])),
              and(eq(sql`lower(${vendors.name})`, String(after[0])), gt(vendors.id, String(after[1]))),
            )
          : undefined,
      ),
    )
    .orderBy(sql`lower(${vendors.name})`, asc(vendors.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const counts = await openOrderCounts(
    db,
    page.map((v) => v.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((v) => present(v, counts.get(v.id) ?? 0)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
  };
}

async function assertNameFree(db: Db, name: string, exceptId?: string) {
  const [clash] = await db
    .select({ id: vendors.id })
    .from(vendors)
    .where(eq(sql`lower(${vendors.name})`, name.toLowerCase()));
  if (clash && clash.id !== exceptId) throw conflict(`A vendor named ${name} already exists`);
}

/** Adds a vendor (names are unique, case aside). */
export async function createVendor(opts: ServiceContext & { input: z.output<typeof VendorInput> }) {
  const { db, actor, input } = opts;
  await assertNameFree(db, input.name);
  const [row] = await db.insert(vendors).values(input).returning();
  await recordAudit(db, actor, {
    action: 'vendor.created',
    entityType: 'vendor',
    entityId: row!.id,
    summary: `Vendor ${row!.name} added`,
    after: input,
  });
  return present(row!, 0);
}

/** Changes a vendor. */
export async function updateVendor(
  opts: ServiceContext & { id: string; input: z.output<typeof VendorInput> },
) {
  const { db, actor, id, input } = opts;
  const before = await findVendor({ db, id });
  await assertNameFree(db, input.name, id);
  const [row] = await db
    .update(vendors)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(vendors.id, id))
    .returning();
  await recordAudit(db, actor, {
    action: 'vendor.updated',
    entityType: 'vendor',
    entityId: id,
    summary: `Vendor ${row!.name} changed: ${changedFields(before, row!).join(', ') || 'nothing'}`,
    before,
    after: row,
  });
  return getVendor({ db, id });
}
