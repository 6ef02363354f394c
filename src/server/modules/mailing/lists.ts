import { and, desc, eq, ilike, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateMailingList,
  MailingList,
  MailingListQuery,
  MailingRun,
  UpdateMailingList,
} from '../../../shared/mailing';
import { changedFields, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import type { ServiceContext } from '../../platform/service-context';
import { getAccount } from '../accounts';
import { getJob } from '../jobs';
import { mailingLists, mailingRuns } from './tables';

type ListRow = typeof mailingLists.$inferSelect;
type RunRow = typeof mailingRuns.$inferSelect;

export function presentRun(r: RunRow): MailingRun {
  return {
    id: r.id,
    listId: r.listId,
    kind: r.kind,
    status: r.status,
    filename: r.filename,
    encoding: r.encoding,
    percent: r.percent,
    rowsDone: r.rowsDone,
    error: r.error,
    rejectedRows: typeof r.options?.rejected === 'number' ? r.options.rejected : null,
    rejectsKeptUntil: (r.rejectsRemovedAt ?? r.rejectsKeptUntil)?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

function present(l: ListRow, accountName: string, runs: RunRow[]): MailingList {
  const active = runs.find((r) => r.status === 'queued' || r.status === 'running');
  const last = runs.find((r) => r.status === 'done' || r.status === 'failed');
  const dedupe = l.dedupe ?? null;
  return {
    id: l.id,
    name: l.name,
    account: { id: l.accountId, name: accountName },
    jobId: l.jobId,
    jobItemId: l.jobItemId,
    mailClass: l.mailClass,
    shape: l.shape,
    pieceWeightOz: l.pieceWeightOz,
    dropDate: l.dropDate,
    sourceFilename: l.sourceFilename,
    customFields: l.customFields,
    records: l.recordCount,
    standardizedAt: l.standardizedAt?.toISOString() ?? null,
    flagged: l.flaggedCount,
    dedupe,
    mailable: l.mailableCount,
    imbAssignedAt: l.imbAssignedAt?.toISOString() ?? null,
    activeRun: active ? presentRun(active) : null,
    lastRun: last ? presentRun(last) : null,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

export async function findList(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<ListRow> {
  const q = db.select().from(mailingLists).where(eq(mailingLists.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound('Mailing list');
  return row;
}

async function recentRuns(db: Db, listIds: string[]) {
  if (!listIds.length) return [];
  return db
    .select()
    .from(mailingRuns)
    .where(
      and(
        inArray(mailingRuns.listId, listIds),
        inArray(mailingRuns.kind, ['import', 'standardize', 'dedupe']),
      ),
    )
    .orderBy(desc(mailingRuns.createdAt))
    .limit(listIds.length * 5);
}

/** One list with its account name and runs. */
export async function getList(opts: { db: Db; id: string }): Promise<MailingList> {
  const { db, id } = opts;
  const row = await findList(db, id);
  const account = await getAccount({ db, id: row.accountId, health: false });
  const runs = await db
    .select()
    .from(mailingRuns)
    .where(eq(mailingRuns.listId, id))
    .orderBy(desc(mailingRuns.createdAt))
    .limit(10);
  return present(
    row,
    account.name,
    runs.filter((r) => r.status !== 'uploaded'),
  );
}

/** Lists newest first, optionally of one account or one job. */
export async function listLists(opts: { db: Db; query: z.output<typeof MailingListQuery> }) {
  const { db, query } = opts;
  const where: (SQL | undefined)[] = [];
  if (query.accountId) where.push(eq(mailingLists.accountId, query.accountId));
  if (query.jobId) where.push(eq(mailingLists.jobId, query.jobId));
  if (query.q) where.push(ilike(mailingLists.name, `%${query.q.replace(/[%_\\]/g, '\\$&')}%`));
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, 2) as [string, string];
    const when = new Date(at);
    where.push(
      or(lt(mailingLists.createdAt, when), and(eq(mailingLists.createdAt, when), lt(mailingLists.id, id))),
    );
  }
  const rows = await db
    .select()
    .from(mailingLists)
    .where(and(...where))
    .orderBy(desc(mailingLists.createdAt), desc(mailingLists.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const names = new Map<string, string>();
  for (const id of new Set(page.map((r) => r.accountId)))
    names.set(id, (await getAccount({ db, id, health: false })).name);
  const runs = (
    await recentRuns(
      db,
      page.map((r) => r.id),
    )
  ).filter((r) => r.status !== 'uploaded');
  const last = page.at(-1);
  return {
    items: page.map((r) =>
      present(
        r,
        names.get(r.accountId)!,
        runs.filter((x) => x.listId === r.id),
      ),
    ),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** Checks that the job and item belong to the list's account. */
async function checkJobLink(db: Db, accountId: string, jobId?: string | null, jobItemId?: string | null) {
  if (!jobId) {
    if (jobItemId)
      throw invalid('Give the job of the item', [{ path: 'jobId', message: 'Required with jobItemId' }]);
    return;
  }
  const job = await getJob({ db, id: jobId }).catch(() => null);
  if (!job || job.account.id !== accountId)
    throw invalid('The job is not one of this account', [{ path: 'jobId', message: 'Unknown job' }]);
  if (jobItemId && !job.items.some((i) => i.id === jobItemId))
    throw invalid('The item is not one of this job', [{ path: 'jobItemId', message: 'Unknown item' }]);
}

/** Creates a list on an account, optionally for one of its job items. */
export async function createList(opts: ServiceContext & { input: z.output<typeof CreateMailingList> }) {
  const { db, actor, input } = opts;
  await getAccount({ db, id: input.accountId, health: false }).catch(() => {
    throw invalid('Unknown account', [{ path: 'accountId', message: 'No such account' }]);
  });
  await checkJobLink(db, input.accountId, input.jobId, input.jobItemId);
  const [row] = await db
    .insert(mailingLists)
    .values({
      name: input.name,
      accountId: input.accountId,
      jobId: input.jobId ?? null,
      jobItemId: input.jobItemId ?? null,
      mailClass: input.mailClass,
      shape: input.shape,
      pieceWeightOz: input.pieceWeightOz,
      createdBy: actor.id,
    })
    .returning();
  const list = await getList({ db, id: row!.id });
  await recordAudit(db, actor, {
    action: 'mailing_list.create',
    entityType: 'mailing_list',
    entityId: list.id,
    accountId: list.account.id,
    summary: `Created mailing list "${list.name}"`,
    after: list,
  });
  return list;
}

/** Renames a list, attaches it to a job item, or changes its class, shape, weight or drop date. */
export async function updateList(
  opts: ServiceContext & { id: string; input: z.output<typeof UpdateMailingList> },
) {
  const { db, actor, id, input } = opts;
  const row = await findList(db, id, { lock: true });
  const before = await getList({ db, id });
  const jobId = input.jobId === undefined ? row.jobId : input.jobId;
  const jobItemId =
    input.jobItemId === undefined ? (input.jobId === null ? null : row.jobItemId) : input.jobItemId;
  await checkJobLink(db, row.accountId, jobId, jobItemId);
  await db
    .update(mailingLists)
    .set({ ...input, jobId, jobItemId, updatedAt: opts.clock.now() })
    .where(eq(mailingLists.id, id));
  const after = await getList({ db, id });
  await recordAudit(db, actor, {
    action: 'mailing_list.update',
    entityType: 'mailing_list',
    entityId: id,
    accountId: after.account.id,
    summary: `Changed mailing list "${after.name}": ${changedFields(before, after).join(', ') || 'no change'}`,
    before,
    after,
  });
  return after;
}

/** One run of a list (import, standardisation or merge/purge) and how far it got. */
export async function getRun(opts: { db: Db; listId: string; runId: string }): Promise<MailingRun> {
  const [run] = await opts.db
    .select()
    .from(mailingRuns)
    .where(and(eq(mailingRuns.id, opts.runId), eq(mailingRuns.listId, opts.listId)));
  if (!run) throw notFound('Run');
  return presentRun(run);
}
