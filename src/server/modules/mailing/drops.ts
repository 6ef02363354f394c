import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { MailDrop, MailDropInput } from '../../../shared/mailing';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict } from '../../platform/errors';
import { getJob } from '../jobs';
import { jobItems } from '../jobs/tables';
import { findList, getList } from './lists';
import { mailDrops, mailingLists } from './tables';
import { users } from '../users/tables';

type DropRow = typeof mailDrops.$inferSelect;
const present = (d: DropRow, by: string | null): MailDrop => ({
  id: d.id,
  listId: d.listId,
  dropDate: d.dropDate,
  postOffice: d.postOffice,
  pieces: d.pieces,
  postageCents: d.postageCents,
  notes: d.notes,
  recordedBy: by ?? 'system',
  createdAt: d.createdAt.toISOString(),
});

export async function listDrops(db: Db, listId: string): Promise<MailDrop[]> {
  await findList(db, listId);
  const rows = await db
    .select({ d: mailDrops, by: users.name })
    .from(mailDrops)
    .leftJoin(users, eq(users.id, mailDrops.recordedBy))
    .where(eq(mailDrops.listId, listId))
    .orderBy(desc(mailDrops.dropDate), desc(mailDrops.createdAt));
  return rows.map((r) => present(r.d, r.by));
}

/**
 * Writes the list's mail class, drop date and piece count into the mailing spec of the job item it is
 * attached to (`spec.mailing`), which the job page and the mailing stage read.
 *
 * This writes the jobs module's item row directly: the jobs module has no service for changing one
 * item's spec yet. It is audited as a job change; move it behind a jobs service when one exists.
 */
async function writeItemMailing(
  db: Db,
  actor: Actor,
  list: typeof mailingLists.$inferSelect,
  mailing: { dropDate?: string; pieces?: number },
) {
  if (!list.jobId || !list.jobItemId) return null;
  const job = await getJob({ db, id: list.jobId });
  const item = job.items.find((i) => i.id === list.jobItemId);
  if (!item) return null;
  const spec = {
    ...item.spec,
    mailing: {
      mailClass: list.mailClass,
      ...((mailing.dropDate ?? item.spec.mailing?.dropDate)
        ? { dropDate: mailing.dropDate ?? item.spec.mailing?.dropDate }
        : {}),
      ...(mailing.pieces
        ? { pieces: mailing.pieces }
        : item.spec.mailing?.pieces
          ? { pieces: item.spec.mailing.pieces }
          : {}),
    },
  };
  await db.update(jobItems).set({ spec, updatedAt: new Date() }).where(eq(jobItems.id, item.id));
  await recordAudit(db, actor, {
    action: 'job.update',
    entityType: 'job',
    entityId: job.id,
    accountId: job.account.id,
    summary: `Mailing for item ${item.position} of job ${job.number}: ${spec.mailing.pieces ?? '?'} pieces, drop ${spec.mailing.dropDate ?? 'not set'} (from list "${list.name}")`,
    before: { mailing: item.spec.mailing ?? null },
    after: { mailing: spec.mailing },
  });
  return spec.mailing;
}

/** Puts the list's piece count (mailable, after merge/purge) and drop date on its job item. */
export async function applyToJob(opts: { db: Db; actor: Actor; id: string; dropDate?: string }) {
  const { db, actor, id } = opts;
  const list = await findList(db, id, { lock: true });
  if (!list.jobId || !list.jobItemId) throw conflict('Attach the list to a job item first');
  if (list.mailableCount === null)
    throw conflict('Standardise the list first: the piece count is the mailable records');
  const dropDate = opts.dropDate ?? list.dropDate ?? undefined;
  if (opts.dropDate)
    await db
      .update(mailingLists)
      .set({ dropDate: opts.dropDate, updatedAt: new Date() })
      .where(eq(mailingLists.id, id));
  await writeItemMailing(db, actor, list, { dropDate, pieces: list.mailableCount || undefined });
  return getList(db, id);
}

/** Records a mail drop and carries its date and pieces to the job item. */
export async function recordDrop(opts: {
  db: Db;
  actor: Actor;
  id: string;
  input: z.output<typeof MailDropInput>;
}) {
  const { db, actor, id, input } = opts;
  const list = await findList(db, id, { lock: true });
  const [row] = await db
    .insert(mailDrops)
    .values({ listId: id, ...input, notes: input.notes ?? null, recordedBy: actor.id })
    .returning();
  await db
    .update(mailingLists)
    .set({ dropDate: input.dropDate, updatedAt: new Date() })
    .where(eq(mailingLists.id, id));
  await writeItemMailing(db, actor, list, { dropDate: input.dropDate, pieces: input.pieces });
  const drop = present(row!, actor.name);
  await recordAudit(db, actor, {
    action: 'mailing_list.drop',
    entityType: 'mailing_list',
    entityId: id,
    accountId: list.accountId,
    summary: `Mail drop of "${list.name}": ${input.pieces} pieces at ${input.postOffice} on ${input.dropDate}, postage $${(input.postageCents / 100).toFixed(2)}`,
    after: drop,
  });
  return drop;
}
