import { parentPort } from 'node:worker_threads';
import type { RawRecord } from './records-repo';
import { standardiseRecord } from './standardise-record';

/** Worker thread of the standardise pool: a batch of raw records in, their standardised rows out. */
parentPort?.on('message', (msg: { id: number; rows: RawRecord[] }) => {
  try {
    parentPort!.postMessage({ id: msg.id, rows: msg.rows.map(standardiseRecord) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error).stack ?? String(err) });
  }
});
