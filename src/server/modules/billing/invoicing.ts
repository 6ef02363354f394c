import { desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateInvoiceExport, InvoiceExport, ReadyToInvoice } from '../../../shared/quotes';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { lockForTransaction } from '../../platform/db/locks';
import { nextNumber } from '../../platform/db/sequences';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { getAccount } from '../accounts';
import { findShippedOrCompletedJobs } from '../jobs';
import { postageByJob } from '../mailing';
import { shippedJobIds } from '../shipping';
import { userNames } from '../users';
import { quickbooksCsv, xeroCsv } from './layouts';
import { invoiceExportJobs, invoiceExports } from './tables';

const READY_LIMIT = 2000;

/**
 * Jobs ready to invoice: shipped or completed, never exported. A job's final price is its items' prices (as
 * quoted, then changed by change orders) plus the postage of its mail drops. An item without a price is counted,
 * so billing sees what is missing before it exports.
 */
export async function readyToInvoice(db: Db): Promise<ReadyToInvoice[]> {
  const shippedIds = await shippedJobIds(db);
  const candidates = await findShippedOrCompletedJobs(db, { shippedIds, limit: READY_LIMIT });
  if (!candidates.length) return [];
  const done = await db
    .select({ jobId: invoiceExportJobs.jobId })
    .from(invoiceExportJobs)
    .where(
      inArray(
        invoiceExportJobs.jobId,
        candidates.map((j) => j.id),
      ),
    );
  const exported = new Set(done.map((d) => d.jobId));
  const jobs = candidates.filter((j) => !exported.has(j.id));
  const postage = await postageByJob(
    db,
    jobs.map((j) => j.id),
  );
  const accounts = new Map<string, ReadyToInvoice['account']>();
  for (const id of new Set(jobs.map((j) => j.accountId))) {
    const a = await getAccount({ db, id, health: false });
    accounts.set(id, { id: a.id, name: a.name, taxExempt: a.taxExempt });
  }
  return jobs.map((j) => {
    const lines = j.items
      .filter((i) => i.priceCents !== null)
      .map((i) => ({
        description: `${j.number}/${i.position} ${i.description ?? i.productType}`,
        quantity: i.quantity,
        amountCents: i.priceCents!,
      }));
    const paidPostage = postage.get(j.id) ?? 0;
    if (paidPostage)
      lines.push({
        description: `Postage (pass-through) ${j.number}`,
        quantity: 1,
        amountCents: paidPostage,
      });
    return {
      jobId: j.id,
      jobNumber: j.number,
      title: j.title,
      account: accounts.get(j.accountId)!,
      clientPo: j.clientPo,
      lines,
      totalCents: lines.reduce((s, l) => s + l.amountCents, 0),
      unpricedItems: j.items.filter((i) => i.priceCents === null).length,
    };
  });
}

async function present(db: Db, row: typeof invoiceExports.$inferSelect): Promise<InvoiceExport> {
  const jobs = await db.select().from(invoiceExportJobs).where(eq(invoiceExportJobs.exportId, row.id));
  const names = await userNames(db, row.createdBy ? [row.createdBy] : []);
  return {
    id: row.id,
    number: row.number,
    format: row.format,
    jobCount: row.jobCount,
    totalCents: row.totalCents,
    createdBy: row.createdBy ? (names.get(row.createdBy) ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    jobs: jobs.map((j) => ({ jobId: j.jobId, jobNumber: j.jobNumber, totalCents: j.totalCents })),
  };
}

/**
 * Writes the ready jobs (all, or the named ones) in the chosen layout and marks them exported, in one
 * transaction under one lock: two exports at once never take the same job, and a job is never billed twice.
 */
export async function createInvoiceExport(
  opts: ServiceContext & { input: z.output<typeof CreateInvoiceExport>; salesAccountCode: string },
) {
  const { db, actor, clock, input } = opts;
  await lockForTransaction(db, 'invoice-export');
  let jobs = await readyToInvoice(db);
  if (input.jobIds) {
    const wanted = new Set(input.jobIds);
    const ready = new Set(jobs.map((j) => j.jobId));
    const missing = input.jobIds.filter((id) => !ready.has(id));
    if (missing.length)
      throw conflict(
        `Not ready to invoice (not shipped or completed, or exported already): ${missing.join(', ')}`,
      );
    jobs = jobs.filter((j) => wanted.has(j.jobId));
  }
  jobs = jobs.filter((j) => j.lines.length);
  if (!jobs.length) throw invalid('No job is ready to invoice');
  const today = clock.today();
  const due = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const layout = { invoiceDate: today, dueDate: due, salesAccountCode: opts.salesAccountCode };
  const csv = input.format === 'quickbooks' ? quickbooksCsv(jobs, layout) : xeroCsv(jobs, layout);
  const totalCents = jobs.reduce((s, j) => s + j.totalCents, 0);
  const number = await nextNumber(db, 'invoice-export', 'IE', Number(today.slice(0, 4)));
  const [row] = await db
    .insert(invoiceExports)
    .values({
      number,
      format: input.format,
      jobCount: jobs.length,
      totalCents,
      csv,
      createdBy: actor.kind === 'user' ? actor.id : null,
    })
    .returning();
  await db.insert(invoiceExportJobs).values(
    jobs.map((j) => ({
      exportId: row!.id,
      jobId: j.jobId,
      accountId: j.account.id,
      jobNumber: j.jobNumber,
      totalCents: j.totalCents,
    })),
  );
  await recordAudit(db, actor, {
    action: 'invoice_export.create',
    entityType: 'invoice_export',
    entityId: row!.id,
    summary: `Invoice export ${number} (${input.format}): ${jobs.length} job(s), $${(totalCents / 100).toFixed(2)}`,
  });
  return present(db, row!);
}

export async function listInvoiceExports(db: Db) {
  const rows = await db.select().from(invoiceExports).orderBy(desc(invoiceExports.createdAt)).limit(100);
  return Promise.all(rows.map((r) => present(db, r)));
}

export async function invoiceExportCsv(db: Db, id: string) {
  const [row] = await db.select().from(invoiceExports).where(eq(invoiceExports.id, id));
  if (!row) throw notFound('Invoice export');
  return row;
}
