import { eq, sql } from 'drizzle-orm';
import { buildJob, buildMaterial, buildVendor } from '../../src/server/factories';
import { addJobMaterial } from '../../src/server/modules/purchasing';
import { purchaseOrderReceipts, purchaseOrders } from '../../src/server/modules/purchasing/tables';
import { jobStages } from '../../src/server/modules/jobs/tables';
import type { Db } from '../../src/server/platform/db';
import { systemActor } from '../../src/server/platform/actor';
import { clockOn } from '../../src/server/platform/service-context';

const today = () => new Date().toISOString().slice(0, 10);
const plus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Work for the prepress department: `n` jobs (each with a prepress stage), the last one's stage blocked. Returns
 * the jobs' numbers in creation order and the blocked one's.
 */
export async function seedPrepressWork(db: Db, n: number) {
  const jobs = [];
  for (let i = 0; i < n; i++)
    jobs.push(await buildJob(db, { title: `Prepress work ${i + 1}`, dueDate: plus(20 + 7 * i) }));
  const blocked = jobs.at(-1)!;
  await db
    .update(jobStages)
    .set({ status: 'blocked', blockedReason: 'Waiting for the client’s logo' })
    .where(
      sql`${jobStages.jobId} = ${blocked.id} and ${jobStages.departmentId} = (select id from departments where code = 'prepress')`,
    );
  return { jobs, blocked };
}

/**
 * Purchasing's work: one shortage, a sent order three days late, one due in two days, one due in a month (not
 * this week), a receipt today and one ten days ago (not this week).
 */
export async function seedPurchasing(db: Db, tag: string) {
  const vendor = await buildVendor(db, { name: `Midwest Paper ${tag}` });
  const material = await buildMaterial(db, { name: `Gloss text ${tag}`, preferredVendorId: vendor.id });
  const job = await buildJob(db, { items: [{ productType: 'postcard', quantity: 4000 }] });
  await addJobMaterial({
    db,
    actor: systemActor,
    clock: clockOn(today()),
    jobId: job.id,
    input: {
      itemId: job.items[0]!.id,
      materialId: material.id,
      upCount: 4,
      sheetsPerItem: 1,
      spoilagePercent: 5,
    },
  });
  const po = async (suffix: string, expectedDate: string) => {
    const [row] = await db
      .insert(purchaseOrders)
      .values({ number: `PO-${tag}-${suffix}`, vendorId: vendor.id, status: 'sent', expectedDate })
      .returning();
    return row!;
  };
  const late = await po('LATE', plus(-3));
  const due = await po('DUE', plus(2));
  const far = await po('FAR', plus(30));
  await db.insert(purchaseOrderReceipts).values([
    { purchaseOrderId: due.id, lines: [{ lineId: due.id, quantity: 10, damaged: 0 }] },
    {
      purchaseOrderId: far.id,
      lines: [{ lineId: far.id, quantity: 5, damaged: 0 }],
      createdAt: new Date(Date.now() - 10 * 86_400_000),
    },
  ]);
  await db.update(purchaseOrders).set({ status: 'partly_received' }).where(eq(purchaseOrders.id, due.id));
  return { vendor, material, job, late, due, far };
}
