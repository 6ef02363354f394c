import { parentPort } from 'node:worker_threads';
import type { ArtworkRules } from '../../../shared/artwork';
import { TooManyOperations } from './content-stream';
import { judgeArtwork, type FinishedSize } from './judge';
import { inspectPdf, UnreadablePdf } from './pdf-inspect';

/** Worker thread of the preflight: one PDF in, its report (or a reason it cannot be read) out. */
parentPort?.once(
  'message',
  async (msg: { bytes: Uint8Array; rules: ArtworkRules; finished: FinishedSize }) => {
    try {
      const facts = await inspectPdf(msg.bytes);
      parentPort!.postMessage({ report: judgeArtwork(facts, msg.rules, msg.finished) });
    } catch (err) {
      // Whatever else a malformed file makes the reader trip on is the file's fault, said plainly.
      const refused =
        err instanceof UnreadablePdf
          ? err.message
          : err instanceof TooManyOperations
            ? 'The PDF is too complex to check (too many drawing operations); flatten it and export again'
            : `The PDF could not be read: it is damaged or not a standard PDF (${(err as Error).message.slice(0, 200)})`;
      parentPort!.postMessage({ refused });
    }
  },
);
