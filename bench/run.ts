/**
 * The benchmarks: the server as its own process on a generated dataset, driven by autocannon at 32 connections,
 * each figure beside its floor — the very SQL one request ran, replayed through a pg pool of the same size at
 * the same concurrency. Prints one line per figure: `name: value unit (app/floor ratio)`.
 *   npm run bench [-- --scale small|medium|large] [--seconds 5] [--reuse] [--only "job detail"] [--nodes 2]
 * `--reuse` keeps an already generated dataset (npm run bench:data) instead of generating it again.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { meanCpu, withCpu, type CpuPerRequest } from './cpu';
import pg from 'pg';
import { loadConfig } from '../src/server/platform/config';
import { openDatabase } from '../src/server/platform/db';
import { buildApp } from '../src/server/app';
import { closeContext, createContext } from '../src/server/runtime';
import { createApiToken } from '../src/server/modules/users/service';
import { findUserByEmail } from '../src/server/modules/users/service';
import { systemActor } from '../src/server/platform/actor';
import { demoOperations, demoPresses } from '../src/server/demo/estimating';
import { BENCH_PASSWORD, benchDbName, createDataset, databaseUrl, scales, type Scale } from './data';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
/**
 * `--smoke` (npm run bench:smoke, in CI): the small dataset in a database of its own, dropped at the end, 2 s a
 * figure; no thresholds, but any failed answer, a checkout race that is not exact, a report or export that fails
 * exits non-zero, so the harness cannot rot unnoticed.
 */
const smoke = process.argv.includes('--smoke');
const scale = (arg('scale') ?? 'small') as Scale;
if (!(scale in scales)) throw new Error(`--scale must be small, medium or large`);
const seconds = Number(arg('seconds') ?? (smoke ? 2 : 5));
/** What went wrong while measuring (failed answers, an inexact race); `--smoke` fails on any. */
const problems: string[] = [];
const problem = (text: string) => {
  problems.push(text);
  console.log(text);
};
/** `--only job` runs just the figures whose name contains the text (API scenarios, checkout, reports, xlsx, embedded). */
const only = arg('only');
const SHIP_TO = JSON.stringify({
  line1: '1 Main St',
  city: 'Austin',
  region: 'TX',
  postalCode: '78701',
  country: 'US',
});
const CONNECTIONS = 32;
/** The floors' orders so far: their numbers and keys must not repeat from one turn to the next. */
let lockingTurns = 0;
let replayRounds = 0;
// `--nodes 2`: that many `jobjacket serve` processes on one database (each with its own pool of 10), the load
// spread evenly over them, as behind a proxy (docs/scaling.md).
const NODES = Number(arg('nodes') ?? 1);
const POOL = 10; // the server's default pool size; the floor gets the same
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// The smoke's database has one name: a run that died leaves at most this one, which the next run replaces.
const dbName = smoke ? 'jj_bench_smoke' : benchDbName(scale);
const url = databaseUrl(adminUrl, dbName);

const report = (name: string, value: number, unit: string, floor?: number, higherIsBetter = false) => {
  const ratio =
    floor === undefined ? '' : ` (app/floor ${(higherIsBetter ? value / floor : floor / value).toFixed(2)})`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  console.log(`${name}: ${value.toFixed(digits)} ${unit}${ratio}`);
};

/** The smoke's own database goes when the process ends, also after a failure. */
async function dropSmokeDatabase() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
const failed = (e: unknown) => {
  console.error(e);
  void dropSmokeDatabase().finally(() => process.exit(1));
};
if (smoke) process.on('uncaughtException', failed).on('unhandledRejection', failed);
if (smoke || !process.argv.includes('--reuse')) await createDataset(adminUrl, scale, dbName);
console.log(
  `\nBenchmarks on the ${scale} dataset, ${seconds} s per figure, ${CONNECTIONS} connections${NODES > 1 ? `, ${NODES} web nodes` : ''}\n`,
);

// ── The server under test: its own process, as `jobjacket serve` runs in production ──────────────────────────
const port = 3900 + (process.pid % 80);
const servers: ChildProcess[] = [];
for (let n = 0; n < NODES; n++) servers.push(await startServer(url, port + n));
const bases = servers.map((_, n) => `http://127.0.0.1:${port + n}`);
const base = bases[0]!;

// ── An in-process twin on the same database, to capture the SQL of one request for the floor ────────────────
const database = await openDatabase({ databaseUrl: url, poolSize: POOL });
const ctx = await createContext(
  loadConfig({ LOG_LEVEL: 'silent', JOBJACKET_DEMO: '0', JOBJACKET_WORKERS: 'off' }),
  {
    database,
    queue: { supervise: false },
  },
);
const twin = await buildApp(ctx, { logger: false });
await twin.ready();
const floorPool = new pg.Pool({ connectionString: url, max: POOL });

try {
  const admin = await findUserByEmail(ctx.db, 'admin@bench.test');
  const { token } = await ctx.db.transaction((db) =>
    createApiToken({
      db,
      actor: systemActor,
      userId: admin!.id,
      name: 'bench',
      expiresInDays: 1,
      defaultDays: 1,
    }),
  );
  const staff = { authorization: `Bearer ${token}` };
  const buyer = await portalCookie(base, 'bench', 'buyer0@bench.test');
  const q = async (text: string) => (await floorPool.query(text)).rows;
  // Fresh planner statistics (an earlier run, --reuse, added thousands of orders the statistics do not know) and
  // the visibility map a running database's autovacuum keeps (a freshly loaded one has none: every index-only
  // scan would read the table too).
  await q('vacuum (analyze)');
  const [press] = await q(`select id from departments where code = 'press'`);
  const [openJob] = await q(`select id from jobs where status = 'in_production' order by due_date limit 1`);

  await ensureCostModel(twin, staff);
  const estimateBody = JSON.stringify(estimateRequest());
  const post = { method: 'POST' as const, body: estimateBody };
  const scenarios: [string, string, Record<string, string>, typeof post?][] = [
    ['account search', '/api/v1/accounts?q=credit%20union&limit=50', staff],
    ['job list (press, at risk)', `/api/v1/jobs?departmentId=${press.id}&risk=at_risk&limit=50`, staff],
    ['job detail', `/api/v1/jobs/${openJob.id}`, staff],
    ['portal catalogue page', '/api/v1/portal/bench/catalog?limit=24', buyer],
    ['portal order history', '/api/v1/portal/bench/orders?limit=20', buyer],
    // 3 items at 5 quantities each: the engine's work; its floor is the SQL that loads the cost model.
    [
      'estimate (3 items × 5 quantities)',
      '/api/v1/estimates',
      { ...staff, 'content-type': 'application/json' },
      post,
    ],
  ];
  for (const [name, route, headers, body] of scenarios.filter(([n]) => !only || n.includes(only))) {
    // Once to warm up (a token's last use is recorded at most once a minute), then the steady-state request.
    const request = () =>
      twin.inject({
        method: body?.method ?? 'GET',
        url: route,
        headers: twinHeaders(headers),
        payload: body?.body,
      });
    await request();
    const statements = await capture(request);
    console.log(`${name}: ${statements.length} SQL statements per request`);
    const bare = await startBareServer(statements, url, port + NODES);
    const load = (nodes: string[], secs: number) =>
      spread(nodes, {
        path: route,
        duration: secs,
        headers,
        ...(body ? { method: body.method, body: body.body } : {}),
      });
    const counted = (r: { rps: number }, secs: number) => r.rps * secs;
    const { apps, floors } = await inTurns(
      seconds,
      (secs) =>
        withCpu(
          () => load(bases, secs),
          (r) => counted(r, secs),
        ),
      async (secs) => ({
        sql: await withCpu(
          () => replay(statements, secs, CONNECTIONS),
          (r) => counted(r, secs),
        ),
        bare: await withCpu(
          () => load([bare.base], secs),
          (r) => counted(r, secs),
        ),
      }),
    );
    bare.process.kill('SIGTERM');
    const answers = [...apps, ...floors.map((f) => f.bare)].map((a) => a.result);
    const non2xx = answers.reduce((sum, a) => sum + a.non2xx, 0);
    const errors = answers.reduce((sum, a) => sum + a.errors, 0);
    if (non2xx || errors) problem(`${name}: ${non2xx} non-2xx answers, ${errors} errors`);
    const app = (key: 'p50' | 'p99' | 'rps') => mean(apps.map((a) => a.result[key]));
    const sqlFloor = (key: 'p50' | 'p99' | 'rps') => mean(floors.map((f) => f.sql.result[key]));
    report(`${name} p50`, app('p50'), 'ms', sqlFloor('p50'));
    report(`${name} p99`, app('p99'), 'ms', sqlFloor('p99'));
    report(`${name} throughput`, app('rps'), 'req/s', sqlFloor('rps'), true);
    const bareRps = mean(floors.map((f) => f.bare.result.rps));
    console.log(
      `${name} bare HTTP (the same SQL behind plain node:http): ${bareRps.toFixed(0)} req/s (bare/floor ${(bareRps / sqlFloor('rps')).toFixed(2)}, app/bare ${(app('rps') / bareRps).toFixed(2)})`,
    );
    reportCpu(name, {
      app: meanCpu(apps.map((a) => a.cpu)),
      bare: meanCpu(floors.map((f) => f.bare.cpu)),
      floor: meanCpu(floors.map((f) => f.sql.cpu)),
    });
    if (body) {
      // The promise an AM waits on: one request at a time (the 50 ms at p99 of issue 18), beside its floor.
      const single = await inTurns(
        seconds,
        async (secs) =>
          (
            await autocannon({
              url: base + route,
              connections: 1,
              duration: secs,
              headers,
              method: body.method,
              body: body.body,
            })
          ).latency.p99,
        async (secs) => (await replay(statements, secs, 1)).p99,
      );
      report(`${name} one client p99`, mean(single.apps), 'ms', mean(single.floors));
    }
  }

  const wanted = (name: string) => !only || name.includes(only);
  if (wanted('checkout')) await checkoutBench(bases, seconds);
  if (wanted('reports')) await reportsBench(base, staff);
  if (wanted('xlsx')) xlsxBench();
} finally {
  await twin.close();
  await closeContext(ctx);
  await floorPool.end();
  for (const server of servers) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}
// The smoke leaves the embedded start to CI's own start-command check (scripts/smoke-start.sh).
if (!smoke && (!only || 'embedded'.includes(only))) await embeddedBench();
if (smoke) await dropSmokeDatabase();
if (problems.length) {
  console.error(`\nThe bench met ${problems.length} problem(s):\n${problems.join('\n')}`);
  process.exit(1);
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

/** The demo shop's presses and operations (those of docs/estimating.md), once per bench database. */
async function ensureCostModel(app: typeof twin, headers: Record<string, string>) {
  const { rows } = await floorPool.query('select count(*)::int as n from presses');
  if (rows[0].n > 0) return;
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers, payload });
  for (const press of demoPresses) await post('/api/v1/presses', press);
  for (const op of demoOperations) await post('/api/v1/estimating-operations', op);
}

function estimateRequest() {
  const quantities = [250, 500, 1000, 2500, 5000];
  const typed = (name: string, width: number, height: number, costPerThousandCents: number) => ({
    name,
    width,
    height,
    costPerThousandCents,
  });
  return {
    items: [
      {
        description: 'Brochure',
        flatSize: { width: 11, height: 8.5, unit: 'in' },
        inks: { front: 4, back: 4 },
        paper: typed('100# gloss text', 19, 25, 9500),
        quantities,
      },
      {
        description: 'Postcard',
        flatSize: { width: 4, height: 6, unit: 'in' },
        inks: { front: 4, back: 1 },
        paper: typed('14 pt cover', 13, 19, 24000),
        quantities,
      },
      {
        description: 'Flyer',
        flatSize: { width: 8.5, height: 11, unit: 'in' },
        inks: { front: 4, back: 0 },
        paper: typed('80# gloss text', 12, 18, 4100),
        quantities,
      },
    ],
  };
}

/**
 * Autocannon against every web node at once, the connections shared out evenly; throughput is the sum, p50 the
 * mean of the nodes' and p99 the worst (with one node, autocannon's own figures).
 */
async function spread(
  nodes: string[],
  opts: Omit<autocannon.Options, 'url' | 'connections' | 'duration'> & { path: string; duration: number },
) {
  const { path: route, ...rest } = opts;
  const runs = await Promise.all(
    nodes.map((node) => autocannon({ ...rest, url: node + route, connections: CONNECTIONS / nodes.length })),
  );
  return {
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    rps: runs.reduce((sum, r) => sum + r.requests.total, 0) / opts.duration,
    p50: runs.reduce((sum, r) => sum + r.latency.p50, 0) / runs.length,
    p99: Math.max(...runs.map((r) => r.latency.p99)),
  };
}

function mean(values: number[]) {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * The app and its floor measured in turns, because this machine's speed moves up to 3× from one minute to the
 * next and a ratio of two figures taken a minute apart would measure that: first a 1 s warm-up of each (the
 * server's JIT, both pools), then `secs` cut into slices of about 2 s, app then floor, slice by slice. Returns
 * each side's measured slices (the warm-up left out).
 */
async function inTurns<A, F>(secs: number, app: (s: number) => Promise<A>, floor: (s: number) => Promise<F>) {
  const turns = Math.max(1, Math.round(secs / 2));
  const slice = secs / turns;
  await app(Math.min(1, slice));
  await floor(Math.min(1, slice));
  const apps: A[] = [];
  const floors: F[] = [];
  for (let t = 0; t < turns; t++) {
    apps.push(await app(slice));
    floors.push(await floor(slice));
  }
  return { apps, floors };
}

function twinHeaders(headers: Record<string, string>) {
  return headers.cookie ? { ...headers } : headers;
}

/** CPU µs per request on each side of a figure, by process (bench/cpu.ts); nothing where /proc is absent. */
function reportCpu(name: string, sides: Record<'app' | 'bare' | 'floor', CpuPerRequest | null>) {
  const { app, bare, floor } = sides;
  if (!app || !bare || !floor) return;
  const µs = (v: number) => v.toFixed(0);
  console.log(
    `${name} CPU µs/request: app — server ${µs(app.server)}, PostgreSQL ${µs(app.postgres)}, load generator ${µs(app.bench)}` +
      `; bare HTTP — server ${µs(bare.bare)}, PostgreSQL ${µs(bare.postgres)}, load generator ${µs(bare.bench)}` +
      `; floor — pg client ${µs(floor.bench)}, PostgreSQL ${µs(floor.postgres)}`,
  );
}

/** The bare HTTP server (bench/bare-server.ts) on the captured statements, started once per figure. */
async function startBareServer(statements: unknown[][], databaseUrlToUse: string, listenPort: number) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jj-bench-bare-')), 'statements.json');
  writeFileSync(file, JSON.stringify(statements.map(asStatementConfig)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts', file], {
    env: { ...process.env, DATABASE_URL: databaseUrlToUse, PORT: String(listenPort) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`The bare HTTP server stopped at start-up (${code})`)));
  });
  return { process: child, base: `http://127.0.0.1:${listenPort}` };
}

/** One captured query as JSON: its text, name, values and row mode; drizzle's own type parsers by a flag. */
function asStatementConfig(args: unknown[]) {
  const [first, values] = args;
  if (typeof first === 'string') return { text: first, values };
  const config = first as {
    text: string;
    name?: string;
    values?: unknown[];
    rowMode?: string;
    types?: unknown;
  };
  return {
    text: config.text,
    name: config.name,
    values: config.values ?? values,
    rowMode: config.rowMode,
    drizzleTypes: config.types !== undefined,
  };
}

async function startServer(databaseUrlToUse: string, listenPort: number): Promise<ChildProcess> {
  // BENCH_PROFILE_DIR=/tmp/x writes the server's CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child = spawn(process.execPath, [...profile, 'bin/jobjacket.mjs', 'serve'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrlToUse,
      PORT: String(listenPort),
      LOG_LEVEL: 'warn',
      JOBJACKET_DEMO: '0',
      JOBJACKET_TOKEN_RATE_LIMIT: '0', // one token drives every request; the limit would answer 429s
      // The web process only, as behind a load balancer with `jobjacket worker` elsewhere: the dataset's late jobs
      // would otherwise be escalated (and e-mailed) in the background while the figures are taken.
      JOBJACKET_WORKERS: 'off',
      JOBJACKET_FILES_DIR: mkdtempSync(path.join(tmpdir(), 'jj-bench-files-')),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let i = 0; i < 120; i++) {
    // Another process on the port would answer /ready in its place.
    if (exited) throw new Error(`The server under test stopped at start-up (is port ${listenPort} taken?)`);
    const ok = await fetch(`http://127.0.0.1:${listenPort}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGKILL');
  throw new Error('The server did not become ready');
}

async function portalCookie(at: string, slug: string, email: string) {
  const res = await fetch(`${at}/api/v1/portal/${slug}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`portal sign-in: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** The statements one request sends to PostgreSQL (authentication and transaction control included). */
async function capture(request: () => Promise<{ statusCode: number; body: string }>) {
  const statements: unknown[][] = [];
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    statements.push(args.filter((a) => typeof a !== 'function'));
    return original.apply(this, args);
  };
  try {
    const res = await request();
    if (res.statusCode >= 300) throw new Error(`capture: ${res.statusCode} ${res.body.slice(0, 200)}`);
  } finally {
    proto.query = original;
  }
  return statements;
}

/** Runs the captured statements in order on one pooled connection per "request", from N concurrent loops. */
async function replay(statements: unknown[][], secs: number, concurrency: number) {
  const latencies: number[] = [];
  const end = Date.now() + secs * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        const client = await floorPool.connect();
        try {
          for (const s of statements) await (client.query as (...a: unknown[]) => Promise<unknown>)(...s);
        } finally {
          client.release();
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / secs };
}

function isMoment(v: string) {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v);
}
function statementText(s: unknown[]) {
  return typeof s[0] === 'string' ? s[0] : String((s[0] as { text?: string }).text ?? '');
}
function statementValues(s: unknown[]) {
  return (Array.isArray(s[1]) ? s[1] : ((s[0] as { values?: unknown[] }).values ?? [])) as unknown[];
}

/**
 * Where two captures of the same order cycle differ (idempotency key, order number): a replay must make those
 * values fresh or it would collide with the rows the capture wrote. Ids the database made (orders, lines) are left
 * as they are: the replay's statements then refer to the captured rows, which is the same work.
 */
function varyingPositions(a: unknown[][], b: unknown[][]) {
  if (a.length !== b.length) throw new Error(`checkout capture: ${a.length} then ${b.length} statements`);
  return a.flatMap((s, i) => {
    if (statementText(s) !== statementText(b[i]!))
      throw new Error(`checkout capture: statement ${i} differs`);
    const other = statementValues(b[i]!);
    return statementValues(s).flatMap((v, j) => {
      const uuid = typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v);
      return typeof v === 'string' &&
        !uuid &&
        !isMoment(v) &&
        !/^[[{]/.test(v) &&
        v !== other[j] &&
        v.length < 80
        ? [[i, j] as const]
        : [];
    });
  });
}

/** One capture's values at those positions, longest first (a key is not replaced inside a longer one). */
function varyingValues(cycle: unknown[][], positions: (readonly [number, number])[]) {
  const values = new Set(positions.map(([i, j]) => String(statementValues(cycle[i]!)[j])));
  return [...values].sort((x, y) => y.length - x.length);
}

/** Each buyer's captured order, replayed in a loop by 16 concurrent "buyers", one pooled connection a request. */
async function replayOrders(cycles: unknown[][][], positions: (readonly [number, number])[], secs: number) {
  let done = 0;
  let failed = 0;
  const end = Date.now() + secs * 1000;
  const fresh = (v: unknown, suffix: string, varying: string[]): unknown => {
    if (v instanceof Date) return new Date();
    if (typeof v !== 'string') return v;
    if (isMoment(v)) return new Date().toISOString();
    let out = v;
    for (const old of varying) if (out.includes(old)) out = out.split(old).join(`${old}~${suffix}`);
    return out;
  };
  await Promise.all(
    cycles.map(async (statements) => {
      const varying = varyingValues(statements, positions);
      if (process.env.BENCH_SHOW_SQL) console.log(varying);
      while (Date.now() < end) {
        const suffix = `${process.pid}-${replayRounds++}`;
        let client: pg.PoolClient | null = null;
        try {
          for (const s of statements) {
            const text = statementText(s);
            if (!client) client = await floorPool.connect();
            const values = statementValues(s).map((v) => fresh(v, suffix, varying));
            await client.query(
              typeof s[0] === 'string' ? text : { ...(s[0] as object), text, values },
              typeof s[0] === 'string' ? values : undefined,
            );
            // A request ends at its commit (or at a statement outside a transaction): the next takes a connection anew.
            if (/^\s*commit/i.test(text)) {
              client.release();
              client = null;
            }
          }
          done++;
        } catch (e) {
          if (failed++ === 0) console.log(`checkout floor: ${(e as Error).message}`);
          await client?.query('rollback').catch(() => undefined);
        } finally {
          client?.release();
        }
      }
    }),
  );
  return { rps: done / secs, failed };
}

/** 16 buyers, 3 lines each, as fast as they can; then 50 buyers racing for 10 units. Floor: the locking SQL. */
async function checkoutBench(nodes: string[], secs: number) {
  const at = nodes[0]!;
  const buyers = await Promise.all(
    Array.from({ length: 16 }, (_, i) => portalCookie(at, 'bench', `buyer${i}@bench.test`)),
  );
  const account = (
    await floorPool.query(`select account_id, (select id from account_addresses a where a.account_id = p.account_id limit 1) address,
      (select id from cost_centres c where c.account_id = p.account_id limit 1) centre from portals p where slug = 'bench'`)
  ).rows[0];
  const products = (
    await floorPool.query(`select p.id, p.inventory_item_id from products p join portals po on po.id = p.portal_id
      where po.slug = 'bench' and p.kind = 'stocked' order by p.sku limit 3`)
  ).rows as { id: string; inventory_item_id: string }[];
  // Plenty on the shelf (an earlier run's race leaves 10): the figure is throughput, not running out.
  await floorPool.query(`update inventory_items set on_hand = reserved + 1000000000 where id = any($1)`, [
    products.map((p) => p.inventory_item_id),
  ]);
  const call = (
    who: Record<string, string>,
    method: string,
    route: string,
    body: unknown,
    extra: Record<string, string> = {},
    node = 0,
  ) =>
    fetch(`${nodes[node % nodes.length]}/api/v1/portal/bench${route}`, {
      method,
      headers: { ...who, 'content-type': 'application/json', ...extra },
      body: JSON.stringify(body),
    });
  // Carts as empty as a buyer's first visit (a run that died may have left lines in them).
  const emptyCarts = () =>
    floorPool.query(
      `delete from cart_lines where portal_user_id in (select u.id from portal_users u join portals p on p.id = u.portal_id where p.slug = 'bench')`,
    );
  await emptyCarts();
  // What one order costs in SQL, captured through the in-process twin: the cart's additions and the checkout,
  // once per buyer (each has its own cart and its own lock), and a second time for the first buyer to tell which
  // values change from order to order.
  const cycle = (who: Record<string, string>, tag: string) => {
    const inject =
      (route: string, body: unknown, extra: Record<string, string> = {}) =>
      () =>
        twin.inject({
          method: 'POST',
          url: `/api/v1/portal/bench${route}`,
          headers: { ...who, 'content-type': 'application/json', ...extra },
          payload: JSON.stringify(body),
        });
    return capture(async () => {
      for (const p of products) {
        const added = await inject('/cart/lines', { productId: p.id, quantity: 1 })();
        if (added.statusCode >= 300) return added;
      }
      return inject(
        '/checkout',
        { costCentreId: account.centre, shipToAddressId: account.address },
        { 'idempotency-key': `bench-capture-${tag}-${Date.now()}` },
      )();
    });
  };
  const cycles: unknown[][][] = [];
  for (const [b, who] of buyers.entries()) cycles.push(await cycle(who, String(b)));
  const varying = varyingPositions(cycles[0]!, await cycle(buyers[0]!, 'again'));
  // The cart's three requests end at their commits; the rest is the checkout.
  const commits = cycles[0]!.flatMap((s, i) => (/^\s*commit/i.test(statementText(s)) ? [i] : []));
  const placing = cycles[0]!.length - commits[2]! - 1;
  console.log(
    `checkout: ${cycles[0]!.length} SQL statements per order (${cycles[0]!.length - placing} to fill the cart with 3 lines, ${placing} to check out)`,
  );
  if (process.env.BENCH_SHOW_SQL)
    for (const s of cycles[0]!) console.log(statementText(s).replace(/\s+/g, ' ').slice(0, 160));
  // 16 buyers, each filling its cart with 3 lines and checking out, over and over for `slice` seconds.
  const placeOrders = async (slice: number) => {
    let orders = 0;
    let failures = 0;
    const end = Date.now() + slice * 1000;
    await Promise.all(
      buyers.map(async (who, b) => {
        let n = 0;
        while (Date.now() < end) {
          for (const p of products)
            await (
              await call(who, 'POST', '/cart/lines', { productId: p.id, quantity: 1 }, {}, b)
            ).arrayBuffer();
          const res = await call(
            who,
            'POST',
            '/checkout',
            { costCentreId: account.centre, shipToAddressId: account.address },
            { 'idempotency-key': `bench-${b}-${n++}-${Date.now()}` },
            b,
          );
          if (res.status === 201) orders++;
          else failures++;
          await res.arrayBuffer();
        }
      }),
    );
    return { rps: orders / slice, orders, failures };
  };
  const { apps, floors } = await inTurns(secs, placeOrders, async (slice) => ({
    // The floor of every other figure: the app's own SQL for one order, replayed by 16 loops as 16 buyers.
    own: await replayOrders(cycles, varying, slice),
    // The issue's first floor: only the locking transaction, in 10 hand-written statements.
    locking: await checkoutFloor(products, account, slice),
  }));
  await emptyCarts();
  const failedReplays = floors.reduce((sum, f) => sum + f.own.failed, 0);
  if (failedReplays) problem(`checkout floor: ${failedReplays} replayed orders failed`);
  const rate = mean(apps.map((a) => a.rps));
  report('checkout, 16 buyers × 3 lines', rate, 'orders/s', mean(floors.map((f) => f.own.rps)), true);
  report(
    'checkout against the 10-statement locking floor',
    rate,
    'orders/s',
    mean(floors.map((f) => f.locking)),
    true,
  );
  const orders = apps.reduce((sum, a) => sum + a.orders, 0);
  const failures = apps.reduce((sum, a) => sum + a.failures, 0);
  if (failures || !orders) problem(`checkout: ${failures} failed answers, ${orders} orders`);

  // The oversell race: 50 buyers, 1 unit each, 10 on the shelf.
  const item = products[0]!.inventory_item_id;
  await floorPool.query(`update inventory_items set on_hand = reserved + 10 where id = $1`, [item]);
  const racers = await Promise.all(
    Array.from({ length: 16 }, (_, i) => portalCookie(at, 'bench', `buyer${i}@bench.test`)),
  );
  for (const who of racers)
    await call(who, 'POST', '/cart/lines', { productId: products[0]!.id, quantity: 1 });
  const extra = racers.flatMap((who) => [who, who, who]).slice(0, 50);
  const answers = await Promise.all(
    extra.map((who, i) =>
      call(
        who,
        'POST',
        '/checkout',
        { costCentreId: account.centre, shipToAddressId: account.address },
        { 'idempotency-key': `race-${i}-${Date.now()}` },
        i,
      ),
    ),
  );
  const [row] = (await floorPool.query(`select on_hand, reserved from inventory_items where id = $1`, [item]))
    .rows;
  const won = answers.filter((a) => a.status === 201).length;
  const oversold = row.reserved > row.on_hand ? row.reserved - row.on_hand : 0;
  console.log(`oversell race: ${won} orders won 10 units, ${oversold} units oversold`);
  // The rest are refused: 409 out of stock, or 400 when the same buyer's cart was already checked out.
  const failed = answers.filter((a) => a.status >= 500).length;
  if (won !== 10 || oversold || failed)
    problem(`oversell race not exact: ${won} won, ${failed} answered 5xx, ${oversold} units oversold`);
}

/** The same work a checkout must do atomically, in plain SQL: reserve 3 lines, write the order, lines, movements. */
async function checkoutFloor(
  products: { id: string; inventory_item_id: string }[],
  account: { account_id: string; centre: string },
  secs: number,
) {
  const [buyer] = (
    await floorPool.query(
      `select u.id from portal_users u join portals p on p.id = u.portal_id where p.slug = 'bench' limit 1`,
    )
  ).rows;
  const [portal] = (await floorPool.query(`select id from portals where slug = 'bench'`)).rows;
  await floorPool.query(`update inventory_items set on_hand = 1000000000, reserved = 0 where id = any($1)`, [
    products.map((p) => p.inventory_item_id),
  ]);
  let done = 0;
  const turn = lockingTurns++;
  const end = Date.now() + secs * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async (_, b) => {
      let n = 0;
      while (Date.now() < end) {
        const c = await floorPool.connect();
        try {
          await c.query('begin');
          const [order] = (
            await c.query(
              `insert into orders (account_id, number, portal_id, buyer_id, cost_centre_id, status, ship_to, total_cents)
             values ($1, $2, $3, $4, $5, 'approved', $6::jsonb, 300) returning id`,
              [
                account.account_id,
                `FLOOR-${process.pid}-${turn}-${b}-${n++}`,
                portal.id,
                buyer.id,
                account.centre,
                SHIP_TO,
              ],
            )
          ).rows;
          for (const p of products) {
            const r = await c.query(
              `update inventory_items set reserved = reserved + 1 where id = $1 and on_hand - reserved >= 1 returning on_hand, reserved`,
              [p.inventory_item_id],
            );
            await c.query(
              `insert into order_lines (account_id, order_id, product_id, quantity, unit_price_cents, amount_cents, "values") values ($1, $2, $3, 1, 100, 100, '{}'::jsonb)`,
              [account.account_id, order.id, p.id],
            );
            await c.query(
              `insert into inventory_movements (account_id, item_id, kind, quantity, on_hand_after, reserved_after, reason, order_id, actor_label) values ($1, $2, 'reserve', 1, $3, $4, 'floor', $5, 'floor')`,
              [account.account_id, p.inventory_item_id, r.rows[0].on_hand, r.rows[0].reserved, order.id],
            );
          }
          await c.query('commit');
          done++;
        } finally {
          c.release();
        }
      }
    }),
  );
  return done / secs;
}

async function reportsBench(at: string, staff: Record<string, string>) {
  // A generated client with a portal: orders, stock and completed jobs to report on.
  const [client] = (
    await floorPool.query(`select account_id from portals where slug like 'portal-%' order by slug limit 1`)
  ).rows;
  const res = await fetch(`${at}/api/v1/reports`, { headers: staff });
  if (!res.ok) {
    problem(`reports: catalogue not available (${res.status})`);
    return;
  }
  const catalogue = (await res.json()) as { items: { id: string; members?: string[] }[] };
  for (const r of catalogue.items.filter((item) => !item.members)) {
    const runWith = async (params: object) => {
      const started = performance.now();
      const run = await fetch(`${at}/api/v1/reports/${r.id}/run`, {
        method: 'POST',
        headers: { ...staff, 'content-type': 'application/json' },
        body: JSON.stringify({ parameters: params }),
      });
      await run.arrayBuffer();
      return { ok: run.ok, status: run.status, ms: performance.now() - started };
    };
    let result = await runWith({});
    if (result.status === 400) result = await runWith({ accountId: client.account_id });
    if (!result.ok) problem(`report ${r.id}: ${result.status} with default parameters`);
    else report(`report ${r.id}`, result.ms, 'ms');
  }
}

/** The 100,000-row XLSX export in its own process (bench/xlsx.ts), so the peak memory is the export's own. */
function xlsxBench() {
  const run = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bench/xlsx.ts', url, '100000'], {
    encoding: 'utf8',
  });
  process.stdout.write(run.stdout);
  if (run.status !== 0) problem(`xlsx export failed: ${run.stderr.slice(0, 500)}`);
}

/** The embedded database: first start (migrations and the demo shop) and a restart, each to /ready. */
async function embeddedBench() {
  const dir = mkdtempSync(path.join(tmpdir(), 'jj-bench-embedded-'));
  for (const what of ['embedded first start with demo data', 'embedded restart']) {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/jobjacket.mjs', 'serve'], {
      env: { ...process.env, DATABASE_URL: '', JOBJACKET_DATA_DIR: dir, PORT: '3991', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    for (;;) {
      const ok = await fetch('http://127.0.0.1:3991/ready').then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (performance.now() - started > 180_000) throw new Error('embedded server never became ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    report(`${what} to /ready`, (performance.now() - started) / 1000, 's');
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
