import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPglite, migrateDatabase, openDatabase, type Database } from '../src/server/platform/db';
import { backupDatabase, restoreDatabase, tablesInDependencyOrder } from '../src/server/backup';
import { getTableName } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { seedDemo } from '../src/server/demo/seed';
import { buildAccount, buildContact, buildUser } from '../src/server/factories';
import { freshDatabase } from './helpers/app';

const dir = mkdtempSync(path.join(tmpdir(), 'jj-backup-'));
const opened: Database[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
});

async function emptyPglite() {
  const database = await openDatabase({ pglite: await createPglite() });
  await migrateDatabase(database);
  opened.push(database);
  return database;
}

/** A database of the kind the suite runs on (PostgreSQL in CI), migrated and empty. */
async function emptySuiteDatabase() {
  const database = await freshDatabase();
  opened.push(database);
  return database;
}

async function snapshot(database: Database) {
  const { rows } = await database.raw.query<{ name: string; contacts: number; emails: string }>(
    `select a.name, count(c.id)::int as contacts, coalesce(string_agg(array_to_string(c.emails, ','), ';' order by c.last_name), '') as emails
     from accounts a left join contacts c on c.account_id = a.id group by a.id, a.name order by a.name`,
  );
  const audit = await database.raw.query<{ n: number }>('select count(*)::int as n from audit_events');
  return { accounts: rows, audit: audit.rows[0]!.n };
}

/** Rows and a checksum of every table, independent of the driver (times normalised to UTC ISO). */
async function checksums(database: Database) {
  const out: Record<string, { rows: number; sha256: string }> = {};
  const normalise = (v: unknown): unknown =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/.test(v)
      ? new Date(v).toISOString()
      : Array.isArray(v)
        ? v.map(normalise)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, x]) => [k, normalise(x)]),
            )
          : v;
  for (const table of tablesInDependencyOrder()) {
    const name = getTableName(table);
    const { rows } = await database.raw.query<{ r: unknown }>(`select row_to_json(t) as r from "${name}" t`);
    const lines = rows.map((row) => JSON.stringify(normalise(row.r))).sort();
    out[name] = { rows: lines.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return out;
}

describe('backup and restore', () => {
  it('restores the demo shop with the same rows and checksums in every table, both ways', async () => {
    const source = await emptyPglite();
    await source.db.transaction((tx) => seedDemo(tx, new Date().toISOString().slice(0, 10)));
    // Every table of the database is in the backup: a module's table missing from the schema would not be.
    const { rows: inDb } = await source.raw.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const backedUp = new Set(tablesInDependencyOrder().map((t) => getTableName(t)));
    expect(
      inDb.map((r) => r.table_name).filter((t) => !backedUp.has(t) && !t.startsWith('__drizzle')),
    ).toEqual([]);
    // A cycle of keys: the portal's logo is a portal file, and an artwork file names a product of that portal.
    await source.raw.exec(`
      insert into portal_files (account_id, portal_id, purpose, product_id, name, content_type, size, sha256, storage_key)
        select p.account_id, p.id, 'logo', (select id from products where portal_id = p.id limit 1),
          'logo.png', 'image/png', 1, 'x', 'ab/00000000-0000-4000-8000-000000000000'
        from portals p;
      update portals set logo_file_id = (select f.id from portal_files f where f.portal_id = portals.id)`);
    const expected = await checksums(source);
    expect(Object.values(expected).filter((t) => t.rows > 0).length).toBeGreaterThan(20);
    const cycle = await source.raw.query<{ n: number }>(
      `select count(*)::int as n from portals p join portal_files f on f.id = p.logo_file_id where f.product_id is not null`,
    );
    expect(cycle.rows[0]!.n).toBeGreaterThan(0);

    const first = path.join(dir, 'demo-from-pglite.backup.gz');
    await backupDatabase(source, first);
    const middle = await emptySuiteDatabase();
    await restoreDatabase(middle, first);
    expect(await checksums(middle)).toEqual(expected);

    const second = path.join(dir, 'demo-from-suite.backup.gz');
    await backupDatabase(middle, second);
    const last = await emptyPglite();
    await restoreDatabase(last, second);
    expect(await checksums(last)).toEqual(expected);
  }, 180_000);

  it('round-trips PGlite → the suite database → PGlite with every row', async () => {
    const source = await emptyPglite();
    const owner = await buildUser(source.db, { role: 'account_manager' });
    for (let i = 0; i < 3; i++) {
      const a = await buildAccount(source.db, {
        name: `Backup Client ${i} — “quoted” ünïcode`,
        ownerId: owner.id,
        tags: ['mail'],
        addresses: [
          {
            kind: 'billing',
            line1: '1 A St',
            city: 'Austin',
            region: 'TX',
            postalCode: '78701',
            isDefault: true,
          },
        ],
      });
      await buildContact(source.db, { accountId: a.id });
    }
    const expected = await snapshot(source);

    const first = path.join(dir, 'from-pglite.backup.gz');
    await backupDatabase(source, first);
    const middle = await emptySuiteDatabase();
    await restoreDatabase(middle, first);
    expect(await snapshot(middle)).toEqual(expected);

    const second = path.join(dir, 'from-suite.backup.gz');
    await backupDatabase(middle, second);
    const last = await emptyPglite();
    await restoreDatabase(last, second);
    expect(await snapshot(last)).toEqual(expected);
    // serial columns continue after the restored rows
    await buildAccount(last.db);
    expect((await snapshot(last)).audit).toBeGreaterThan(expected.audit);
  }, 120_000);

  it('refuses to restore into a database that has data, and leaves it unchanged', async () => {
    const source = await emptyPglite();
    await buildAccount(source.db, { name: 'Existing' });
    const file = path.join(dir, 'nonempty.backup.gz');
    await backupDatabase(source, file);
    await expect(restoreDatabase(source, file)).rejects.toThrow(/empty database/);
    expect((await snapshot(source)).accounts).toHaveLength(1);
  });

  it('refuses a file that is not a backup', async () => {
    const file = path.join(dir, 'junk.gz');
    writeFileSync(file, Buffer.from([0x1f, 0x8b, 0, 0]));
    await expect(restoreDatabase(await emptyPglite(), file)).rejects.toThrow();
  });
});
