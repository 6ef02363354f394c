import { and, asc, inArray, ne, or } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { jobItems, jobs } from './tables';

export type BillableJob = {
  id: string;
  number: string;
  title: string;
  accountId: string;
  clientPo: string | null;
  status: string;
  items: {
    position: number;
    description: string | null;
    productType: string;
    quantity: number;
    priceCents: number | null;
  }[];
};

/** Jobs billing may invoice: completed or closed, or among `shippedIds` (not cancelled), oldest first. */
export async function findShippedOrCompletedJobs(
  db: Db,
  opts: { shippedIds: string[]; limit: number },
): Promise<BillableJob[]> {
  const rows = await db
    .select()
    .from(jobs)
    .where(
      and(
        ne(jobs.status, 'cancelled'),
        or(
          inArray(jobs.status, ['completed', 'closed']),
          opts.shippedIds.length ? inArray(jobs.id, opts.shippedIds) : undefined,
        ),
      ),
    )
    .orderBy(asc(jobs.createdAt))
    .limit(opts.limit);
  if (!rows.length) return [];
  const items = await db
    .select()
    .from(jobItems)
    .where(
      inArray(
        jobItems.jobId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(jobItems.position));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    accountId: r.accountId,
    clientPo: r.clientPo,
    status: r.status,
    items: items
      .filter((i) => i.jobId === r.id)
      .map((i) => ({
        position: i.position,
        description: i.description,
        productType: i.productType,
        quantity: i.quantity,
        priceCents: i.priceCents,
      })),
  }));
}
