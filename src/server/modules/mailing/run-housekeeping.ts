import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { Queue } from '../../platform/queue';
import type { FileStore } from '../../platform/files';
import { removeUpload } from './import/stored-upload';
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

/** Expires unimported uploads every hour (JOBJACKET_UPLOAD_KEEP_HOURS). */
export function registerUploadExpiry(opts: { db: Db; files: FileStore; queue: Queue; keepHours: number }) {
  opts.queue.define(EXPIRE_UPLOADS_QUEUE, async () => {
    await expireUnimportedUploads(opts.db, { files: opts.files, now: new Date(), keepHours: opts.keepHours });
  });
  opts.queue.defineSchedule(EXPIRE_UPLOADS_QUEUE, '17 * * * *');
}
