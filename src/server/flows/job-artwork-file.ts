import type { Actor } from '../platform/actor';
import type { Db } from '../platform/db';
import type { FileStore } from '../platform/files';
import type { Clock } from '../platform/service-context';
import { uploadJobFile } from '../modules/jobs';

/** Puts a PDF that came with a portal order line on the job's item as an artwork file. */
export async function addArtworkPdfToJob(opts: {
  db: Db;
  actor: Actor;
  clock: Clock;
  files: FileStore;
  jobId: string;
  itemId: string | null;
  filename: string;
  pdf: Buffer;
}) {
  await uploadJobFile({
    db: opts.db,
    actor: opts.actor,
    clock: opts.clock,
    files: opts.files,
    jobId: opts.jobId,
    input: {
      itemId: opts.itemId,
      kind: 'artwork',
      filename: opts.filename,
      contentType: 'application/pdf',
      contentBase64: opts.pdf.toString('base64'),
    },
  });
}
