import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { SQL, sql } from 'drizzle-orm';
import type { Database, Db } from './db';

type Handler<T> = (data: T) => Promise<void>;

/** Turns pg-boss's `$1`-style SQL into a drizzle query so it can run inside a business transaction. */
function toDrizzleSql(text: string, values: unknown[] = []): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, m.index)));
    const value = values[Number(m[1]) - 1];
    const param =
      value === undefined
        ? null
        : value !== null && typeof value === 'object' && !(value instanceof Date)
          ? JSON.stringify(value)
          : value;
    chunks.push(sql`${param}`);
    last = m.index + m[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks, sql.raw(''));
}

function enlist(db: Db): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = (await db.execute(toDrizzleSql(text, values))) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}

export type QueueOptions = {
  pollingIntervalSeconds?: number;
  supervise?: boolean;
  /** Told about a job whose outcome could not be recorded (it expires and runs again). */
  onError?: (error: unknown) => void;
};

type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
const SCHEMA = 'pgboss';
// pg-boss records a finished job's outcome without awaiting it, so a database error at that moment would be
// an unhandled rejection that ends the process. These statements are retried and, failing that, reported:
// the job stays active, expires and runs again (handlers are written to be run more than once).
const bossPlans = createRequire(import.meta.url)('pg-boss/src/plans.js') as Record<
  string,
  (schema: string) => string
>;
const outcomeStatements = new Set([bossPlans.completeJobs!(SCHEMA), bossPlans.failJobsById!(SCHEMA)]);

/** Wraps pg-boss's SQL runner so the unawaited outcome statements never reject. */
function settleOutcomesSafely(execute: ExecuteSql, onError: (error: unknown) => void): ExecuteSql {
  return async (text, values) => {
    if (!outcomeStatements.has(text)) return execute(text, values);
    for (let attempt = 1; ; attempt++) {
      try {
        return await execute(text, values);
      } catch (error) {
        if (attempt >= 3) {
          onError(error);
          return { rows: [{ count: 0 }] };
        }
        await sleep(250 * attempt);
      }
    }
  };
}

/**
 * The job queue (pg-boss) in both modes. `send` takes the caller's transaction so that a job exists
 * if and only if the change that caused it committed.
 */
export class Queue {
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, Handler<never>>();
  private readonly schedules = new Map<string, string>();
  private readonly retired = new Set<string>();
  private started = false;

  constructor(
    private readonly database: Database,
    private readonly options: QueueOptions = {},
  ) {
    const base = {
      schema: SCHEMA,
      supervise: options.supervise ?? true,
      schedule: options.supervise ?? true,
      migrate: true,
    };
    const raw = database.raw;
    const execute: ExecuteSql =
      database.kind === 'postgres' && database.pool
        ? (t, v) => database.pool!.query(t, v)
        : async (text, values) => {
            if (values?.length) return raw.query(text, values);
            // Multi-statement plans (schema creation, locks) carry no parameters.
            const results = await database.pglite!.exec(text);
            return { rows: results.at(-1)?.rows ?? [] };
          };
    const executeSql = settleOutcomesSafely(
      execute,
      options.onError ??
        ((e) =>
          console.error(`queue: a job's outcome could not be recorded; it will run again (${String(e)})`)),
    );
    this.boss = new PgBoss({ ...base, db: { executeSql } });
    this.boss.on('error', () => {
      /* pg-boss reports transient database errors here; it retries on its own */
    });
  }

  /** Whether `send` may be called: started and not yet stopped. */
  get running(): boolean {
    return this.started;
  }

  /** Names every queue the app uses; called once by each module that owns a job. */
  define<T>(name: string, handler: Handler<T>): void {
    this.handlers.set(name, handler as Handler<never>);
  }

  /** Runs a defined queue on a cron schedule (in the shop's processes that work the queue). */
  defineSchedule(name: string, cron: string): void {
    this.schedules.set(name, cron);
  }

  /** Removes a cron schedule an earlier version registered (pg-boss keeps schedules in the database). */
  retireSchedule(name: string): void {
    this.retired.add(name);
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const name of this.handlers.keys()) {
      if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name);
    }
    this.started = true;
  }

  /** Starts consuming every defined queue in this process, and keeps the cron schedules registered. */
  async work(): Promise<void> {
    await this.start();
    for (const [name, cron] of this.schedules) await this.boss.schedule(name, cron, {});
    for (const name of this.retired) await this.boss.unschedule(name);
    for (const [name, handler] of this.handlers) {
      await this.boss.work<unknown>(
        name,
        { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize: 1 },
        async (jobs) => {
          for (const job of jobs) {
            await handler(job.data as never);
            // Recorded before the handler's promise settles, which is what a graceful stop waits for: pg-boss
            // records it only afterwards, and a stop could return (and the process exit) in between, leaving the
            // job active to expire and run again. pg-boss's own completion then finds it done and changes nothing.
            await this.boss.complete(name, job.id);
          }
        },
      );
    }
  }

  /** Enqueues a job inside the caller's transaction. */
  async send<T extends object>(db: Db, name: string, data: T): Promise<void> {
    if (!this.handlers.has(name)) throw new Error(`Unknown queue ${name}`);
    // Starting here could wait on the connection the caller's transaction holds (PGlite has one).
    if (!this.started) throw new Error('The queue is not started');
    await this.boss.send(name, data, { db: enlist(db), retryLimit: 5, retryDelay: 30, retryBackoff: true });
  }

  /**
   * Stops fetching new jobs and waits up to `timeoutMs` for the running ones to finish; a job still running
   * then is left active, expires and runs again elsewhere (handlers are written to run more than once).
   */
  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: opts.timeoutMs ?? 5000 });
    this.started = false;
  }
}
