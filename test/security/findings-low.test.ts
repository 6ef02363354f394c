import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, freshDatabase, PASSWORD, type TestApp } from '../helpers/app';
import { smtpPeer } from '../helpers/smtp';
import { buildAccount, buildUser } from '../../src/server/factories';
import { backupDatabase, restoreDatabase } from '../../src/server/backup';
import { expireUnimportedUploads } from '../../src/server/modules/mailing';
import { smtpListenerPort } from '../../src/server/modules/inbox/wire';
import { processExport } from '../../src/server/modules/reports/exports';

// The low findings of the outside test (issue 16) and the limits it asked to be configurable, each named
// after its finding. The app runs with lowered limits, so each limit is shown to come from the configuration.
const TOKEN = 'inbound-token-0123456789';
const LIMITS = {
  JOBJACKET_INBOUND_TOKEN: TOKEN,
  JOBJACKET_SMTP_LISTEN_PORT: '0',
  JOBJACKET_MAIL_MAX_PARTS: '50',
  JOBJACKET_SIGNIN_MAX_FAILURES: '3',
  JOBJACKET_IMPORT_MAX_MB: '1',
  JOBJACKET_IMPORT_MAX_ROW_CHARS: '5000',
};
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(LIMITS);
});
afterAll(async () => {
  await t.close();
});

/** A multipart message with `parts` attachments, as a provider or an attacker would send it. */
function manyParts(parts: number, id: string) {
  const body = Array.from(
    { length: parts },
    (_, i) =>
      `--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="p${i}.txt"\r\n\r\npart ${i}\r\n`,
  ).join('');
  return Buffer.from(
    `From: a@client.example\r\nTo: orders@shop.example\r\nSubject: Many parts\r\nMessage-ID: <${id}@client.example>\r\n` +
      `Content-Type: multipart/mixed; boundary="b"\r\n\r\n${body}--b--\r\n`,
  );
}

const stored = async (subject: string) => {
  const { rows } = await t.ctx.database.raw.query<{ n: number }>(
    `select count(*)::int as n from inbox_messages m join conversations c on c.id = m.conversation_id where c.subject = $1`,
    [subject],
  );
  return rows[0]!.n;
};

describe('Low — inbound e-mail with thousands of MIME parts', () => {
  it('answers 413 over HTTP for 2,000 parts, naming the limit, and stores nothing; 40 parts are taken', async () => {
    const post = (raw: Buffer) =>
      t.request({
        method: 'POST',
        url: '/api/v1/inbound/email',
        headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${TOKEN}` },
        payload: raw,
      });
    const res = await post(manyParts(2000, 'many-http'));
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().detail).toContain('JOBJACKET_MAIL_MAX_PARTS');
    expect(await stored('Many parts')).toBe(0);
    const fine = await post(manyParts(40, 'some-http'));
    expect(fine.statusCode, fine.body).toBe(202);
    expect(await stored('Many parts')).toBe(1);
  });

  it('refuses such a message for good over SMTP (552), so the sender does not retry', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpListenerPort(t.ctx)!,
      secure: false,
      ignoreTLS: true,
    });
    const sent = transport.sendMail({
      envelope: { from: 'a@client.example', to: ['orders@shop.example'] },
      raw: manyParts(2000, 'many-smtp'),
    });
    await expect(sent).rejects.toMatchObject({ responseCode: 552 });
  });
});

describe('Low — URL fields accept only web addresses', () => {
  it('refuses javascript:, data: and file: as a portal logo or product image, saying what is allowed', async () => {
    const am = await t.signIn('account_manager');
    const account = await buildAccount(t.db);
    const create = (logoUrl: string) =>
      t.request({
        method: 'POST',
        url: '/api/v1/portals',
        headers: am.headers,
        payload: { accountId: account.id, slug: `urls-${Date.now()}`, name: 'Nguyễn → Zoë Øster', logoUrl },
      });
    for (const bad of ['javascript:alert(1)', 'data:image/svg+xml;base64,PHN2Zz4=', 'file:///etc/passwd']) {
      const res = await create(bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('http:// or https://');
    }
    const ok = await create('https://cdn.client.example/logo.png');
    expect(ok.statusCode, ok.body).toBe(201);
    const product = await t.request({
      method: 'POST',
      url: `/api/v1/portals/${ok.json().id}/products`,
      headers: am.headers,
      payload: { sku: 'U-1', name: 'Card', kind: 'print_on_demand', imageUrl: 'javascript:alert(1)' },
    });
    expect(product.statusCode, product.body).toBe(400);
  });
});

describe('Limits are configuration', () => {
  it('locks an account after JOBJACKET_SIGNIN_MAX_FAILURES wrong passwords (3 here, not 5)', async () => {
    const user = await buildUser(t.db, {
      role: 'account_manager',
      email: `limits.${Date.now()}@shop.example`,
    });
    const login = (password: string) =>
      t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password } });
    for (let i = 0; i < 3; i++) expect((await login('wrong-password-1')).statusCode).toBe(401);
    expect((await login(PASSWORD)).statusCode).toBe(401);
  });

  it('refuses a list file over JOBJACKET_IMPORT_MAX_MB and a row over JOBJACKET_IMPORT_MAX_ROW_CHARS, naming them', async () => {
    const am = await t.signIn('account_manager');
    const account = await buildAccount(t.db);
    const list = await t.request({
      method: 'POST',
      url: '/api/v1/mailing-lists',
      headers: am.headers,
      payload: { name: 'Limits', accountId: account.id },
    });
    const upload = (body: string) =>
      t.request({
        method: 'POST',
        url: `/api/v1/mailing-lists/${list.json().id}/uploads?filename=list.csv`,
        headers: { ...am.headers, 'content-type': 'text/csv' },
        payload: Buffer.from(body),
      });
    const rows =
      'name,address,city,state,zip\n' + 'Zoë Øster,1 Main St,Springfield,IL,62701\n'.repeat(30_000);
    const big = await upload(rows);
    expect(big.statusCode, big.body.slice(0, 300)).toBe(413);
    expect(big.json().detail).toContain('JOBJACKET_IMPORT_MAX_MB');
    const long = await upload(`name,address\n${'x'.repeat(6000)},1 Main St\n`);
    expect(long.statusCode, long.body.slice(0, 300)).toBe(400);
    expect(long.json().detail).toContain('5,000 characters');
  });
});

describe('Low — uploads never imported are removed', () => {
  it('removes the file of an upload left unimported past JOBJACKET_UPLOAD_KEEP_HOURS and tells the user', async () => {
    const am = await t.signIn('account_manager');
    const account = await buildAccount(t.db);
    const list = await t.request({
      method: 'POST',
      url: '/api/v1/mailing-lists',
      headers: am.headers,
      payload: { name: 'Left behind', accountId: account.id },
    });
    const listId = list.json().id as string;
    const up = await t.request({
      method: 'POST',
      url: `/api/v1/mailing-lists/${listId}/uploads?filename=list.csv`,
      headers: { ...am.headers, 'content-type': 'text/csv' },
      payload: Buffer.from('name,address,city,state,zip\nZoë Øster,1 Main St,Springfield,IL,62701\n'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const runId = up.json().run.id as string;
    const { rows } = await t.ctx.database.raw.query<{ upload_path: string }>(
      'select upload_path from mailing_runs where id = $1',
      [runId],
    );
    // The upload waits in the file store (here the local folder) under its run's key.
    expect(rows[0]!.upload_path).toBe(`mailing-uploads/${runId}`);
    const file = path.join(t.ctx.config.filesDir, rows[0]!.upload_path);
    expect(existsSync(file)).toBe(true);

    const files = t.ctx.files;
    expect(await expireUnimportedUploads(t.db, { files, now: new Date(), keepHours: 24 })).toBe(0);
    expect(existsSync(file)).toBe(true);
    const later = new Date(Date.now() + 25 * 3_600_000);
    expect(await expireUnimportedUploads(t.db, { files, now: later, keepHours: 24 })).toBeGreaterThanOrEqual(
      1,
    );
    expect(existsSync(file)).toBe(false);
    const run = await t.request({
      method: 'GET',
      url: `/api/v1/mailing-lists/${listId}/runs/${runId}`,
      headers: am.headers,
    });
    expect(run.json()).toMatchObject({ status: 'failed' });
    expect(run.json().error).toContain('not imported within 24 hours');
  });
});

describe('Low — a restore keeps queued e-mail and ends interrupted work', () => {
  let peer: Awaited<ReturnType<typeof smtpPeer>>;
  beforeAll(async () => {
    peer = await smtpPeer();
  });
  afterAll(async () => {
    await peer.close();
  });

  it('sends the e-mail that waited in the queue once the restored shop has SMTP, and fails the import that was running', async () => {
    const admin = await t.signIn('admin');
    const email = `restored.${Date.now()}@shop.example`;
    const invite = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email, name: 'Nguyễn → Zoë Øster', role: 'account_manager' },
    });
    expect(invite.statusCode, invite.body).toBe(201);
    const am = await t.signIn('account_manager');
    const account = await buildAccount(t.db);
    const list = await t.request({
      method: 'POST',
      url: '/api/v1/mailing-lists',
      headers: am.headers,
      payload: { name: 'Mid-import', accountId: account.id },
    });
    const up = await t.request({
      method: 'POST',
      url: `/api/v1/mailing-lists/${list.json().id}/uploads?filename=list.csv`,
      headers: { ...am.headers, 'content-type': 'text/csv' },
      payload: Buffer.from('name,address,city,state,zip\nZoë Øster,1 Main St,Springfield,IL,62701\n'),
    });
    // The moment of the backup: the invitation waits for the queue's worker and the import runs.
    await t.db.execute(sql`update mail_messages set status = 'queued' where "to" like ${'%' + email + '%'}`);
    await t.db.execute(sql`update mailing_runs set status = 'running' where id = ${up.json().run.id}`);

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jj-restore-')), 'shop.backup.gz');
    await backupDatabase(t.ctx.database, file);
    const target = await freshDatabase();
    await restoreDatabase(target, file);
    const restored = await createTestApp({ ...LIMITS, SMTP_URL: peer.url }, { database: target });
    try {
      await restored.ctx.queue.work();
      expect((await peer.message(email, 'invited')).subject).toContain('invited');
      const run = await restored.request({
        method: 'GET',
        url: `/api/v1/mailing-lists/${list.json().id}/runs/${up.json().run.id}`,
        headers: (await restored.signIn('account_manager')).headers,
      });
      expect(run.json()).toMatchObject({ status: 'failed' });
      expect(run.json().error).toContain('restored from a backup');
    } finally {
      await restored.close();
    }
  });
});

describe('M5 (report files) — a database blip does not fail a report file for good', () => {
  it('puts the export back in the queue on a transient error and retries it; an unexpected one is told by reference', async () => {
    const am = await t.signIn('account_manager');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/report-exports',
      headers: am.headers,
      payload: { reportId: 'wip-by-department', format: 'csv' },
    });
    expect(created.statusCode, created.body).toBe(202);
    const id = created.json().id as string;
    const row = async () =>
      (
        (await t.db.execute(sql`select status, error from report_exports where id = ${id}`)) as unknown as {
          rows: { status: string; error: string | null }[];
        }
      ).rows[0]!;
    const failOnDone = async (errcode: string) => {
      // One statement per call: PGlite's extended protocol takes one at a time.
      for (const text of [
        `create or replace function jj_test_fail() returns trigger language plpgsql as $$
          begin if new.status = 'done' then
            raise exception 'update report_exports set storage_key = ''Nguyễn''' using errcode = '${errcode}';
          end if; return new; end $$`,
        'drop trigger if exists jj_test_fail on report_exports',
        'create trigger jj_test_fail before update on report_exports for each row execute function jj_test_fail()',
      ])
        await t.db.execute(sql.raw(text));
    };
    try {
      await failOnDone('40001');
      await expect(processExport(t.ctx, id)).rejects.toThrow();
      expect((await row()).status).toBe('queued');
      await failOnDone('P0001');
      await processExport(t.ctx, id);
      const failed = await row();
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/unexpected error \(reference [0-9a-f]{8}\)/);
      expect(failed.error).not.toMatch(/update|Nguyễn/);
    } finally {
      await t.db.execute(sql.raw('drop trigger if exists jj_test_fail on report_exports'));
    }
  });
});
