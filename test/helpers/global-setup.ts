import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createPglite, migrateDatabase, openDatabase } from '../../src/server/platform/db';
import { Queue } from '../../src/server/platform/queue';

declare module 'vitest' {
  export interface ProvidedContext {
    database:
      | { kind: 'postgres'; adminUrl: string; template: string; prefix: string }
      | { kind: 'pglite'; dump: string };
  }
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Migrates one database per run; every test file then gets a fresh copy of it: a PostgreSQL database
 * cloned from the template (when DATABASE_URL is set), else a PGlite loaded from a dump of the data folder.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const runId = `${process.pid}_${Date.now().toString(36)}`;
    const template = `jj_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const database = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 2 });
    await migrateDatabase(database);
    const queue = new Queue(database, { supervise: false });
    await queue.start();
    await queue.stop();
    await database.close();
    project.provide('database', { kind: 'postgres', adminUrl: url, template, prefix: `jj_t_${runId}` });
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like 'jj\\_%' escape '\\' and datname like $1`,
        [`%${runId}%`],
      );
      for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.end();
    };
  }
  const pglite = await createPglite();
  const database = await openDatabase({ pglite });
  await migrateDatabase(database);
  const queue = new Queue(database, { supervise: false });
  await queue.start();
  await queue.stop();
  const dump = await pglite.dumpDataDir('none');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jobjacket-test-')), 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('database', { kind: 'pglite', dump: file });
}
