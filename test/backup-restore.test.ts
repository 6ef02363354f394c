import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPglite, migrateDatabase, openDatabase, type Database } from '../src/server/platform/db';
import { backupDatabase, restoreDatabase } from '../src/server/platform/db/backup';
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

describe('backup and restore', () => {
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
  });

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
