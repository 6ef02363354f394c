import { and, eq, inArray, isNull, lt, lte } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { Queue } from '../../platform/queue';
import type { FileStore } from '../../platform/files';
import { removeRejects, removeUpload } from './import/stored-upload';
import { mailingRuns } from './tables';

const EXPIRE_UPLOADS_QUEUE = 'mailing.expire-uploads';

/**
 * Removes the files of uploads nobody imported within `keepHours` (a preview looked at and left): the run
 * is marked failed with a message saying so, then its file is deleted after the commit.
 */
export async function expireUnimportedUploads(
  db: Db,
  opts: { files: FileStore; now: Date; keepHours: number },
): Promise<number> {
  const olderThan = new Date(opts.now.getTime() - opts.keepHours * 3_600_000);
  const expired = await db.transaction(async (tx) => {
    const stale = await tx
      .select({ id: mailingRuns.id, uploadPath: mailingRuns.uploadPath })
      .from(mailingRuns)
      .where(and(eq(mailingRuns.status, 'uploaded'), lt(mailingRuns.createdAt, olderThan)))
      .for('update', { skipLocked: true });
    if (!stale.length) return [];
    await tx
      .update(mailingRuns)
      .set({
        status: 'failed',
        uploadPath: null,
        error: `The file was not imported within ${opts.keepHours} hours of its upload and was removed; upload it again`,
        finishedAt: opts.now,
        updatedAt: opts.now,
      })
      .where(
        inArray(
          mailingRuns.id,
          stale.map((r) => r.id),
        ),
      );
    return stale;
  });
  for (const run of expired) await removeUpload(opts.files, run.uploadPath);
  return expired.length;
}

/**
 * Removes the rejected rows (client addresses) of imports whose time to keep them is up, up to 200 a call: each run
 * is locked, its file deleted, then the run marked, in one transaction, so a file that cannot be deleted now is
 * tried again next time rather than left behind. Two workers at once remove each file once (the second skips the
 * locked runs).
 */
export async function expireRejects(db: Db, opts: { files: FileStore; now: Date }): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: mailingRuns.id, uploadPath: mailingRuns.uploadPath })
      .from(mailingRuns)
      .where(and(lte(mailingRuns.rejectsKeptUntil, opts.now), isNull(mailingRuns.rejectsRemovedAt)))
      .limit(200)
      .for('update', { skipLocked: true });
    for (const run of due) await removeRejects(opts.files, run);
    if (due.length)
      await tx
        .update(mailingRuns)
        .set({ rejectsRemovedAt: opts.now, updatedAt: opts.now })
        .where(
          inArray(
            mailingRuns.id,
            due.map((r) => r.id),
          ),
        );
    return due.length;
  });
}

/**
 * After a restore the queue is empty: a run that was queued or running has no job left to finish it. It is
 * marked failed with a message telling the user to start it again (its staged rows are never shown).
 */
export async function failInterruptedRuns(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(mailingRuns)
    .set({
      status: 'failed',
      error: 'Interrupted: the shop was restored from a backup while this ran; start it again',
      finishedAt: now,
      updatedAt: now,
    })
    .where(inArray(mailingRuns.status, ['queued', 'running']))
    .returning({ id: mailingRuns.id });
  return rows.length;
}

/**
 * Every hour: expires unimported uploads (JOBJACKET_UPLOAD_KEEP_HOURS) and removes rejected rows kept long enough
 * (JOBJACKET_REJECTS_KEEP_DAYS, set on each import).
 */
export function registerUploadExpiry(opts: { db: Db; files: FileStore; queue: Queue; keepHours: number }) {
  opts.queue.define(EXPIRE_UPLOADS_QUEUE, async () => {
    const now = new Date();
    await expireUnimportedUploads(opts.db, { files: opts.files, now, keepHours: opts.keepHours });
    await expireRejects(opts.db, { files: opts.files, now });
  });
  opts.queue.defineSchedule(EXPIRE_UPLOADS_QUEUE, '17 * * * *');
}
