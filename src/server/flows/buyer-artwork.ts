import type { Actor } from '../platform/actor';
import type { Db } from '../platform/db';
import type { FileStore } from '../platform/files';
import type { Clock } from '../platform/service-context';
import { artworkFileOf } from '../modules/portals';
import { addArtworkPdfToJob } from './job-artwork-file';

/**
 * A print-on-demand order line's artwork — the buyer's PDF that passed preflight — becomes the job item's
 * artwork file, under the name the buyer gave it (prefixed with the product's SKU so a job of many lines reads).
 */
export async function attachBuyerArtwork(opts: {
  db: Db;
  actor: Actor;
  clock: Clock;
  files: FileStore;
  jobId: string;
  itemId: string | null;
  fileId: string;
  sku: string;
}) {
  const file = await artworkFileOf(opts.db, opts.fileId);
  if (!file) return;
  const name = `${opts.sku}-${file.name}`.replace(/[/\\\0]/g, '_').slice(0, 200);
  await addArtworkPdfToJob({
    ...opts,
    filename: /\.pdf$/i.test(name) ? name : `${name}.pdf`,
    pdf: await opts.files.get(file.key),
  });
}
