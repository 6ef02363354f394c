import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { mailDrops, mailingLists } from './tables';

/** Postage paid on the mail drops of each job's lists (a pass-through billing adds to the invoice). */
export async function postageByJob(db: Db, jobIds: string[]): Promise<Map<string, number>> {
  if (!jobIds.length) return new Map();
  const rows = await db
    .select({ jobId: mailingLists.jobId, cents: sql<number>`sum(${mailDrops.postageCents})::bigint` })
    .from(mailDrops)
    .innerJoin(mailingLists, eq(mailingLists.id, mailDrops.listId))
    .where(inArray(mailingLists.jobId, jobIds))
    .groupBy(mailingLists.jobId);
  return new Map(rows.map((r) => [r.jobId!, Number(r.cents)]));
}
