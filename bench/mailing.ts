/**
 * Mailing list at scale: generates a CSV of 1,000,000 addresses (about 4% duplicates in various spellings),
 * then uploads, imports, standardises and de-duplicates it through the same services the API uses, and
 * prints the seconds of each step and the process's peak memory. Not part of CI.
 *
 * Usage: npm run bench:mailing [-- --rows 1000000] [-- --embedded] [-- --keep]
 *   DATABASE_URL = an admin connection (a scratch database is created and dropped); default local PostgreSQL.
 *   --embedded runs on an in-memory PGlite instead; --keep leaves the scratch database for EXPLAIN.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/platform/config';
import { openDatabase, type Database } from '../src/server/platform/db';
import { closeContext, createContext } from '../src/server/runtime';
import { buildAccount } from '../src/server/factories';
import { systemActor } from '../src/server/platform/actor';
import { shopClock } from '../src/server/platform/service-context';
import { createList } from '../src/server/modules/mailing/lists';
import { startImport, startRun, uploadImport } from '../src/server/modules/mailing/import/upload';
import { processRun } from '../src/server/modules/mailing/runs';
import { presortList } from '../src/server/modules/mailing/presort';
import { standardisePoolStatus } from '../src/server/modules/mailing/standardise-pool';

const arg = (name: string) => process.argv.includes(name);
const rowsArg = process.argv[process.argv.indexOf('--rows') + 1];
const ROWS = arg('--rows') ? Number(rowsArg) : 1_000_000;
const embedded = arg('--embedded');
const keep = arg('--keep');

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 50);

const first = [
  'JOHN',
  'Mary',
  'Robert',
  'Patricia',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Susan',
];
const nick: Record<string, string> = {
  JOHN: 'Jon',
  Robert: 'Bob',
  William: 'Bill',
  Elizabeth: 'Liz',
  Michael: 'Mike',
};
const last = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
];
const streets = [
  'Main Street',
  'Oak Avenue',
  'Maple Dr',
  'North Elm Street',
  'Cedar Lane',
  'Park Blvd',
  'Lake Road',
];
const places: [string, string, number][] = [
  ['Springfield', 'IL', 62701],
  ['Austin', 'Texas', 78701],
  ['Boston', 'MA', 2108],
  ['Denver', 'CO', 80202],
  ['Seattle', 'Washington', 98101],
  ['Atlanta', 'GA', 30301],
];

async function generate(file: string) {
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('First Name,Last Name,Company,Address,Address 2,City,State,Zip,Offer Code\r\n');
  for (let i = 0; i < ROWS; i++) {
    // Every 25th row repeats an earlier person, sometimes by a nickname or with the street spelled out.
    const k = i % 25 === 24 ? i - 12 : i;
    const f = first[k % first.length]!;
    const fn = i !== k && nick[f] ? nick[f] : f;
    const l = last[Math.floor(k / 10) % last.length]!;
    const [city, state, zip] = places[k % places.length]!;
    const street = streets[Math.floor(k / 70) % streets.length]!;
    const unit = k % 7 === 0 ? `Apt ${k % 40}` : '';
    const z = String(zip + (Math.floor(k / 6) % 90)).padStart(5, '0');
    await write(`${fn},${l},,${(k % 9000) + 1} ${street},${unit},${city},${state},${z},OC${k % 1000}\r\n`);
  }
  out.end();
  await once(out, 'finish');
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'jj-bench-mailing-'));
  const csv = path.join(dir, 'list.csv');
  let dropDb = async () => {};
  let database: Database;
  if (embedded) database = await openDatabase({});
  else {
    const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `jj_bench_mailing_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    dropDb = async () => {
      if (keep) console.log(`  kept database ${name}`);
      else await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const ctx = await createContext(
    loadConfig({ LOG_LEVEL: 'silent', JOBJACKET_DEMO: '0', JOBJACKET_FILES_DIR: path.join(dir, 'files') }),
    { database, queue: { supervise: false } },
  );
  const timings: [string, number][] = [];
  const time = async <T>(label: string, fn: () => Promise<T>) => {
    const t0 = performance.now();
    const result = await fn();
    timings.push([label, (performance.now() - t0) / 1000]);
    return result;
  };
  try {
    await time('generate CSV', () => generate(csv));
    const bytes = statSync(csv).size;
    const account = await buildAccount(ctx.db);
    const clock = shopClock(ctx.config.JOBJACKET_TIMEZONE);
    const list = await ctx.db.transaction((tx) =>
      createList({
        db: tx,
        actor: systemActor,
        clock,
        input: {
          name: 'Bench',
          accountId: account.id,
          mailClass: 'marketing',
          shape: 'letter',
          pieceWeightOz: 1,
        },
      }),
    );
    const preview = await time('upload + preview', () =>
      uploadImport({
        db: ctx.db,
        actor: systemActor,
        clock,
        files: ctx.files,
        listId: list.id,
        filename: 'list.csv',
        body: createReadStream(csv),
      }),
    );
    await ctx.db.transaction((tx) =>
      startImport({
        db: tx,
        actor: systemActor,
        clock,
        queue: ctx.queue,
        listId: list.id,
        runId: preview.run.id,
        mapping: preview.mapping,
      }),
    );
    await time('import', () => processRun(ctx, preview.run.id));
    const std = await ctx.db.transaction((tx) =>
      startRun({ db: tx, actor: systemActor, clock, queue: ctx.queue, listId: list.id, kind: 'standardize' }),
    );
    await time('standardise', () => processRun(ctx, std.run.id));
    const dd = await ctx.db.transaction((tx) =>
      startRun({
        db: tx,
        actor: systemActor,
        clock,
        queue: ctx.queue,
        listId: list.id,
        kind: 'dedupe',
        options: { level: 'individual' },
      }),
    );
    await time('dedupe (individual)', () => processRun(ctx, dd.run.id));
    const presort = await time('presort', () =>
      presortList({ db: ctx.db, id: list.id, mailingDate: '2025-09-01' }),
    );
    const [row] = (
      (await ctx.db.execute(
        sql`select record_count, mailable_count, dedupe from mailing_lists where id = ${list.id}`,
      )) as unknown as { rows: Record<string, unknown>[] }
    ).rows;
    // One digest of every record's standardised fields, flags, keys and duplicate marks: two versions
    // of the code produce the same results exactly when they print the same digest.
    const [digest] = (
      (await ctx.db.execute(sql`
        select md5(string_agg(md5(concat_ws('|', seq, std_address1, std_address2, std_city, std_state,
          std_zip5, std_zip4, array_to_string(flags, ','), mailable, exact_key, individual_key,
          household_key, dup_kind, dup_of)), '' order by seq)) as d
        from mailing_records r join mailing_lists l on r.import_id = l.current_import_id
        where l.id = ${list.id}`)) as unknown as { rows: { d: string }[] }
    ).rows;
    console.log(
      `mailing bench on ${database.kind}: ${ROWS.toLocaleString('en-US')} rows, ${(bytes / 1048576).toFixed(1)} MB CSV`,
    );
    for (const [label, s] of timings) console.log(`  ${label.padEnd(22)} ${s.toFixed(1)} s`);
    console.log(
      `  records ${row?.record_count}, mailable ${row?.mailable_count}, dedupe ${JSON.stringify(row?.dedupe)}`,
    );
    console.log(
      `  presort: ${presort.pieces} pieces, ${presort.fiveDigit.length} 5-digit ZIPs, ${presort.totalTrays} trays`,
    );
    console.log(`  result digest ${digest?.d}`);
    console.log(`  standardisation ran ${standardisePoolStatus()}`);
    console.log(
      `  peak RSS ${(peakRss / 1048576).toFixed(0)} MB, peak heap ${(peakHeap / 1048576).toFixed(0)} MB`,
    );
  } finally {
    clearInterval(sampler);
    await closeContext(ctx);
    await dropDb();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
