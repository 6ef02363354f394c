import { parentPort } from 'node:worker_threads';
import { runPdfTask, type PdfTask } from './pdf-work';
import { PdfWorkRefusal } from './refusal';

/** Worker thread of the variable-data PDF work: one task in, its result (or a refusal) out. */
parentPort?.on('message', async (msg: { id: number; task: PdfTask }) => {
  try {
    parentPort!.postMessage({ id: msg.id, result: await runPdfTask(msg.task) });
  } catch (err) {
    if (err instanceof PdfWorkRefusal)
      parentPort!.postMessage({ id: msg.id, refusal: { message: err.message, errors: err.errors } });
    else parentPort!.postMessage({ id: msg.id, error: (err as Error).message ?? String(err) });
  }
});
