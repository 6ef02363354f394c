import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { MailDrop, MailDropInput } from '../../../shared/mailing';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict } from '../../platform/errors';
import { emit } from '../../platform/events';
import type { ServiceContext } from '../../platform/service-context';
import { userNames } from '../users';
import { findList, getList } from './lists';
import { mailDrops, mailingLists } from './tables';

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

/** The list's mail drops, latest first. */
export async function listDrops(opts: { db: Db; listId: string }): Promise<MailDrop[]> {
  const { db, listId } = opts;
  await findList(db, listId);
  const rows = await db
    .select()
    .from(mailDrops)
    .where(eq(mailDrops.listId, listId))
    .orderBy(desc(mailDrops.dropDate), desc(mailDrops.createdAt));
  const names = await userNames(db, [
    ...new Set(rows.map((d) => d.recordedBy).filter((id): id is string => Boolean(id))),
  ]);
  return rows.map((d) => present(d, d.recordedBy ? (names.get(d.recordedBy) ?? null) : null));
}

/**
 * Says that the list's mail class, drop date and piece count belong on the job item it is attached to;
 * the mailing-to-job flow writes them into the item's mailing spec (which the job page and the mailing
 * stage read), in this transaction.
 */
async function announceItemMailing(
  db: Db,
  actor: Actor,
  list: typeof mailingLists.$inferSelect,
  mailing: { dropDate?: string; pieces?: number },
) {
  if (!list.jobId || !list.jobItemId) return;
  await emit(
    db,
    actor,
    'mailing_list.mailing_changed',
    { entityType: 'mailing_list', entityId: list.id, accountId: list.accountId },
    {
      listId: list.id,
      listName: list.name,
      jobId: list.jobId,
      jobItemId: list.jobItemId,
      mailClass: list.mailClass,
      dropDate: mailing.dropDate ?? null,
      pieces: mailing.pieces ?? null,
    },
  );
}

/** Puts the list's piece count (mailable, after merge/purge) and drop date on its job item. */
export async function applyToJob(opts: ServiceContext & { id: string; dropDate?: string }) {
  const { db, actor, id } = opts;
  const list = await findList(db, id, { lock: true });
  if (!list.jobId || !list.jobItemId) throw conflict('Attach the list to a job item first');
  if (list.mailableCount === null)
    throw conflict('Standardise the list first: the piece count is the mailable records');
  const dropDate = opts.dropDate ?? list.dropDate ?? undefined;
  if (opts.dropDate)
    await db
      .update(mailingLists)
      .set({ dropDate: opts.dropDate, updatedAt: opts.clock.now() })
      .where(eq(mailingLists.id, id));
  await announceItemMailing(db, actor, list, { dropDate, pieces: list.mailableCount || undefined });
  return getList({ db, id });
}

/** Records a mail drop and carries its date and pieces to the job item. */
export async function recordDrop(
  opts: ServiceContext & { id: string; input: z.output<typeof MailDropInput> },
) {
  const { db, actor, id, input } = opts;
  const list = await findList(db, id, { lock: true });
  const [row] = await db
    .insert(mailDrops)
    .values({ listId: id, ...input, notes: input.notes ?? null, recordedBy: actor.id })
    .returning();
  await db
    .update(mailingLists)
    .set({ dropDate: input.dropDate, updatedAt: opts.clock.now() })
    .where(eq(mailingLists.id, id));
  await announceItemMailing(db, actor, list, { dropDate: input.dropDate, pieces: input.pieces });
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
