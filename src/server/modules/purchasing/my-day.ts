import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { MY_DAY_CAP, type PurchasingDay } from '../../../shared/my-day';
import { inSequence, type Db } from '../../platform/db';
import { addDays } from '../../platform/calendar/working-days';
import type { Clock } from '../../platform/service-context';
import { listShortages } from './job-materials';
import { purchaseOrderReceipts, purchaseOrders, vendors } from './tables';

const AWAITED = ['sent', 'partly_received'] as const;

/**
 * Purchasing's My day, most urgent first: the shortages to buy (soonest-due job first), orders past their
 * expected date, orders expected within the week, and the receipts of the last seven days.
 */
export async function purchasingMyDay(opts: { db: Db; clock: Clock }): Promise<PurchasingDay> {
  const { db } = opts;
  const today = opts.clock.today();
  const weekAgo = new Date(`${addDays(today, -7)}T00:00:00Z`);
  const orders = (when: ReturnType<typeof sql>) =>
    db
      .select({
        id: purchaseOrders.id,
        number: purchaseOrders.number,
        vendor: vendors.name,
        status: purchaseOrders.status,
        expectedDate: purchaseOrders.expectedDate,
        total: sql<number>`(count(*) over ())::int`,
      })
      .from(purchaseOrders)
      .innerJoin(vendors, eq(vendors.id, purchaseOrders.vendorId))
      .where(and(inArray(purchaseOrders.status, [...AWAITED]), when))
      .orderBy(asc(purchaseOrders.expectedDate), asc(purchaseOrders.number))
      .limit(MY_DAY_CAP);
  const [late, dueSoon, receipts] = await inSequence([
    orders(sql`${purchaseOrders.expectedDate} < ${today}`),
    orders(sql`${purchaseOrders.expectedDate} between ${today} and ${addDays(today, 7)}`),
    db
      .select({
        id: purchaseOrderReceipts.id,
        at: purchaseOrderReceipts.createdAt,
        lines: sql<number>`jsonb_array_length(${purchaseOrderReceipts.lines})::int`,
        poId: purchaseOrders.id,
        poNumber: purchaseOrders.number,
        vendor: vendors.name,
        total: sql<number>`(count(*) over ())::int`,
      })
      .from(purchaseOrderReceipts)
      .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderReceipts.purchaseOrderId))
      .innerJoin(vendors, eq(vendors.id, purchaseOrders.vendorId))
      .where(gte(purchaseOrderReceipts.createdAt, weekAgo))
      .orderBy(desc(purchaseOrderReceipts.createdAt))
      .limit(MY_DAY_CAP),
  ]);
  const shortages = await listShortages({ db });
  const page = (rows: typeof late) => ({
    items: rows.map((o) => ({
      id: o.id,
      number: o.number,
      vendor: o.vendor,
      status: o.status,
      expectedDate: o.expectedDate,
    })),
    total: rows[0]?.total ?? 0,
  });
  return {
    shortages: { items: shortages.slice(0, MY_DAY_CAP), total: shortages.length },
    late: page(late),
    dueSoon: page(dueSoon),
    receipts: {
      total: receipts[0]?.total ?? 0,
      items: receipts.map((x) => ({
        id: x.id,
        at: x.at.toISOString(),
        lines: x.lines,
        purchaseOrder: { id: x.poId, number: x.poNumber },
        vendor: x.vendor,
      })),
    },
  };
}
