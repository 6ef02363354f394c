import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, freshDatabase, type Session, type TestApp } from '../../../../test/helpers/app';
import { portalRequest, portalShop, portalSignIn } from '../../../../test/helpers/portal';
import { buildAccount, buildPortalUser } from '../../factories';
import type { Database } from '../../platform/db';
import { REPORTS_APPLICATION_NAME } from '../../platform/db/replica';

const onPostgres = inject('database').kind === 'postgres';
const urlOf = (d: Database) => (d.pool!.options as { connectionString: string }).connectionString;

/**
 * The "replica" is a second database cloned from the same template whose data differs on purpose: an account
 * only it holds shows which database a report read. (A streaming replica would hold the primary's rows a
 * moment later; what is tested is which pool reads, and that it cannot write.)
 */
describe.skipIf(!onPostgres)('reports on a read replica (DATABASE_REPLICA_URL)', () => {
  let primary: Database;
  let replica: Database;
  let withReplica: TestApp;
  let withoutReplica: TestApp;
  let manager: Session;

  beforeAll(async () => {
    primary = await freshDatabase();
    replica = await freshDatabase();
    withReplica = await createTestApp(
      { DATABASE_URL: urlOf(primary), DATABASE_REPLICA_URL: urlOf(replica) },
      { database: primary },
    );
    await withReplica.ctx.queue.work();
    withoutReplica = await createTestApp();
    manager = await withReplica.signIn('manager');
    await buildAccount(withReplica.db, { name: 'Only on the primary' });
    await buildAccount(replica.db, { name: 'Only on the replica' });
    await buildAccount(withoutReplica.db, { name: 'Primary of the shop without a replica' });
  }, 60_000);
  afterAll(async () => {
    await withReplica?.close();
    await withoutReplica?.close();
    await replica?.close();
  });

  const accountsIn = async (t: TestApp, who: Session) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/reports/book-of-business/run',
      headers: who.headers,
      payload: { parameters: {} },
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { rows: { account: string }[] }).rows.map((r) => r.account);
  };

  it('refuses to start with a replica it cannot reach, in one line that names the setting', async () => {
    await expect(
      createTestApp(
        { DATABASE_URL: urlOf(primary), DATABASE_REPLICA_URL: 'postgres://postgres@127.0.0.1:1/nowhere' },
        { database: primary },
      ),
    ).rejects.toThrow(/^DATABASE_REPLICA_URL: .*unset it to run reports on the primary$/);
  });

  it('runs a report, a direct download and a background export from the replica', async () => {
    const run = await accountsIn(withReplica, manager);
    expect(run).toContain('Only on the replica');
    expect(run).not.toContain('Only on the primary');

    const csv = await withReplica.request({
      method: 'GET',
      url: '/api/v1/reports/book-of-business/export.csv',
      headers: manager.headers,
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain('Only on the replica');
    expect(csv.body).not.toContain('Only on the primary');

    const started = await withReplica.request({
      method: 'POST',
      url: '/api/v1/report-exports',
      headers: manager.headers,
      payload: { reportId: 'book-of-business', format: 'csv', parameters: {} },
    });
    expect(started.statusCode, started.body).toBe(202);
    const id = (started.json() as { id: string }).id;
    let status = '';
    for (let i = 0; i < 100 && status !== 'done' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const res = await withReplica.request({
        method: 'GET',
        url: `/api/v1/report-exports/${id}`,
        headers: manager.headers,
      });
      status = (res.json() as { status: string }).status;
    }
    expect(status).toBe('done'); // the export's own row (progress, file) is written on the primary
    const file = await withReplica.request({
      method: 'GET',
      url: `/api/v1/report-exports/${id}/file`,
      headers: manager.headers,
    });
    expect(file.body).toContain('Only on the replica');
    expect(file.body).not.toContain('Only on the primary');
  }, 30_000);

  it('renders a scheduled delivery from the replica while its claim stays on the primary', async () => {
    const created = await withReplica.request({
      method: 'POST',
      url: '/api/v1/report-schedules',
      headers: manager.headers,
      payload: {
        name: 'Book of business, daily',
        reportId: 'book-of-business',
        parameters: {},
        formats: ['csv'],
        recipientEmails: ['zoe.oster@client.example'],
        frequency: 'daily',
        time: '07:00',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const run = await withReplica.request({
      method: 'POST',
      url: `/api/v1/report-schedules/${id}/run`,
      headers: manager.headers,
    });
    expect(run.statusCode, run.body).toBeLessThan(300);
    const { rows } = await primary.raw.query<{ storage_key: string }>(
      'select storage_key from report_exports where schedule_id = $1',
      [id],
    );
    expect(rows).toHaveLength(1);
    const csv = (await withReplica.ctx.files.get(`report-exports/${rows[0]!.storage_key}`)).toString();
    expect(csv).toContain('Only on the replica');
    expect(csv).not.toContain('Only on the primary');
  }, 30_000);

  it('reads on the replica in read-only transactions, named in pg_stat_activity', async () => {
    const db = withReplica.ctx.reportDb;
    expect(db).not.toBe(withReplica.ctx.db);
    const { rows } = (await db.execute(
      sql`select current_setting('transaction_read_only') as ro, current_setting('application_name') as app, current_database() as name`,
    )) as unknown as { rows: { ro: string; app: string; name: string }[] };
    expect(rows[0]).toEqual({
      ro: 'on',
      app: REPORTS_APPLICATION_NAME,
      name: new URL(urlOf(replica)).pathname.slice(1),
    });
    // SQLSTATE 25006: read_only_sql_transaction.
    await expect(db.execute(sql`insert into departments (name) values ('Not here')`)).rejects.toMatchObject({
      cause: { code: '25006' },
    });
    // An operator sees the report load by its name while a report query runs.
    const running = db.execute(sql`select pg_sleep(1)`).then(() => {}); // drizzle runs a query once awaited
    await new Promise((r) => setTimeout(r, 300));
    const seen = await replica.raw.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where application_name = $1 and datname = current_database() and query like '%pg_sleep%'`,
      [REPORTS_APPLICATION_NAME],
    );
    await running;
    expect(seen.rows[0]!.n).toBe(1);
    // Everything else stays on the primary: the sign-in, the export's row, the audit trail.
    const audit = await primary.raw.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'report.export'`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('runs a portal client report under row-level security through the read-only pool', async () => {
    // The replica URL names the primary itself here, so the portal's rows are there; what is tested is that the
    // portal's scope (its role and account set for the transaction) works in the read-only report pool.
    const database = await freshDatabase();
    const url = urlOf(database);
    const t = await createTestApp({ DATABASE_URL: url, DATABASE_REPLICA_URL: url }, { database });
    try {
      expect(t.ctx.reportDb).not.toBe(t.ctx.db);
      const shop = await portalShop(t);
      const other = await portalShop(t);
      const viewer = await buildPortalUser(t.db, shop.portal.id, {
        role: 'client_admin',
        password: 'correct horse battery',
      });
      const who = await portalSignIn(t, shop.portal.slug, viewer.email);
      const call = portalRequest(t);
      const run = await call('POST', `/portal/${shop.portal.slug}/reports/client-inventory/run`, who, {
        parameters: {},
      });
      expect(run.statusCode, run.body).toBe(200);
      // Both shops stock the same SKU: one row means the other client's stock stayed hidden.
      const rows = (run.json() as { rows: Record<string, unknown>[] }).rows;
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows[0])).toContain('BRO-2027');
      const csv = await call('GET', `/portal/${shop.portal.slug}/reports/client-inventory/export.csv`, who);
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.body).toContain('BRO-2027');
      expect(csv.body.match(/BRO-2027/g)).toHaveLength(1);
      expect(other.item.account.id).not.toBe(shop.item.account.id);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('reads the primary when no replica is set', async () => {
    expect(withoutReplica.ctx.reportDb).toBe(withoutReplica.ctx.db);
    const who = await withoutReplica.signIn('manager');
    expect(await accountsIn(withoutReplica, who)).toContain('Primary of the shop without a replica');
  });
});
