import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { createTestApp, freshDatabase, type Session, type TestApp } from './helpers/app';
import { startS3 } from './helpers/s3';
import { waitFor } from './helpers/smtp';
import { buildAccount, buildContact } from '../src/server/factories';
import { ConfigError, loadConfig } from '../src/server/platform/config';
import {
  configuredFileStore,
  copyStoreToFolder,
  localFileStore,
  openFileStore,
} from '../src/server/platform/files';
import { filesBackupAdvice } from '../src/server/backup';
import { removeExpiredExports } from '../src/server/modules/reports/exports';
import { reportExports } from '../src/server/modules/reports/tables';
import { eq } from 'drizzle-orm';
import { addDays } from '../src/server/platform/calendar/working-days';
import { todayIn } from '../src/server/platform/clock';
import type { Database } from '../src/server/platform/db';
import type { Job } from '../src/shared/jobs';

const BUCKET = 'jobjacket-files';
let s3: Awaited<ReturnType<typeof startS3>>;
let database: Database;
let nodeA: TestApp;
let nodeB: TestApp;
let am: Session;
let raw: S3Client;

beforeAll(async () => {
  s3 = await startS3([BUCKET, 'another-shop']);
  database = await freshDatabase();
  // Two app instances on one database and one bucket, as two web nodes behind a proxy; only B closes the database.
  nodeA = await createTestApp(s3.env(BUCKET), { database: { ...database, close: async () => {} } });
  nodeB = await createTestApp(s3.env(BUCKET), { database });
  await nodeA.ctx.queue.work(); // node A is also the worker that writes report files
  am = await nodeA.signIn('account_manager');
  raw = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}, 60_000);
afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
  raw?.destroy();
  await s3?.stop();
});

const call = (t: TestApp, method: 'GET' | 'POST', url: string, who: Session | null, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who?.headers ?? {}, payload });

/** The object's bytes as S3 itself holds them (not through Jobjacket). */
async function objectBytes(key: string) {
  const object = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

async function newJob(t: TestApp) {
  const account = await buildAccount(t.db, {
    name: `Nguyễn → Zoë Øster ${Math.random().toString(36).slice(2, 8)}`,
    ownerId: am.userId,
  });
  const contact = await buildContact(t.db, { accountId: account.id, emails: ['zoe@client.example'] });
  const res = await call(t, 'POST', '/jobs', am, {
    accountId: account.id,
    contactId: contact.id,
    title: 'Gala invitations',
    ownerId: am.userId,
    dueDate: addDays(todayIn('UTC'), 30),
    items: [{ productType: 'postcard', quantity: 500, description: 'Invitation', proof: 'pdf' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Job;
}

describe('files on S3-compatible storage (a real s3rver)', () => {
  it('stores artwork and proofs in the bucket; the other node reads them; a proof link serves them', async () => {
    const job = await newJob(nodeA);
    const pdf = Buffer.from('%PDF-1.4\n% proof of the gala invitation, Zoë\n%%EOF\n');
    const up = await call(nodeA, 'POST', `/jobs/${job.id}/files`, am, {
      itemId: job.items[0]!.id,
      kind: 'proof',
      filename: 'invitation-proof.pdf',
      contentType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const fileId = (up.json() as { id: string }).id;
    const { rows } = await database.raw.query<{ storage_key: string }>(
      'select storage_key from job_files where id = $1',
      [fileId],
    );
    const key = rows[0]!.storage_key;
    expect(key).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/); // the same key shape as the local folder
    expect(await objectBytes(key)).toEqual(pdf);

    // Node B never saw the upload, yet serves the file from the shared bucket.
    const onB = await call(nodeB, 'GET', `/jobs/${job.id}/files/${fileId}/content`, am);
    expect(onB.statusCode, onB.body).toBe(200);
    expect(onB.rawPayload).toEqual(pdf);

    // The proof link in the client's e-mail, opened on node B.
    const sent = await call(nodeA, 'POST', `/jobs/${job.id}/proofs`, am, {
      itemId: job.items[0]!.id,
      fileId,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { rows: mail } = await database.raw.query<{ text: string }>(
      `select text from mail_messages where text like $1 order by created_at desc limit 1`,
      [`%${job.number}%`],
    );
    const token = /\/proof\/(jjp_[A-Za-z0-9_-]+)/.exec(mail[0]!.text)![1]!;
    const link = await call(nodeB, 'GET', `/proof-links/${token}/file`, null);
    expect(link.statusCode, link.body).toBe(200);
    expect(link.rawPayload).toEqual(pdf);
  });

  it(
    'imports a mailing list uploaded to one node on the worker of the other, through the bucket',
    { timeout: 60_000 },
    async () => {
      const account = await buildAccount(nodeB.db, {
        name: 'Nguyễn → Zoë Øster Mailers',
        ownerId: am.userId,
      });
      const list = await call(nodeB, 'POST', '/mailing-lists', am, { name: 'Spring', accountId: account.id });
      expect(list.statusCode, list.body).toBe(201);
      const listId = (list.json() as { id: string }).id;
      // Row 3 is malformed (a missing cell): left out, and kept for download.
      const csv =
        'Name,Address,City,State,ZIP\r\nZoë Øster,1 Main St,Austin,TX,78701\r\nEd Fox,6 Main St,Austin,TX\r\n';
      const up = await nodeB.request({
        method: 'POST',
        url: `/api/v1/mailing-lists/${listId}/uploads?filename=spring.csv`,
        headers: { ...am.headers, 'content-type': 'text/csv' },
        payload: Buffer.from(csv),
      });
      expect(up.statusCode, up.body).toBe(201);
      const preview = up.json() as { run: { id: string }; mapping: unknown };
      const key = `mailing-uploads/${preview.run.id}`;
      // The upload waits in the bucket, not on node B's disk.
      expect((await objectBytes(key)).toString()).toBe(csv);
      expect(existsSync(path.join(nodeB.ctx.config.filesDir, 'mailing-uploads'))).toBe(false);

      const started = await call(
        nodeB,
        'POST',
        `/mailing-lists/${listId}/uploads/${preview.run.id}/import`,
        am,
        {
          mapping: preview.mapping,
          badRows: 'skip',
        },
      );
      expect(started.statusCode, started.body).toBe(202);
      // Node A's worker imports it (node B works no queue).
      const run = await waitFor(
        async () => {
          const r = await call(nodeB, 'GET', `/mailing-lists/${listId}/runs/${preview.run.id}`, am);
          const body = r.json() as { status: string };
          return body.status === 'done' || body.status === 'failed' ? body : undefined;
        },
        'the import on node A',
        300,
      );
      expect(run).toMatchObject({ status: 'done', rejectedRows: 1 });
      expect((await call(nodeB, 'GET', `/mailing-lists/${listId}`, am)).json()).toMatchObject({ records: 1 });
      await expect(objectBytes(key)).rejects.toThrow(); // removed once imported

      const rejects = await call(
        nodeB,
        'GET',
        `/mailing-lists/${listId}/runs/${preview.run.id}/rejects.csv`,
        am,
      );
      expect(rejects.statusCode, rejects.body).toBe(200);
      expect(rejects.body).toContain('Ed Fox');
      expect(rejects.body).toContain('Row 3 has 4 cells');
      expect((await objectBytes(`mailing-rejects/${preview.run.id}.csv`)).toString()).toContain('Ed Fox');
    },
  );

  it(
    'writes a background report export to the bucket and downloads it from either node',
    { timeout: 60_000 },
    async () => {
      const admin = await nodeA.signIn('manager');
      await buildAccount(nodeA.db, { name: 'Zoë Øster Print Buyers', ownerId: admin.userId });
      const started = await call(nodeA, 'POST', '/report-exports', admin, {
        reportId: 'book-of-business',
        format: 'xlsx',
        parameters: { ownerId: admin.userId },
      });
      expect(started.statusCode, started.body).toBe(202);
      const id = (started.json() as { id: string }).id;
      let done: { status: string; downloadUrl: string | null; error: string | null } | undefined;
      for (let i = 0; i < 100 && !['done', 'failed'].includes(done?.status ?? ''); i++) {
        await new Promise((r) => setTimeout(r, 150));
        done = (await call(nodeB, 'GET', `/report-exports/${id}`, admin)).json();
      }
      expect(done, JSON.stringify(done)).toMatchObject({ status: 'done' });
      const { rows } = await database.raw.query<{ storage_key: string }>(
        'select storage_key from report_exports where id = $1',
        [id],
      );
      const inBucket = await objectBytes(`report-exports/${rows[0]!.storage_key}`);
      for (const t of [nodeA, nodeB]) {
        const file = await call(t, 'GET', `/report-exports/${id}/file`, admin);
        expect(file.statusCode, file.body).toBe(200);
        expect(file.rawPayload).toEqual(inBucket);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
        const names = wb.worksheets[0]!.getColumn(1).values.map(String);
        expect(names).toContain('Zoë Øster Print Buyers');
      }
    },
  );

  it('answers a missing object as 404 and a missing bucket as 503, never 500', async () => {
    const job = await newJob(nodeA);
    const up = await call(nodeA, 'POST', `/jobs/${job.id}/files`, am, {
      kind: 'artwork',
      filename: 'art.pdf',
      contentType: 'application/pdf',
      contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const fileId = (up.json() as { id: string }).id;
    const { rows } = await database.raw.query<{ storage_key: string }>(
      'select storage_key from job_files where id = $1',
      [fileId],
    );
    await nodeA.ctx.files.remove(rows[0]!.storage_key); // gone from the bucket behind the app's back
    const gone = await call(nodeB, 'GET', `/jobs/${job.id}/files/${fileId}/content`, am);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ detail: 'The file was not found' });

    const wrongBucket = configuredFileStore(loadConfig(s3.env('no-such-bucket')));
    await expect(wrongBucket.get(rows[0]!.storage_key)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      detail: "The file store's bucket no-such-bucket does not exist",
    });
    await expect(wrongBucket.put(Buffer.from('x'))).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    // An expired report file is removed by the schedule tick; while the store is down its row keeps the key.
    const key = '6f1c2b1e-0000-4000-8000-0000000000e1.csv';
    await nodeA.ctx.files.write(`report-exports/${key}`, async (out) => void out.end('old,file\r\n'));
    const [row] = await nodeA.db
      .insert(reportExports)
      .values({
        reportId: 'book-of-business',
        format: 'csv',
        parameters: {},
        status: 'done',
        storageKey: key,
        expiresAt: new Date(Date.now() - 1000),
      })
      .returning();
    await removeExpiredExports({ ...nodeA.ctx, files: wrongBucket });
    const keyOf = async () =>
      (await nodeA.db.select().from(reportExports).where(eq(reportExports.id, row!.id)))[0]!.storageKey;
    expect(await keyOf()).toBe(key);
    await removeExpiredExports(nodeA.ctx);
    expect(await keyOf()).toBeNull();
    await expect(nodeA.ctx.files.get(`report-exports/${key}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps shops on separate buckets apart', async () => {
    const mine = configuredFileStore(loadConfig(s3.env(BUCKET)));
    const theirs = configuredFileStore(loadConfig(s3.env('another-shop')));
    const stored = await mine.put(Buffer.from('only in my bucket'));
    await expect(theirs.get(stored.key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await mine.get(stored.key)).toString()).toBe('only in my bucket');
    await expect(mine.get('../etc/passwd')).rejects.toThrow('Bad file key');
  });
});

describe('backing up the files', () => {
  const jobjacket = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(process.execPath, [path.resolve('bin/jobjacket.mjs'), ...args], {
      env: { ...process.env, DATABASE_URL: '', ...env },
    });

  it('copies the bucket into a folder and back into another bucket or a local folder, byte for byte', async () => {
    const store = configuredFileStore(loadConfig(s3.env(BUCKET)));
    const kept = await store.put(Buffer.from('artwork of Nguyễn → Zoë Øster'));
    await store.write('report-exports/6f1c2b1e-0000-4000-8000-000000000001.csv', async (out) => {
      out.end('a,b\r\n1,2\r\n');
    });
    const keys: string[] = [];
    for await (const key of store.list()) keys.push(key);
    expect(keys).toEqual(
      expect.arrayContaining([kept.key, 'report-exports/6f1c2b1e-0000-4000-8000-000000000001.csv']),
    );

    const dir = mkdtempSync(path.join(tmpdir(), 'jj-files-backup-'));
    const backup = await jobjacket(['backup-files', dir], s3.env(BUCKET));
    expect(backup.stdout).toMatch(
      new RegExp(`Copied ${keys.length} files \\(\\d+ bytes\\) from s3://${BUCKET}`),
    );
    expect(readFileSync(path.join(dir, kept.key), 'utf8')).toBe('artwork of Nguyễn → Zoë Øster');

    // Into another shop's bucket by the command, and into a local folder: the same keys, the same bytes.
    const restored = await jobjacket(['restore-files', dir], s3.env('another-shop'));
    expect(restored.stdout).toContain(`Restored ${keys.length} files`);
    const other = configuredFileStore(loadConfig(s3.env('another-shop')));
    expect((await other.get(kept.key)).toString()).toBe('artwork of Nguyễn → Zoë Øster');
    const local = localFileStore(mkdtempSync(path.join(tmpdir(), 'jj-files-local-')));
    const again = await copyStoreToFolder(other, mkdtempSync(path.join(tmpdir(), 'jj-files-again-')));
    expect(again.files).toBe(keys.length);
    await jobjacket(['restore-files', dir], { JOBJACKET_FILES_DIR: local.location });
    expect((await local.get(kept.key)).toString()).toBe('artwork of Nguyễn → Zoë Øster');
  }, 60_000);

  it('says where the files are and the exact command, since the database backup does not hold them', () => {
    const onS3 = filesBackupAdvice(loadConfig(s3.env(BUCKET))).join('\n');
    expect(onS3).toContain(`s3://${BUCKET} at ${s3.endpoint}`);
    expect(onS3).toContain(`aws s3 sync s3://${BUCKET} DIR --endpoint-url ${s3.endpoint}`);
    expect(onS3).toContain('npx jobjacket backup-files DIR');
    const local = filesBackupAdvice(loadConfig({ JOBJACKET_FILES_DIR: '/srv/shop/files' })).join('\n');
    expect(local).toContain('in the folder /srv/shop/files');
    expect(local).toContain('tar -czf files.tgz -C /srv/shop/files .');
  });
});

describe('S3 configuration is checked at start', () => {
  it('names a missing bucket setting, a bucket that does not exist and an endpoint that does not answer', async () => {
    expect(() => loadConfig({ JOBJACKET_FILES: 's3' })).toThrow(
      /S3_BUCKET: required when JOBJACKET_FILES=s3/,
    );
    expect(() => loadConfig({ ...s3.env(BUCKET), S3_SECRET_ACCESS_KEY: '' })).toThrow(
      /give both, or neither/,
    );
    expect(() => loadConfig({ ...s3.env('Bad_Bucket') })).toThrow(/S3_BUCKET: must be an S3 bucket name/);
    await expect(openFileStore(loadConfig(s3.env('no-such-bucket')))).rejects.toThrow(
      new ConfigError(
        `S3_BUCKET: the bucket no-such-bucket does not exist at s3://no-such-bucket at ${s3.endpoint}`,
      ),
    );
    const down = openFileStore(loadConfig({ ...s3.env(BUCKET), S3_ENDPOINT: 'http://127.0.0.1:9' }));
    await expect(down).rejects.toBeInstanceOf(ConfigError);
    await expect(down).rejects.toThrow(/S3_ENDPOINT: cannot reach http:\/\/127.0.0.1:9/);
    await expect(openFileStore(loadConfig(s3.env(BUCKET)))).resolves.toBeDefined();
  }, 30_000);
});
