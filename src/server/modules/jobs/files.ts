import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { JobFile, UploadJobFile } from '../../../shared/jobs';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import type { FileStore } from '../../platform/files';
import type { ServiceContext } from '../../platform/service-context';
import { checkFileContent } from '../../platform/file-types';
import { users } from '../users/tables';
import { reopenProofs } from './proof-decisions';
import { getJob } from './service';
import { jobFiles } from './tables';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

function present(f: typeof jobFiles.$inferSelect, uploader: string | null): JobFile {
  return {
    id: f.id,
    itemId: f.itemId,
    kind: f.kind,
    name: f.name,
    version: f.version,
    contentType: f.contentType,
    size: f.size,
    sha256: f.sha256,
    uploadedBy: uploader,
    createdAt: f.createdAt.toISOString(),
  };
}

/**
 * Stores a file for a job or one of its items; a file with the same name and kind becomes its next version.
 * The bytes are written before the row, so a row never points at a missing file.
 */
export async function uploadJobFile(
  opts: ServiceContext & { files: FileStore; jobId: string; input: z.output<typeof UploadJobFile> },
) {
  const { db, actor, input } = opts;
  const job = await getJob({ db, id: opts.jobId });
  if (input.itemId && !job.items.some((i) => i.id === input.itemId)) {
    throw invalid('The item is not one of this job', [{ path: 'itemId', message: 'Unknown item' }]);
  }
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length > MAX_FILE_BYTES) {
    throw invalid(`Files up to ${MAX_FILE_BYTES / 1024 / 1024} MB`, [
      { path: 'contentBase64', message: 'Too large' },
    ]);
  }
  checkFileContent(input.filename, input.contentType, content);
  await db.execute(sql`select 1 from jobs where id = ${job.id} for update`);
  const [latest] = await db
    .select({ version: jobFiles.version })
    .from(jobFiles)
    .where(
      and(
        eq(jobFiles.jobId, job.id),
        eq(jobFiles.kind, input.kind),
        eq(jobFiles.name, input.filename),
        input.itemId ? eq(jobFiles.itemId, input.itemId) : isNull(jobFiles.itemId),
      ),
    )
    .orderBy(desc(jobFiles.version))
    .limit(1);
  const stored = await opts.files.put(content);
  const [row] = await db
    .insert(jobFiles)
    .values({
      jobId: job.id,
      accountId: job.account.id,
      itemId: input.itemId ?? null,
      kind: input.kind,
      name: input.filename,
      version: (latest?.version ?? 0) + 1,
      contentType: input.contentType || 'application/octet-stream',
      size: stored.size,
      sha256: stored.sha256,
      storageKey: stored.key,
      uploadedBy: actor.id,
    })
    .returning();
  const file = present(row!, actor.name);
  // A new proof version: the items it is the proof of wait for the client's decision on it again.
  const reopened = await reopenProofs(db, {
    jobId: job.id,
    itemId: row!.itemId,
    kind: row!.kind,
    name: row!.name,
  });
  await recordAudit(db, actor, {
    action: 'job.file',
    entityType: 'job',
    entityId: job.id,
    accountId: job.account.id,
    summary: `${input.kind === 'proof' ? 'Proof' : input.kind === 'artwork' ? 'Artwork' : 'File'} ${file.name} v${file.version} added to ${job.number}${reopened.length ? `; the proof of item ${reopened.map((i) => i.position).join(', ')} waits for approval again` : ''}`,
    after: file,
  });
  return file;
}

/** A job's files, newest first, with who uploaded each. */
export async function listJobFiles(opts: { db: Db; jobId: string }) {
  const { db, jobId } = opts;
  await getJob({ db, id: jobId });
  const rows = await db
    .select({ file: jobFiles, uploader: users.name })
    .from(jobFiles)
    .leftJoin(users, eq(users.id, jobFiles.uploadedBy))
    .where(eq(jobFiles.jobId, jobId))
    .orderBy(desc(jobFiles.createdAt));
  return rows.map((r) => present(r.file, r.uploader));
}

/** One file of a job and its bytes. */
export async function readJobFile(opts: { db: Db; files: FileStore; jobId: string; fileId: string }) {
  const [row] = await opts.db
    .select()
    .from(jobFiles)
    .where(and(eq(jobFiles.id, opts.fileId), eq(jobFiles.jobId, opts.jobId)));
  if (!row) throw notFound('File');
  return { file: row, content: await opts.files.get(row.storageKey) };
}
