import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { acquireDataDirLock } from './lock';

/** A database handle or an open transaction: services take either and never know which. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Plain SQL access for the few places that must bypass drizzle (the queue, backups, tests). */
export type RawSql = {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(text: string): Promise<void>;
};

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  raw: RawSql;
  pglite?: PGlite;
  pool?: pg.Pool;
  close(): Promise<void>;
};

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../migrations',
);

// Dates of business meaning stay 'YYYY-MM-DD' strings, never shifted through a JS Date.
pg.types.setTypeParser(1082, (v: string) => v);

export type OpenOptions = {
  databaseUrl?: string;
  dataDir?: string;
  pglite?: PGlite;
  poolSize?: number;
  /** How long a request waits for a free connection before it is answered 503 (default 5 s). */
  connectionTimeoutMillis?: number;
};

/** The code given to "every connection is busy" (pg-pool's time-out carries no code of its own). */
export const POOL_EXHAUSTED = 'POOL_EXHAUSTED';
const tagPoolTimeout = (err: unknown) => {
  if (err instanceof Error && !('code' in err) && /timeout exceeded when trying to connect/.test(err.message))
    Object.assign(err, { code: POOL_EXHAUSTED });
  return err;
};

/** A pool whose "no free connection in time" error says so by its code, so it maps to 503, not 500. */
class Pool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  override connect(
    callback?: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback)
      return super.connect((err, client, done) => callback(tagPoolTimeout(err) as Error, client, done));
    return super.connect().catch((err: unknown) => {
      throw tagPoolTimeout(err);
    });
  }
}

/** Opens PostgreSQL when a URL is given, else the embedded PGlite in the data folder (in memory when none). */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl)
    return openPostgres(opts.databaseUrl, opts.poolSize ?? 10, opts.connectionTimeoutMillis ?? 5_000);
  return openPglite(opts);
}

async function openPostgres(url: string, max: number, connectionTimeoutMillis: number): Promise<Database> {
  // A connection attempt to an unreachable database, or a wait for a free one, ends instead of hanging.
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis });
  pool.on('error', () => {}); // a dropped idle connection is replaced on next use; /ready reports outages
  // A connection that drops while checked out (inside a transaction, between queries) emits 'error' on its
  // client, and an 'error' without a listener ends the process: the query in flight fails instead, and
  // the pool discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePg(pool) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    raw: {
      query: async (text, params) => pool.query(text, params as unknown[]) as never,
      exec: async (text) => {
        await pool.query(text);
      },
    },
    close: () => pool.end(),
  };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  let release = () => {};
  let client = opts.pglite;
  if (!client) {
    if (opts.dataDir) {
      mkdirSync(opts.dataDir, { recursive: true });
      release = acquireDataDirLock(opts.dataDir);
    }
    try {
      client = await PGlite.create({
        dataDir: opts.dataDir ? path.join(opts.dataDir, 'pgdata') : undefined,
        extensions: { pg_trgm },
      });
    } catch (err) {
      release();
      throw err;
    }
  }
  const pgl = client;
  const db = drizzlePglite(pgl) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: pgl,
    raw: {
      query: async (text, params) => pgl.query(text, params as unknown[]) as never,
      exec: async (text) => {
        await pgl.exec(text);
      },
    },
    close: async () => {
      await pgl.close();
      release();
    },
  };
}

/** Applies the committed migrations (the same folder serves both drivers). */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
  } else {
    await migratePg(database.db as never, { migrationsFolder });
  }
}

/** Creates a PGlite instance with the extensions Jobjacket's schema needs. */
export function createPglite(options: { loadDataDir?: Blob } = {}): Promise<PGlite> {
  return PGlite.create({ extensions: { pg_trgm }, ...options });
}

/** The pg pool behind a PostgreSQL handle; null for the embedded database and inside a transaction. */
export function poolOf(db: Db): pg.Pool | null {
  const client = (db as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : null;
}

/** Built queries per database: a handle and its transactions share one dialect object, which keys them. */
const preparedByDialect = new WeakMap<object, Map<string, object>>();
type Handle = { dialect: object; session: { client: unknown } };
const verifyNames = process.env.NODE_ENV !== 'production';

/**
 * A query built once per database and sent as a named prepared statement: the hot paths (every request's
 * sign-in check, the job page, the audit and event rows of every change) skip drizzle's SQL building and
 * PostgreSQL's parsing. Values go in through `sql.placeholder(...)`. Built on one handle, the query is handed to
 * a transaction bound to the transaction's connection, so it runs there (pg prepares it on that connection the
 * first time).
 */
export function prepared<Q extends object>(db: Db, name: string, build: (db: Db) => Q): Q {
  const { dialect, session } = db as unknown as Handle;
  let queries = preparedByDialect.get(dialect);
  if (!queries) preparedByDialect.set(dialect, (queries = new Map()));
  let query = queries.get(name) as (Q & { client: unknown }) | undefined;
  if (!query) {
    query = build(db) as Q & { client: unknown };
    if (!('client' in query))
      throw new Error(`prepared(${name}): build one prepared query, not ${typeof query}`);
    queries.set(name, query);
  } else if (verifyNames) {
    // Outside production every reuse is checked: a name must never stand for two statements (a filter or sort
    // left out of a list's shape would otherwise answer with another list's statement).
    const again = (build(db) as { queryString?: string }).queryString;
    if (again !== (query as { queryString?: string }).queryString)
      throw new Error(`prepared(${name}): two different statements under one name`);
  }
  if (query.client === session.client) return query;
  return Object.assign(Object.create(Object.getPrototypeOf(query) as object) as Q, query, {
    client: session.client,
  });
}

/** The name of a query prepared once per combination of filters: `prefix_` and the letters of the filters in use. */
export function shapeName(prefix: string, shape: Record<string, boolean>): string {
  return `${prefix}_${Object.keys(shape)
    .filter((letter) => shape[letter])
    .join('')}`;
}

/**
 * Runs drizzle queries one after another. Queries are lazy until awaited, and a transaction holds one
 * connection that runs one query at a time, so `Promise.all` would only queue them (and pg 9 refuses that).
 */
export async function inSequence<T extends readonly unknown[]>(
  queries: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query);
  return results as { -readonly [K in keyof T]: Awaited<T[K]> };
}
