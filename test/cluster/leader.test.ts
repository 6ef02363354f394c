import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/server/platform/db';
import { Leadership } from '../../src/server/platform/leader';
import { freshPostgresUrl } from '../helpers/server-process';

/**
 * Leader election through PostgreSQL (platform/leader.ts): one leader among contenders, hand-over when the
 * leader stops, loses its connection, or hangs (its idle session is ended by the server); on the embedded
 * database the one process leads.
 */
const pgUrl = await freshPostgresUrl();
if (!pgUrl)
  console.warn('leader tests: contention needs PostgreSQL (set DATABASE_URL); running the PGlite one only');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, fn: () => boolean | Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const opened: Database[] = [];
const leaderships: Leadership[] = [];
afterAll(async () => {
  for (const l of leaderships) await l.stop();
  for (const d of opened) await d.close();
});

/** A contender whose duties record whether they run. */
function contender(database: Database, name: string) {
  const duty = { running: false, starts: 0 };
  const l = new Leadership({
    database,
    databaseUrl: pgUrl ?? undefined,
    name,
    retryMs: 200,
    heartbeatMs: 500,
    log: () => {},
    duties: {
      start: async () => {
        duty.running = true;
        duty.starts++;
      },
      stop: async () => {
        duty.running = false;
      },
    },
  });
  leaderships.push(l);
  return { l, duty };
}

describe('leader election', () => {
  it('leads at once on the embedded database (one process)', async () => {
    const database = await openDatabase({});
    opened.push(database);
    const { l, duty } = contender(database, 'pglite');
    await l.start();
    expect(l.isLeader).toBe(true);
    expect(duty.running).toBe(true);
    await l.stop();
    expect(duty.running).toBe(false);
  });

  it.runIf(pgUrl)('chooses one leader, and hands over when it stops or loses its connection', async () => {
    const database = await openDatabase({ databaseUrl: pgUrl!, poolSize: 2 });
    opened.push(database);
    const one = contender(database, 'handover');
    const two = contender(database, 'handover');
    await one.l.start();
    await two.l.start();
    await sleep(600); // a few retries of the follower
    expect([one.l.isLeader, two.l.isLeader]).toEqual([true, false]);
    expect(two.duty.starts).toBe(0);

    await one.l.stop(); // a graceful stop frees the lock at once
    expect(one.duty.running).toBe(false);
    await until('the follower to lead', () => two.l.isLeader, 2_000);

    // The leader's connection is cut (a network fault, a database restart): a follower takes over and the
    // old leader stops its duties at its next heartbeat.
    const three = contender(database, 'handover');
    await three.l.start();
    const admin = new pg.Client({ connectionString: pgUrl! });
    await admin.connect();
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'jobjacket-leader-handover' and pid in (select pid from pg_locks where locktype = 'advisory' and granted)`,
    );
    await admin.end();
    await until('the third to lead', () => three.l.isLeader, 3_000);
    await until('the old leader to stop its duties', () => !two.duty.running, 3_000);
    expect(two.l.isLeader).toBe(false);
  });

  it.runIf(pgUrl)(
    'takes over from a hung leader when the server ends its idle session',
    async () => {
      // The leader is a separate process, stopped with SIGSTOP as a hung process would be.
      const script = `
        import { openDatabase } from './src/server/platform/db/index.ts';
        import { Leadership } from './src/server/platform/leader.ts';
        const database = await openDatabase({ databaseUrl: process.env.URL, poolSize: 1 });
        const l = new Leadership({ database, databaseUrl: process.env.URL, name: 'hang', retryMs: 200,
          heartbeatMs: 1000, duties: { start: async () => console.log('LEADS'), stop: async () => console.log('STOPS') } });
        await l.start();`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: path.resolve('.'),
        env: { ...process.env, URL: pgUrl! },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      try {
        await until('the child to lead', () => out.includes('LEADS'), 30_000);
        const database = await openDatabase({ databaseUrl: pgUrl!, poolSize: 1 });
        opened.push(database);
        const follower = contender(database, 'hang');
        await follower.l.start();
        expect(follower.l.isLeader).toBe(false);
        child.kill('SIGSTOP');
        const hungAt = Date.now();
        // idle_session_timeout is three heartbeats (3 s here; 15 s by default), then one retry.
        await until('the follower to lead', () => follower.l.isLeader, 10_000);
        expect(Date.now() - hungAt).toBeGreaterThan(2_000);
        child.kill('SIGCONT');
        await until('the woken leader to stop its duties', () => out.includes('STOPS'), 10_000);
        expect(out).toContain('lost the lead');
      } finally {
        child.kill('SIGKILL');
      }
    },
    60_000,
  );
});
