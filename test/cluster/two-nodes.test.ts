import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { ADMIN, freePort, freshPostgresUrl, staffClient } from '../helpers/server-process';
import { startS3 } from '../helpers/s3';
import { balancer, leadsTaken, startNode, type Node } from './nodes';

/**
 * Two web nodes and two workers on one PostgreSQL, as real `jobjacket serve` / `jobjacket worker` processes, each
 * with its own local folder and the shop's files in one S3 bucket (a real s3rver started by the test):
 * a session made on one node works on the other, a file stored through one is read through the other, a mailing
 * list uploaded to one web node is imported by a worker and its rejected rows downloaded from the other node, a
 * scheduled report is delivered once however many workers are woken, the cron fires once a minute across
 * the cluster, the inbound SMTP listener runs on one node and moves within 30 s when that node is killed, and
 * a rolling restart under load fails no request. PostgreSQL only: the embedded database serves one process.
 */
const pgUrl = await freshPostgresUrl();
if (!pgUrl)
  console.warn(
    'cluster test skipped: several nodes need PostgreSQL (set DATABASE_URL); PGlite is one process',
  );

const BUCKET = 'cluster-shop';
/** The files under `root` (every node's own folder) whose bytes contain `text`. */
function filesHolding(root: string, text: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => readFileSync(f).includes(text));
}
const alive = (n: Node) => n.child.exitCode === null && n.child.signalCode === null;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(!pgUrl)('two web nodes and two workers on one PostgreSQL', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jj-cluster-'));
  const nodes: Record<'a' | 'b' | 'w1' | 'w2', Node> = {} as never;
  let smtpPort = 0;
  let env: Record<string, string> = {};
  let sql: pg.Pool;
  const startedAt = new Date();

  let s3: Awaited<ReturnType<typeof startS3>>;
  // Each node's own disk: nothing one node writes there is seen by another.
  const nodeEnv = (name: string) => ({ ...env, JOBJACKET_FILES_DIR: path.join(dir, name) });
  const serveEnv = (name: string) => ({ ...nodeEnv(name), JOBJACKET_WORKERS: 'off' });
  const restart = async (key: keyof typeof nodes) => {
    const old = nodes[key];
    const given = old.kind === 'serve' ? serveEnv(old.name) : nodeEnv(old.name);
    nodes[key] = await startNode(old.kind, old.name, given, old.port);
  };
  const count = async (text: string, params: unknown[] = []) =>
    Number((await sql.query<{ n: string }>(text, params)).rows[0]!.n);

  beforeAll(async () => {
    smtpPort = await freePort();
    s3 = await startS3([BUCKET]);
    env = {
      DATABASE_URL: pgUrl!,
      ...s3.env(BUCKET),
      JOBJACKET_SMTP_LISTEN_PORT: String(smtpPort), // every node has it; only the leader binds it
      JOBJACKET_DRAIN_SECONDS: '1',
      JOBJACKET_DEMO: '0',
      JOBJACKET_ADMIN_EMAIL: ADMIN.email,
      JOBJACKET_ADMIN_PASSWORD: ADMIN.password,
    };
    sql = new pg.Pool({ connectionString: pgUrl!, max: 2 });
    // Node A first (it creates the admin), then the rest together.
    nodes.a = await startNode('serve', 'A', serveEnv('A'), await freePort());
    const [b, w1, w2] = await Promise.all([
      freePort().then((p) => startNode('serve', 'B', serveEnv('B'), p)),
      startNode('worker', 'W1', nodeEnv('W1')),
      startNode('worker', 'W2', nodeEnv('W2')),
    ]);
    Object.assign(nodes, { b, w1, w2 });
  }, 240_000);

  afterAll(async () => {
    for (const n of Object.values(nodes)) await n?.kill9().catch(() => {});
    await sql?.end();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // What each node said, when a step fails (the processes log nothing to the test otherwise).
  afterEach((test) => {
    if (test.task.result?.state !== 'fail') return;
    for (const n of Object.values(nodes))
      console.error(
        `--- ${n.name} (exit ${n.child.exitCode}, ${n.child.signalCode}):\n${n.output().slice(-3000)}`,
      );
  });

  it('keeps a session made on node A on node B, and reads on B a file stored through A', async () => {
    const onA = await staffClient(nodes.a.url!);
    const me = await fetch(`${nodes.b.url}/api/v1/auth/me`, { headers: onA.headers });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(ADMIN.email);
    // A write on B with the CSRF token A gave.
    const account = await fetch(`${nodes.b.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { ...onA.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Nguyễn → Zoë Øster Print', segment: 'corporate' }),
    });
    expect(account.status).toBe(201);
    const accountId = ((await account.json()) as { id: string }).id;

    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const job = await onA.call<{ id: string; items: { id: string }[] }>('POST', '/jobs', {
      accountId,
      title: 'Two-node artwork',
      dueDate: due,
      items: [{ productType: 'envelope', quantity: 500 }],
    });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    const bytes = `%PDF-1.4 two nodes ${randomUUID()}`;
    const file = await onA.call<{ id: string }>('POST', `/jobs/${job.body.id}/files`, {
      itemId: job.body.items[0]!.id,
      kind: 'artwork',
      filename: 'Zoë cover.pdf',
      contentType: 'application/pdf',
      contentBase64: Buffer.from(bytes).toString('base64'),
    });
    expect(file.status, JSON.stringify(file.body)).toBe(201);
    const read = await fetch(`${nodes.b.url}/api/v1/jobs/${job.body.id}/files/${file.body.id}/content`, {
      headers: onA.headers,
    });
    expect(read.status).toBe(200);
    expect(await read.text()).toBe(bytes);
    // In the bucket, on no node's disk.
    expect(filesHolding(dir, bytes)).toEqual([]);
  }, 60_000);

  it('imports a mailing list uploaded to node A on a worker, and serves its rejected rows from node B', async () => {
    const onA = await staffClient(nodes.a.url!);
    const onB = await staffClient(nodes.b.url!);
    const account = await onA.call<{ id: string }>('POST', '/accounts', {
      name: 'Nguyễn → Zoë Øster Mailers',
      segment: 'corporate',
    });
    const list = await onA.call<{ id: string }>('POST', '/mailing-lists', {
      name: 'Spring',
      accountId: account.body.id,
    });
    expect(list.status, JSON.stringify(list.body)).toBe(201);
    // Row 3 is malformed (a missing cell): left out, and kept for download.
    const csv = `Name,Address,City,State,ZIP\r\nZoë Øster,1 Main St,Austin,TX,78701\r\nEd Fox ${randomUUID()},6 Main St,Austin,TX\r\n`;
    const up = await fetch(
      `${nodes.a.url}/api/v1/mailing-lists/${list.body.id}/uploads?filename=spring.csv`,
      {
        method: 'POST',
        headers: { ...onA.headers, 'content-type': 'text/csv' },
        body: csv,
      },
    );
    expect(up.status, await up.clone().text()).toBe(201);
    const preview = (await up.json()) as { run: { id: string }; mapping: unknown };
    expect(filesHolding(dir, csv)).toEqual([]); // waiting in the bucket, not on A's disk
    const started = await onB.call(
      'POST',
      `/mailing-lists/${list.body.id}/uploads/${preview.run.id}/import`,
      {
        mapping: preview.mapping,
        badRows: 'skip',
      },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    // The web nodes work no queue: a worker process imports it, from the bucket.
    const run = await until('the import on a worker', async () => {
      const r = await onB.call<{ status: string }>(
        'GET',
        `/mailing-lists/${list.body.id}/runs/${preview.run.id}`,
      );
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    });
    expect(run).toMatchObject({ status: 'done', rejectedRows: 1 });
    const rejects = await fetch(
      `${nodes.b.url}/api/v1/mailing-lists/${list.body.id}/runs/${preview.run.id}/rejects.csv`,
      { headers: onB.headers },
    );
    expect(rejects.status).toBe(200);
    expect(await rejects.text()).toContain(csv.split('\r\n')[2]!.split(',')[0]);
  }, 90_000);

  it('delivers a scheduled report once when both workers are woken at the same time', async () => {
    const api = await staffClient(nodes.a.url!);
    const account = await api.call<{ id: string }>('POST', '/accounts', {
      name: 'Cluster Report Co',
      segment: 'corporate',
    });
    const name = `Cluster schedule ${randomUUID().slice(0, 8)}`;
    const schedule = await api.call<{ id: string }>('POST', '/report-schedules', {
      name,
      reportId: 'client-jobs-completed',
      parameters: { accountId: account.body.id, period: 'last_30_days' },
      formats: ['csv'],
      recipientEmails: ['client@cluster.example'],
      frequency: 'daily',
      time: '07:00',
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    await sql.query('update report_schedules set next_run_at = $2 where id = $1', [
      schedule.body.id,
      new Date(Date.now() - 60_000),
    ]);
    const boss = new PgBoss({ connectionString: pgUrl!, supervise: false, schedule: false, migrate: false });
    await boss.start();
    try {
      // Six wake-ups at once instead of the once-a-minute cron: both workers take some of them.
      await Promise.all(Array.from({ length: 6 }, () => boss.send('reports.schedules', {})));
      const deliveries = () =>
        count(`select count(*) n from report_deliveries where schedule_id = $1 and kind = 'scheduled'`, [
          schedule.body.id,
        ]);
      await until('the delivery', async () => (await deliveries()) > 0, 60_000);
      await until(
        'every wake-up to be worked',
        async () =>
          (await count(
            `select count(*) n from pgboss.job where name = 'reports.schedules' and state in ('created','active','retry')`,
          )) === 0,
        60_000,
      );
      expect(await deliveries()).toBe(1);
      expect(
        await count(`select count(*) n from mail_messages where subject like '%' || $1 || '%'`, [name]),
      ).toBe(1);
      // Both workers took part (the jobs' worker is not recorded; each completed job ran in one of them).
      expect(nodes.w1.child.exitCode).toBeNull();
      expect(nodes.w2.child.exitCode).toBeNull();
    } finally {
      await boss.stop({ graceful: false, wait: false }).catch(() => {});
    }
  }, 120_000);

  it('runs the SMTP listener on one node and moves it to another within 30 s of a kill -9', async () => {
    const leaders = () => Object.values(nodes).filter((n) => leadsTaken(n) > 0 && alive(n));
    const locks = () =>
      count(
        `select count(*) n from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.locktype = 'advisory' and l.granted and a.application_name = 'jobjacket-leader-inbound-mail'`,
      );
    expect(leaders().map((n) => n.name)).toEqual(['A']); // the first node up leads
    expect(await locks()).toBe(1);

    const send = async (subject: string) => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        ignoreTLS: true,
      });
      await transport.sendMail({
        from: 'Zoë Øster <zoe@client-cluster.example>',
        to: 'orders@shop.example',
        subject,
        text: 'Please print 500 more.',
      });
      transport.close();
    };
    const arrived = (subject: string) =>
      count(`select count(*) n from inbox_messages where subject = $1`, [subject]);
    await send('Before the crash');
    expect(await arrived('Before the crash')).toBe(1);

    await nodes.a.kill9();
    const killedAt = Date.now();
    const next = await until('another node to lead', async () => leaders()[0], 30_000);
    const takeover = Date.now() - killedAt;
    console.log(`cluster: ${next.name} took the SMTP listener over ${takeover} ms after node A was killed`);
    expect(takeover).toBeLessThan(30_000);
    await send('After the crash');
    expect(await arrived('After the crash')).toBe(1);
    expect(leaders()).toHaveLength(1);
    expect(await locks()).toBe(1);
    for (const n of Object.values(nodes)) expect(n.output()).not.toContain('could not start its duties');
    await restart('a');
  }, 120_000);

  it('fails no request during a rolling restart of both web nodes under load', async () => {
    const api = await staffClient(nodes.a.url!);
    const lb = balancer(() => [nodes.a.url!, nodes.b.url!]);
    const failures: string[] = [];
    let ok = 0;
    let running = true;
    const loop = async (i: number) => {
      for (let n = 0; running; n++) {
        const url = await lb.pick();
        const write = (n + i) % 3 === 0;
        try {
          const res = await fetch(`${url}/api/v1/accounts${write ? '' : '?limit=5'}`, {
            method: write ? 'POST' : 'GET',
            headers: { ...api.headers, ...(write ? { 'content-type': 'application/json' } : {}) },
            body: write ? JSON.stringify({ name: `Load ${i}-${n}`, segment: 'corporate' }) : undefined,
          });
          await res.arrayBuffer();
          if (res.status >= 200 && res.status < 300) ok++;
          else failures.push(`${url} ${res.status}`);
        } catch (error) {
          failures.push(`${url} ${String((error as Error).cause ?? error)}`);
        }
      }
    };
    const loops = [0, 1, 2, 3].map(loop);
    try {
      await sleep(1_000);
      for (const key of ['b', 'a'] as const) {
        const before = ok;
        expect(await nodes[key].terminate()).toBe(0); // drained and exited cleanly
        await restart(key);
        expect(ok).toBeGreaterThan(before); // the other node carried the load meanwhile
      }
      await sleep(1_000);
    } finally {
      running = false;
      await Promise.all(loops);
      await lb.stop();
    }
    console.log(
      `cluster: rolling restart of both web nodes: ${ok} requests answered, ${failures.length} failed`,
    );
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(50);
  }, 180_000);

  it('fires each cron schedule once a minute across the cluster, and every node stops cleanly', async () => {
    // The breach check runs every minute in whichever worker takes it: never twice in one minute.
    const minutes = () =>
      count(
        `select count(distinct date_trunc('minute', created_on)) n from pgboss.job
          where name = 'escalations.check-breaches' and created_on >= $1`,
        [startedAt],
      );
    await until('a cron minute to pass', async () => (await minutes()) > 0, 70_000);
    const perMinute = await sql.query<{ n: string }>(
      `select date_trunc('minute', created_on) m, count(*) n from pgboss.job
        where name = 'escalations.check-breaches' and created_on >= $1 group by 1`,
      [startedAt],
    );
    expect(perMinute.rows.every((r) => Number(r.n) === 1)).toBe(true);
    for (const key of ['w1', 'w2', 'a', 'b'] as const) expect(await nodes[key].terminate()).toBe(0);
  }, 120_000);
});
