/**
 * Account search on 10,000 accounts and 30,000 contacts: the API under 32 connections against the floor —
 * the very same SQL statements the endpoint ran, replayed straight through a pg pool at the same concurrency.
 * Usage: npm run bench [-- --seconds 5]   (DATABASE_URL = an admin connection; default local PostgreSQL)
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/server/platform/config';
import { openDatabase } from '../src/server/platform/db';
import { buildApp } from '../src/server/platform/http/app';
import { closeContext, createContext } from '../src/server/runtime';
import { buildUser } from '../src/server/factories';
import { createApiToken } from '../src/server/modules/users/service';
import { systemActor } from '../src/server/platform/actor';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 5;
const CONNECTIONS = 32;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `jj_bench_${process.pid}`;
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);

try {
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: CONNECTIONS });
  const ctx = await createContext(loadConfig({ LOG_LEVEL: 'silent', JOBJACKET_DEMO: '0' }), {
    database,
    queue: { supervise: false },
  });
  const owner = await buildUser(ctx.db, { role: 'account_manager' });
  await database.raw.exec(`
    insert into accounts (name, segment, owner_id, tags)
      select 'Client ' || i || ' ' || (array['Bank','School District','University','Agency','Hospital','Credit Union'])[1 + i % 6],
             (array['state','education','corporate','other'])[1 + i % 4], '${owner.id}', array['t' || (i % 10)]
      from generate_series(1, 10000) i;
    insert into contacts (account_id, first_name, last_name, emails, search_text)
      select a.id, 'First' || n, 'Last' || (row_number() over ()), array['c' || (row_number() over ()) || '@example.test'],
             lower('First' || n || ' Last' || (row_number() over ()) || ' c' || (row_number() over ()) || '@example.test')
      from accounts a, generate_series(1, 3) n;
    analyze;`);
  const { token } = await ctx.db.transaction((db) =>
    createApiToken({ db, actor: systemActor, userId: owner.id, name: 'bench', expiresInDays: 1 }),
  );
  const app = await buildApp(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const scenarios = [
    ['account search by name', '/api/v1/accounts?q=credit%20union&limit=50'],
    ['account search by contact e-mail', '/api/v1/accounts?q=c12345%40example&limit=50'],
    ['account list page', '/api/v1/accounts?limit=50&segment=education'],
  ] as const;

  const pool = database.pool!;
  for (const [name, path] of scenarios) {
    // Capture the statements one request runs (authentication included), to replay as the floor.
    const statements: unknown[][] = [];
    const original = pool.query.bind(pool);
    pool.query = ((...args: unknown[]) => {
      statements.push(args.filter((a) => typeof a !== 'function'));
      return (original as (...a: unknown[]) => unknown)(...args);
    }) as typeof pool.query;
    const probe = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    if (!probe.ok) throw new Error(`${path}: ${probe.status} ${await probe.text()}`);
    pool.query = original;

    const api = await autocannon({
      url: base + path,
      connections: CONNECTIONS,
      duration: seconds,
      headers: { authorization: `Bearer ${token}` },
    });
    const floor = await replay(pool, statements, seconds);
    const line = (what: string, app: number, fl: number, unit: string) =>
      console.log(
        `${name} ${what}: ${app.toFixed(1)} ${unit} (app/floor ${(app / fl).toFixed(2)}, floor ${fl.toFixed(1)} ${unit})`,
      );
    line('p50', api.latency.p50, floor.p50, 'ms');
    line('p99', api.latency.p99, floor.p99, 'ms');
    line('throughput', api.requests.average, floor.rps, 'req/s');
    if (api.non2xx) console.log(`${name}: ${api.non2xx} non-2xx answers`);
  }
  await app.close();
  await closeContext(ctx);
} finally {
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}

/** Runs the captured statements in order, as one "request", from 32 concurrent loops for the same time. */
async function replay(pool: pg.Pool, statements: unknown[][], secs: number) {
  const latencies: number[] = [];
  const end = Date.now() + secs * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const start = performance.now();
        for (const s of statements) await (pool.query as (...a: unknown[]) => Promise<unknown>)(...s);
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / secs };
}
