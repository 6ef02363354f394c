import type { FileStore } from '../platform/files';
import type { ServiceContext } from '../platform/service-context';
import { printReadyPdf } from '../modules/portals';
import { addArtworkPdfToJob } from './job-artwork-file';

/**
 * A variable-data line's print-ready file on its job: the approved proof (already attached, the exact PDF the
 * buyer saw) imposed n-up on the press sheet with crop marks; the file name says the count up and the sheets
 * the line's quantity needs. Called by the order → job flow for each line that has an approved proof.
 */
export async function attachPrintReady(
  opts: ServiceContext & {
    files: FileStore;
    jobId: string;
    itemId: string | null;
    orderNumber: string;
    line: { proofFileKey: string | null; quantity: number };
    product: { id: string; sku: string };
  },
) {
  const { line, product } = opts;
  if (!line.proofFileKey) return;
  const sheet = await printReadyPdf({
    db: opts.db,
    productId: product.id,
    sku: product.sku,
    orderNumber: opts.orderNumber,
    proof: await opts.files.get(line.proofFileKey),
    quantity: line.quantity,
  });
  await addArtworkPdfToJob({ ...opts, filename: sheet.filename, pdf: sheet.bytes });
}
