import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { once } from 'node:events';
import { getTableConfig, type ForeignKey, type PgTable } from 'drizzle-orm/pg-core';
import { getTableName, inArray, is, sql, Table } from 'drizzle-orm';
import type { Database, Db } from './platform/db';
import type { Config } from './platform/config';
import { mailMessages } from './platform/mail-tables';
import { failInterruptedRuns } from './modules/mailing';
import { failInterruptedExports } from './modules/reports';
import * as schema from './schema';

const FORMAT = 'jobjacket-backup/1';
/** Tables that migrations fill with defaults; a restore replaces their rows with the backup's. */
const REFERENCE_TABLES = new Set(['departments', 'product_routes', 'estimating_rules']);
const BATCH = 500;
const pick = (row: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, row[k]]));

const targetOf = (fk: ForeignKey) => fk.reference().foreignTable as PgTable;
/** A key whose columns are all NOT NULL: its row cannot be loaded before the row it points at. */
const isHard = (fk: ForeignKey) => fk.reference().columns.every((c) => c.notNull);

/**
 * Tables in an order where every foreign key points at a table that comes earlier, as far as cycles allow
 * (a portal's logo is a portal file, whose product belongs to the portal): a cycle is broken at a nullable key,
 * never at a NOT NULL one, and the restore fills such keys in after every table is loaded.
 */
export function tablesInDependencyOrder(): PgTable[] {
  const tables = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, Table));
  const ordered: PgTable[] = [];
  const open = new Set<PgTable>();
  /** True when `from`'s NOT NULL keys lead (transitively) to a table being visited: entering it would loop. */
  const loopsBack = (from: PgTable, seen = new Set<PgTable>()): boolean => {
    if (open.has(from)) return true;
    if (ordered.includes(from) || seen.has(from)) return false;
    seen.add(from);
    return getTableConfig(from).foreignKeys.some(
      (fk) => isHard(fk) && targetOf(fk) !== from && loopsBack(targetOf(fk), seen),
    );
  };
  const visit = (t: PgTable) => {
    if (ordered.includes(t) || open.has(t)) return;
    open.add(t);
    const keys = getTableConfig(t).foreignKeys.filter((fk) => targetOf(fk) !== t);
    for (const fk of keys.filter(isHard)) visit(targetOf(fk));
    for (const fk of keys.filter((k) => !isHard(k))) if (!loopsBack(targetOf(fk))) visit(targetOf(fk));
    open.delete(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

/**
 * Key columns of a table that point at a table not loaded yet, or at its own table (a row of a later batch):
 * the restore loads them empty and fills them in once every table is in.
 */
function keysToDefer(table: PgTable, loaded: Set<string>): string[] {
  const columns = getTableConfig(table)
    .foreignKeys.filter((fk) => targetOf(fk) === table || !loaded.has(getTableName(targetOf(fk))))
    .flatMap((fk) => fk.reference().columns.map((c) => c.name));
  return [...new Set(columns)];
}

/**
 * Writes every Jobjacket table as gzipped JSON lines. The format is the same for PGlite and PostgreSQL,
 * so a backup taken on one restores on the other. All tables are read in one read-only, repeatable-read
 * transaction — one snapshot, so a backup taken while the shop works restores with every foreign key
 * intact — and streamed through a cursor, so a large table never sits in memory.
 */
export async function backupDatabase(database: Database, file: string): Promise<Record<string, number>> {
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(file));
  const write = async (value: unknown) => {
    if (!gzip.write(JSON.stringify(value) + '\n')) await once(gzip, 'drain');
  };
  const counts: Record<string, number> = {};
  await write({ format: FORMAT, takenAt: new Date().toISOString(), from: database.kind });
  await database.db.transaction(
    async (tx) => {
      for (const table of tablesInDependencyOrder()) {
        const name = getTableName(table);
        const t = sql.identifier(name);
        const { rows } = (await tx.execute(sql`select count(*)::int as n from ${t}`)) as unknown as {
          rows: { n: number }[];
        };
        counts[name] = rows[0]!.n;
        await write({ table: name, rows: counts[name] });
        await tx.execute(
          sql`declare backup_rows no scroll cursor for select row_to_json(r) as r from ${t} r`,
        );
        for (;;) {
          const page = (await tx.execute(
            sql`fetch ${sql.raw(String(BATCH))} from backup_rows`,
          )) as unknown as {
            rows: { r: unknown }[];
          };
          for (const row of page.rows) await write(row.r);
          if (page.rows.length < BATCH) break;
        }
        await tx.execute(sql`close backup_rows`);
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  gzip.end();
  await once(out, 'finish');
  return counts;
}

/**
 * A backup holds the data, not the queue: what was waiting for a queue job when it was taken has none in the
 * restored shop. Mail not yet sent goes back to the outbox (sent once an SMTP server is set, at start and every
 * five minutes); imports and report files that were being made are failed with a message to start them again.
 */
async function settleQueuedWork(tx: Db) {
  const now = new Date();
  await tx
    .update(mailMessages)
    .set({ status: 'outbox', updatedAt: now })
    .where(inArray(mailMessages.status, ['queued', 'sending']));
  await failInterruptedRuns(tx, now);
  await failInterruptedExports(tx, now);
}

/** Loads a backup into a migrated, empty database in one transaction: all of it or nothing. */
export async function restoreDatabase(database: Database, file: string): Promise<Record<string, number>> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = first.done ? null : (JSON.parse(first.value) as { format?: string });
  if (header?.format !== FORMAT) throw new Error(`${file} is not a Jobjacket backup`);
  const byName = new Map(tablesInDependencyOrder().map((t) => [getTableName(t), t]));
  const known = new Set(byName.keys());
  const counts: Record<string, number> = {};
  await database.db.transaction(async (tx) => {
    for (const name of known) {
      if (REFERENCE_TABLES.has(name)) continue;
      const { rows } = (await tx.execute(
        sql`select exists (select 1 from ${sql.identifier(name)}) as used`,
      )) as unknown as { rows: { used: boolean }[] };
      if (rows[0]?.used) throw new Error(`Restore needs an empty database, but table ${name} has rows`);
    }
    for (const name of [...known].reverse()) {
      if (REFERENCE_TABLES.has(name)) await tx.execute(sql`delete from ${sql.identifier(name)}`);
    }
    let table: string | null = null;
    let remaining = 0;
    let batch: Record<string, unknown>[] = [];
    const loaded = new Set<string>();
    const deferred = new Map<string, string[]>();
    const later: { table: string; rows: Record<string, unknown>[] }[] = [];
    const flush = async () => {
      if (!table || !batch.length) return;
      const t = sql.identifier(table);
      const columns = deferred.get(table)!;
      if (columns.length) {
        // Keep the id and the deferred keys for the second pass; load the row without them now.
        const kept = batch.filter((r) => columns.some((c) => r[c] != null));
        if (kept.length) later.push({ table, rows: kept.map((r) => ({ id: r.id, ...pick(r, columns) })) });
        batch = batch.map((r) => ({ ...r, ...Object.fromEntries(columns.map((c) => [c, null])) }));
      }
      await tx.execute(
        sql`insert into ${t} select * from json_populate_recordset(null::${t}, ${JSON.stringify(batch)}::json)`,
      );
      batch = [];
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (!next.value.trim()) continue;
      const value = JSON.parse(next.value) as Record<string, unknown>;
      if (remaining === 0) {
        await flush();
        if (table) loaded.add(table);
        table = String(value.table);
        if (!known.has(table)) throw new Error(`The backup holds an unknown table ${table}`);
        deferred.set(table, keysToDefer(byName.get(table)!, loaded));
        remaining = Number(value.rows);
        counts[table] = remaining;
        continue;
      }
      batch.push(value);
      remaining -= 1;
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    if (remaining !== 0) throw new Error('The backup file is truncated');
    for (const { table: name, rows } of later) {
      const t = sql.identifier(name);
      const sets = sql.join(
        deferred.get(name)!.map((c) => sql`${sql.identifier(c)} = x.${sql.identifier(c)}`),
        sql`, `,
      );
      await tx.execute(
        sql`update ${t} set ${sets} from json_populate_recordset(null::${t}, ${JSON.stringify(rows)}::json) x where ${t}.id = x.id`,
      );
    }
    // Serial columns continue after the restored rows.
    const serials = (await tx.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_default like 'nextval(%'`)) as unknown as {
      rows: { table_name: string; column_name: string }[];
    };
    for (const { table_name, column_name } of serials.rows) {
      const t = sql.identifier(table_name);
      const c = sql.identifier(column_name);
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${table_name}, ${column_name}), coalesce((select max(${c}) from ${t}), 0) + 1, false)`,
      );
    }
    await settleQueuedWork(tx);
  });
  return counts;
}

/**
 * What `jobjacket backup` says about the files, which the database backup does not hold: where they are and
 * the exact commands that copy them (docs/scaling.md, Backups of the files).
 */
export function filesBackupAdvice(config: Config): string[] {
  const copy =
    'npx jobjacket backup-files DIR  (copies every file into DIR; restore-files DIR puts them back)';
  if (config.JOBJACKET_FILES === 's3') {
    const endpoint = config.S3_ENDPOINT ? ` --endpoint-url ${config.S3_ENDPOINT}` : '';
    return [
      `Files (artwork, proofs, report files) are NOT in this backup: they are in the bucket s3://${config.S3_BUCKET}${config.S3_ENDPOINT ? ` at ${config.S3_ENDPOINT}` : ''}.`,
      `Back them up now, after the database: ${copy}`,
      `  or, for a big bucket: aws s3 sync s3://${config.S3_BUCKET} DIR${endpoint}`,
      '  and turn on versioning on the bucket, so a removed file can be brought back.',
    ];
  }
  return [
    `Files (artwork, proofs, report files) are NOT in this backup: they are in the folder ${path.resolve(config.filesDir)}.`,
    `Back them up now, after the database: ${copy}`,
    `  or: tar -czf files.tgz -C ${path.resolve(config.filesDir)} .`,
  ];
}
