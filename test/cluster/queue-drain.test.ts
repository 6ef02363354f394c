import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase, migrateDatabase, type Database } from '../../src/server/platform/db';
import { Queue } from '../../src/server/platform/queue';
import { freshPostgresUrl } from '../helpers/server-process';

/**
 * A stopping worker (SIGTERM → `queue.stop`) fetches no new job and lets the running one finish, which is
 * then recorded completed, not left to expire and run again.
 */
const opened: Database[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
});

describe('queue drain', () => {
  it('finishes the running job before it stops, and takes no new one', async () => {
    const url = inject('database').kind === 'postgres' ? await freshPostgresUrl() : null;
    const database = await openDatabase({ databaseUrl: url ?? undefined, poolSize: 4 });
    opened.push(database);
    await migrateDatabase(database);
    const queue = new Queue(database, { pollingIntervalSeconds: 0.5, supervise: false });
    const seen: string[] = [];
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    queue.define<{ n: number }>('test.slow', async ({ n }) => {
      seen.push(`start ${n}`);
      started();
      await new Promise((r) => setTimeout(r, 1_500));
      seen.push(`end ${n}`);
    });
    await queue.work();
    await database.db.transaction((tx) => queue.send(tx, 'test.slow', { n: 1 }));
    await running;
    await database.db.transaction((tx) => queue.send(tx, 'test.slow', { n: 2 }));
    await queue.stop({ timeoutMs: 10_000 });
    // The running job ended before stop returned; the one queued after the stop began was not taken.
    expect(seen).toEqual(['start 1', 'end 1']);
    const { rows } = await database.raw.query<{ state: string; n: number }>(
      `select state, (data->>'n')::int as n from pgboss.job where name = 'test.slow' order by n`,
    );
    expect(rows).toEqual([
      { state: 'completed', n: 1 },
      { state: 'created', n: 2 },
    ]);
  }, 60_000);
});
