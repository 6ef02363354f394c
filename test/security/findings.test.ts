import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, freshDatabase, PASSWORD, type TestApp } from '../helpers/app';
import ExcelJS from 'exceljs';
import {
  buildAccount,
  buildInventoryItem,
  buildJob,
  buildPortal,
  buildPortalUser,
  buildProduct,
  buildUser,
} from '../../src/server/factories';
import { getAccount } from '../../src/server/modules/accounts';
import { backupDatabase, restoreDatabase } from '../../src/server/backup';
import { Queue } from '../../src/server/platform/queue';
import { processRun } from '../../src/server/modules/mailing/runs';
import type { Database } from '../../src/server/platform/db';

// Findings of the outside security and fault test (issue 16), each named after its finding.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** 100 wrong guesses from five addresses at once, then the right password while they are in flight. */
async function burst(url: string, email: string) {
  const guess = (password: string, i: number) =>
    t.app.inject({ method: 'POST', url, payload: { email, password }, remoteAddress: `198.51.100.${i % 5}` });
  const wrong = Array.from({ length: 100 }, (_, i) => guess(`wrong guess ${i}`, i));
  const right = guess(PASSWORD, 0);
  return { wrong: await Promise.all(wrong), right: await right };
}

async function lockAudits(userId: string) {
  const result = (await t.db.execute(
    sql`select count(*)::int as n from audit_events where entity_id = ${userId} and action = 'user.lock'`,
  )) as unknown as { rows: { n: number }[] };
  return result.rows[0]!.n;
}
async function lockedUntil(table: 'users' | 'portal_users', id: string) {
  const result = (await t.db.execute(
    sql`select locked_until from ${sql.raw(table)} where id = ${id}`,
  )) as unknown as { rows: { locked_until: Date | null }[] };
  return result.rows[0]!.locked_until;
}

describe('H2 — the sign-in lock-out holds against guesses sent in parallel', () => {
  it('locks a staff account after 5 of 100 parallel wrong passwords and refuses the right one in the burst', async () => {
    const user = await buildUser(t.db, { role: 'account_manager' });
    const { wrong, right } = await burst('/api/v1/auth/login', user.email);
    expect(wrong.map((r) => r.statusCode).every((c) => c === 401)).toBe(true);
    expect(right.statusCode).toBe(401);
    // One lock: only the first five guesses were checked, the rest met a locked account.
    expect(await lockAudits(user.id)).toBe(1);
    expect(await lockedUntil('users', user.id)).not.toBeNull();
  });

  it('does the same for a client portal user', async () => {
    const portal = await buildPortal(t.db);
    const buyer = await buildPortalUser(t.db, portal.id, { email: `guessed.${Date.now()}@client.example` });
    const { wrong, right } = await burst(`/api/v1/portal/${portal.slug}/auth/login`, buyer.email);
    expect(wrong.map((r) => r.statusCode).every((c) => c === 401)).toBe(true);
    expect(right.statusCode).toBe(401);
    expect(await lockedUntil('portal_users', buyer.id)).not.toBeNull();
  });

  it('still lets the right password in after four wrong ones, and clears the count', async () => {
    const user = await buildUser(t.db, { role: 'manager' });
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password } });
    for (let i = 0; i < 4; i++) expect((await login('nope nope nope')).statusCode).toBe(401);
    expect((await login(PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login('nope nope nope')).statusCode).toBe(401);
    expect((await login(PASSWORD)).statusCode).toBe(200);
  });
});

/** Signs a portal user in; the headers carry the portal cookie and CSRF token. */
async function portalSession(slug: string, email: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/portal/${slug}/auth/login`,
    payload: { email, password: PASSWORD },
  });
  const cookie = res.cookies.find((c) => c.name === 'jj_portal')!;
  return {
    cookie: `jj_portal=${cookie.value}`,
    'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken,
  };
}

describe('H3 — a backup taken while the shop is in use restores', () => {
  it('restores a backup taken under concurrent checkouts, with the row counts of its snapshot', async () => {
    const portal = await buildPortal(t.db);
    const account = await getAccount({ db: t.db, id: portal.account.id });
    const item = await buildInventoryItem(t.db, portal.account.id, {
      onHand: 100_000,
      sku: `BK-${Date.now()}`,
    });
    const product = await buildProduct(t.db, portal.id, {
      kind: 'stocked',
      inventoryItemId: item.id,
      sku: `BK-P-${Date.now()}`,
      productType: null,
    });
    const buyers = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const user = await buildPortalUser(t.db, portal.id, {
          email: `backup.${i}.${Date.now()}@client.example`,
        });
        return portalSession(portal.slug, user.email);
      }),
    );
    let running = true;
    let placed = 0;
    const shop = buyers.map(async (headers) => {
      while (running) {
        const url = `/api/v1/portal/${portal.slug}`;
        await t.app.inject({
          method: 'POST',
          url: `${url}/cart/lines`,
          headers,
          payload: { productId: product.id, quantity: 1 },
        });
        const res = await t.app.inject({
          method: 'POST',
          url: `${url}/checkout`,
          headers,
          payload: { costCentreId: account.costCentres[0]!.id, shipToAddressId: account.addresses[0]!.id },
        });
        if (res.statusCode === 201) placed++;
      }
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jj-h3-')), 'shop.backup.gz');
    while (placed < 4) await new Promise((r) => setTimeout(r, 20));
    const counts = await backupDatabase(t.ctx.database, file);
    const during = placed;
    running = false;
    await Promise.all(shop);
    expect(placed).toBeGreaterThan(during);
    const target = await freshDatabase();
    try {
      expect(await restoreDatabase(target, file)).toEqual(counts);
      for (const table of [
        'orders',
        'order_lines',
        'jobs',
        'job_items',
        'job_stages',
        'inventory_movements',
      ]) {
        const { rows } = await target.raw.query<{ n: number }>(`select count(*)::int as n from ${table}`);
        expect(rows[0]!.n, table).toBe(counts[table]);
      }
    } finally {
      await target.close();
    }
  });
});

/** A portal with one stocked product and a buyer signed in; a budget on the first cost centre when given. */
async function shopWithBuyers(opts: { buyers: number; unitPriceCents?: number; budgetCents?: number }) {
  const portal = await buildPortal(t.db);
  const account = await getAccount({ db: t.db, id: portal.account.id });
  const centre = account.costCentres[0]!;
  if (opts.budgetCents !== undefined) {
    const staff = await t.signIn('manager');
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/portals/${portal.id}`,
      headers: staff.headers,
      payload: {
        accountId: portal.account.id,
        slug: portal.slug,
        name: portal.name,
        budgets: [{ costCentreId: centre.id, amountCents: opts.budgetCents }],
      },
    });
  }
  const item = await buildInventoryItem(t.db, portal.account.id, { onHand: 1000, sku: `RACE-${Date.now()}` });
  const product = await buildProduct(t.db, portal.id, {
    kind: 'stocked',
    inventoryItemId: item.id,
    sku: `RACE-P-${Date.now()}`,
    unitPriceCents: opts.unitPriceCents ?? 100,
    productType: null,
  });
  const buyers = await Promise.all(
    Array.from({ length: opts.buyers }, async (_, i) => {
      const user = await buildPortalUser(t.db, portal.id, {
        email: `race.${i}.${Date.now()}@client.example`,
      });
      return portalSession(portal.slug, user.email);
    }),
  );
  const base = `/api/v1/portal/${portal.slug}`;
  const addToCart = (headers: Record<string, string>, quantity: number) =>
    t.app.inject({
      method: 'POST',
      url: `${base}/cart/lines`,
      headers,
      payload: { productId: product.id, quantity },
    });
  const checkout = (headers: Record<string, string>, key?: string) =>
    t.app.inject({
      method: 'POST',
      url: `${base}/checkout`,
      headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload: { costCentreId: centre.id, shipToAddressId: account.addresses[0]!.id },
    });
  const stock = async () => {
    const result = (await t.db.execute(
      sql`select on_hand, reserved from inventory_items where id = ${item.id}`,
    )) as unknown as { rows: { on_hand: number; reserved: number }[] };
    return result.rows[0]!;
  };
  return { portal, buyers, addToCart, checkout, stock };
}

describe('M2 — one cart becomes one order', () => {
  it('makes one order and reserves 3 units from 6 concurrent checkouts of one 3-unit cart', async () => {
    const shop = await shopWithBuyers({ buyers: 1 });
    const [buyer] = shop.buyers;
    await shop.addToCart(buyer!, 3);
    const answers = await Promise.all(
      [undefined, undefined, 'key-a', 'key-b', 'key-c', undefined].map((key) => shop.checkout(buyer!, key)),
    );
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 400, 400, 400, 400, 400]);
    expect(answers.find((r) => r.statusCode === 400)!.json().detail).toMatch(/cart is empty/i);
    expect(await shop.stock()).toMatchObject({ reserved: 3 });
  });
});

describe('M3 — a budget holds under concurrent checkouts', () => {
  it('approves only the 5 orders that fit a cost centre’s budget when 12 check out at once', async () => {
    const shop = await shopWithBuyers({ buyers: 12, unitPriceCents: 1000, budgetCents: 5000 });
    for (const buyer of shop.buyers) await shop.addToCart(buyer, 1);
    const answers = await Promise.all(shop.buyers.map((buyer) => shop.checkout(buyer)));
    const statuses = answers.map((r) => (r.json() as { status: string }).status);
    expect(statuses.filter((s) => s === 'approved')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'pending_approval')).toHaveLength(7);
  });
});

describe('M5 — a busy database answers 503, not 500', () => {
  it.skipIf(!process.env.DATABASE_URL)(
    'answers 503 with Retry-After when every pooled connection is taken',
    async () => {
      const small = await createTestApp(
        {},
        { database: await freshDatabase({ poolSize: 2, connectionTimeoutMillis: 300 }) },
      );
      const staff = await small.signIn('manager');
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      const holders = [0, 1].map(() => small.db.transaction(() => held));
      try {
        await new Promise((r) => setTimeout(r, 100));
        const res = await small.request({ method: 'GET', url: '/api/v1/accounts', headers: staff.headers });
        expect(res.statusCode).toBe(503);
        expect(res.headers['retry-after']).toBeDefined();
        expect(res.json().detail).toMatch(/busy/);
      } finally {
        release();
        await Promise.all(holders);
        await small.close();
      }
    },
  );
});

describe('M4 — a database error while a queue job finishes does not end the process', () => {
  it.skipIf(!process.env.DATABASE_URL)(
    'retries and reports the failed completion instead of an unhandled rejection',
    async () => {
      const database = await freshDatabase();
      let failOutcome = false;
      const outcome = /set\s+completed_on = now\(\)/i;
      const pool = {
        query: (text: string, values?: unknown[]) =>
          failOutcome && outcome.test(text)
            ? Promise.reject(new Error('Connection terminated unexpectedly'))
            : database.pool!.query(text, values),
      };
      const reported: unknown[] = [];
      const queue = new Queue({ ...database, pool } as unknown as Database, {
        supervise: false,
        pollingIntervalSeconds: 0.5,
        onError: (e) => reported.push(e),
      });
      queue.define('m4.finish', async () => {
        failOutcome = true;
      });
      try {
        await queue.work();
        await queue.send(database.db, 'm4.finish', {});
        for (let i = 0; i < 100 && !reported.length; i++) await new Promise((r) => setTimeout(r, 100));
        expect(String(reported[0])).toMatch(/Connection terminated/);
      } finally {
        failOutcome = false;
        await queue.stop();
        await database.close();
      }
    },
  );
});

describe('M7 — API tokens expire and cannot mint tokens', () => {
  it('gives a token made over the API a year, lets only admins choose never, and refuses a token minting one', async () => {
    const am = await t.signIn('account_manager');
    const made = await t.request({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: am.headers,
      payload: { name: 'sync' },
    });
    expect(made.statusCode).toBe(201);
    const days = (Date.parse(made.json().expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThan(366);
    const never = await t.request({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: am.headers,
      payload: { name: 'forever', expiresInDays: null },
    });
    expect(never.statusCode).toBe(400);
    const admin = await t.signIn('admin');
    const adminNever = await t.request({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: admin.headers,
      payload: { name: 'forever', expiresInDays: null },
    });
    expect(adminNever.json()).toMatchObject({ expiresAt: null });
    const minted = await t.request({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { authorization: `Bearer ${made.json().token}` },
      payload: { name: 'child', expiresInDays: 3650 },
    });
    expect(minted.statusCode).toBe(403);
  });
});

describe('Low — /metrics and /api/docs', () => {
  it('answers /metrics to this machine only (or a scraper with the metrics token), and serves the API reference under a CSP', async () => {
    expect((await t.request({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const outside = await t.request({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(outside.statusCode).toBe(403);
    const guarded = await createTestApp({ JOBJACKET_METRICS_TOKEN: 'a-long-metrics-token-1234' });
    try {
      const ask = (authorization?: string) =>
        guarded.request({
          method: 'GET',
          url: '/metrics',
          remoteAddress: '203.0.113.9',
          headers: authorization ? { authorization } : {},
        });
      expect((await ask()).statusCode).toBe(403);
      expect((await ask('Bearer a-long-metrics-token-1234')).statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
    const docs = await t.request({ method: 'GET', url: '/api/docs/static/index.html' });
    expect(docs.headers['content-security-policy']).toBeDefined();
  });
});

/** An account and a mailing list of it, made by an account manager over the API. */
async function mailingList(app: TestApp) {
  const am = await app.signIn('account_manager');
  const account = await buildAccount(app.db);
  const list = await app.request({
    method: 'POST',
    url: '/api/v1/mailing-lists',
    headers: am.headers,
    payload: { name: 'Limits', accountId: account.id },
  });
  const upload = (filename: string, body: Buffer, type = 'text/csv') =>
    app.request({
      method: 'POST',
      url: `/api/v1/mailing-lists/${list.json().id}/uploads?filename=${filename}`,
      headers: { ...am.headers, 'content-type': type },
      payload: body,
    });
  return { upload, am, listId: list.json().id as string };
}

describe('H1 — one upload cannot freeze the server', () => {
  it('refuses a 19 MB, 2,000,000-column CSV with a 4xx while /health keeps answering within a second', async () => {
    const { upload } = await mailingList(t);
    const header = Array.from({ length: 2_000_000 }, (_, i) => `col${i}`).join(',');
    // The data row as wide as the header, so the file is not refused for a ragged row before the mapping.
    const body = Buffer.from(`${header}\n1 Main St,78701${','.repeat(1_999_998)}\n`);
    expect(body.length).toBeGreaterThan(19_000_000);
    const waits: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const started = Date.now();
        const res = await t.request({ method: 'GET', url: '/health' });
        expect(res.statusCode).toBe(200);
        waits.push(Date.now() - started);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const res = await upload('wide.csv', body);
    polling = false;
    await poll;
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/longer than|columns/);
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThan(1000);
  });
});

describe('M8 — a mailing file with more than 50 columns gets a preview', () => {
  it('answers 201 with at most 50 custom fields guessed for a 60-column file', async () => {
    const { upload } = await mailingList(t);
    const extra = Array.from({ length: 56 }, (_, i) => `Extra ${i + 1}`);
    const csv = `Name,Address,City,State,ZIP,${extra.join(',')}\nAda,1 Main St,Austin,TX,78701,${extra.map(() => 'x').join(',')}\n`;
    const res = await upload('wide.csv', Buffer.from(csv));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mapping.custom).toHaveLength(50);
  });
});

describe('M1 — small workbooks cannot cost gigabytes', () => {
  const xlsx = async (fill: (sheet: ExcelJS.Worksheet) => void) => {
    const book = new ExcelJS.Workbook();
    fill(book.addWorksheet('List'));
    return Buffer.from(await book.xlsx.writeBuffer());
  };
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  it('refuses a workbook with a cell in column XFD, saying how many columns it has', async () => {
    const { upload } = await mailingList(t);
    const file = await xlsx((sheet) => {
      sheet.addRow(['Name', 'Address', 'ZIP']);
      sheet.addRow(['Ada', '1 Main St', '78701']);
      sheet.getCell('XFD2').value = 'far away';
    });
    const res = await upload('far.xlsx', file, XLSX);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/16,384 columns; at most 500/);
  });

  it('refuses a workbook that would unpack beyond the configured size', async () => {
    const small = await createTestApp({ JOBJACKET_IMPORT_MAX_INFLATED_MB: '10' });
    try {
      const { upload } = await mailingList(small);
      const file = await xlsx((sheet) => {
        sheet.addRow(['Name', 'Address', 'ZIP']);
        sheet.addRow(['x'.repeat(20_000_000), '1 Main St', '78701']);
      });
      expect(file.length).toBeLessThan(1_000_000);
      const res = await upload('bomb.xlsx', file, XLSX);
      expect(res.statusCode).toBe(413);
      expect(res.json().detail).toMatch(/unpack to more than 10 MB/);
    } finally {
      await small.close();
    }
  });
});

describe('Low — file names in any script download', () => {
  it('serves a job file named "Nguyễn → Zoë Øster.pdf" with its exact name and an ASCII fallback', async () => {
    const am = await t.signIn('account_manager');
    const job = await buildJob(t.db);
    const name = 'Nguyễn → Zoë Øster.pdf';
    const uploaded = await t.request({
      method: 'POST',
      url: `/api/v1/jobs/${job.id}/files`,
      headers: am.headers,
      payload: {
        kind: 'artwork',
        filename: name,
        contentType: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
      },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/jobs/${job.id}/files/${uploaded.json().id}/content`,
      headers: am.headers,
    });
    expect(res.statusCode).toBe(200);
    const header = String(res.headers['content-disposition']);
    expect(header).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(header).toMatch(/filename="[ -~]+"/);
  });
});

describe('Low — an approver limited to a cost centre reads only its orders', () => {
  it("answers 404 to an approver of Operations asking for a Marketing order by id, and shows their own centre's", async () => {
    const portal = await buildPortal(t.db);
    const account = await getAccount({ db: t.db, id: portal.account.id });
    const [marketing, operations] = account.costCentres;
    const item = await buildInventoryItem(t.db, portal.account.id, { onHand: 50, sku: `CC-${Date.now()}` });
    const product = await buildProduct(t.db, portal.id, {
      kind: 'stocked',
      inventoryItemId: item.id,
      sku: `CC-P-${Date.now()}`,
      productType: null,
    });
    const buyer = await buildPortalUser(t.db, portal.id, { email: `cc.buyer.${Date.now()}@client.example` });
    const approver = await buildPortalUser(t.db, portal.id, {
      email: `cc.approver.${Date.now()}@client.example`,
      role: 'approver',
      costCentreIds: [operations!.id],
    });
    const b = await portalSession(portal.slug, buyer.email);
    const a = await portalSession(portal.slug, approver.email);
    const base = `/api/v1/portal/${portal.slug}`;
    const order = async (centreId: string) => {
      await t.app.inject({
        method: 'POST',
        url: `${base}/cart/lines`,
        headers: b,
        payload: { productId: product.id, quantity: 1 },
      });
      const res = await t.app.inject({
        method: 'POST',
        url: `${base}/checkout`,
        headers: b,
        payload: { costCentreId: centreId, shipToAddressId: account.addresses[0]!.id },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const marketingOrder = await order(marketing!.id);
    const operationsOrder = await order(operations!.id);
    const read = (id: string) => t.app.inject({ method: 'GET', url: `${base}/orders/${id}`, headers: a });
    expect((await read(marketingOrder)).statusCode).toBe(404);
    expect((await read(operationsOrder)).statusCode).toBe(200);
  });
});

describe('M5 (second half) — a database blip does not fail a mailing import for good', () => {
  it('puts the run back in the queue with its upload on a transient error; an unexpected one is told without SQL or addresses', async () => {
    const { upload, am, listId } = await mailingList(t);
    const preview = await upload(
      'blip.csv',
      Buffer.from('Name,Address,City,State,ZIP\nAda Nguyễn,1 Main St,Austin,TX,78701\n'),
    );
    expect(preview.statusCode, preview.body).toBe(201);
    const runId = preview.json().run.id as string;
    const started = await t.request({
      method: 'POST',
      url: `/api/v1/mailing-lists/${listId}/uploads/${runId}/import`,
      headers: am.headers,
      payload: { mapping: preview.json().mapping },
    });
    expect(started.statusCode, started.body).toBe(202);
    const run = async () => {
      const result = (await t.db.execute(
        sql`select status, error, upload_path from mailing_runs where id = ${runId}`,
      )) as unknown as { rows: { status: string; error: string | null; upload_path: string }[] };
      return result.rows[0]!;
    };
    const failInserts = async (errcode: string) => {
      // One statement per call: PGlite's extended protocol takes one at a time.
      for (const text of [
        `create or replace function jj_test_fail() returns trigger language plpgsql as $$
          begin raise exception 'insert into mailing_records values (''Ada Nguyễn'', ''1 Main St'')' using errcode = '${errcode}'; end $$`,
        'drop trigger if exists jj_test_fail on mailing_records',
        'create trigger jj_test_fail before insert on mailing_records for each statement execute function jj_test_fail()',
      ])
        await t.db.execute(sql.raw(text));
    };
    try {
      await failInserts('40001');
      await expect(processRun(t.ctx, runId)).rejects.toThrow();
      const retried = await run();
      expect(retried.status).toBe('queued');
      expect(existsSync(path.join(t.ctx.config.filesDir, retried.upload_path))).toBe(true); // kept for the retry

      await failInserts('P0001');
      await processRun(t.ctx, runId);
      const failed = await run();
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/unexpected error.*\(reference [0-9a-f]{8}\)/);
      expect(failed.error).not.toMatch(/insert|Nguyễn|Main St/i);
    } finally {
      await t.db.execute(sql.raw('drop trigger if exists jj_test_fail on mailing_records'));
    }
  });
});
