import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildInventoryItem, buildPortal, buildPortalUser } from '../../factories';
import { convertWithLibreOffice } from '../../../../test/helpers/office';

const run = promisify(execFile);
let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  dir = await mkdtemp(path.join(tmpdir(), 'jj-portal-reports-'));
});
afterAll(() => t.close());

type PortalHeaders = { cookie: string; 'x-csrf-token': string };

/** A client with a portal, two stocked items (one of them low) and a signed-in user of `role`. */
async function client(tag: string, role: 'client_admin' | 'viewer' | 'buyer' = 'client_admin') {
  const account = await buildAccount(t.db, { name: `Export Client ${tag}` });
  const portal = await buildPortal(t.db, { accountId: account.id });
  await buildInventoryItem(t.db, account.id, { onHand: 100, sku: `AR-${tag}`, name: 'Annual report' });
  await buildInventoryItem(t.db, account.id, {
    onHand: 3,
    sku: `POS-${tag}`,
    name: `Poster ${tag}`,
    reorderPoint: 5,
  });
  const user = await buildPortalUser(t.db, portal.id, {
    role,
    email: `${role}.${tag.toLowerCase()}@client.example`,
  });
  const login = await t.request({
    method: 'POST',
    url: `/api/v1/portal/${portal.slug}/auth/login`,
    payload: { email: user.email, password: PASSWORD },
  });
  expect(login.statusCode, login.body).toBe(200);
  const headers: PortalHeaders = {
    cookie: `jj_portal=${login.cookies.find((c) => c.name === 'jj_portal')!.value}`,
    'x-csrf-token': login.json().csrfToken,
  };
  const download = (reportId: string, format: string, query = '') =>
    t.request({
      method: 'GET',
      url: `/api/v1/portal/${portal.slug}/reports/${reportId}/export.${format}${query}`,
      headers,
    });
  return { account, portal, headers, download };
}

describe('portal report downloads', () => {
  it('downloads a client report as XLSX, CSV, PDF and Word, each of which opens', async () => {
    const a = await client('PA');

    const xlsx = await a.download('client-inventory', 'xlsx');
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toMatch(/client-inventory-\d{4}-\d\d-\d\d\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Inventory on hand, usage and mo', 'Parameters']);
    const skus = wb.worksheets[0]!.getColumn(1).values.slice(2);
    expect(skus).toEqual(expect.arrayContaining(['AR-PA', 'POS-PA']));

    const csv = await a.download('client-low-stock', 'csv', '?bom=1');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const records = parse(csv.rawPayload, { bom: true }) as string[][];
    expect(records[0]![0]).toBe('SKU');
    expect(records.map((r) => r[0])).toContain('POS-PA');
    expect(records.map((r) => r[0])).not.toContain('AR-PA'); // not low

    const pdf = await a.download('client-inventory', 'pdf');
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfFile = path.join(dir, 'inventory.pdf');
    await writeFile(pdfFile, pdf.rawPayload);
    const { stdout } = await run('pdftotext', ['-layout', pdfFile, '-']);
    expect(stdout).toContain('Inventory on hand, usage and months remaining');
    expect(stdout).toContain('POS-PA');
    expect(stdout).toMatch(/Page 1 of 1/);

    const docx = await a.download('client-jobs-completed', 'docx', '?period=last_full_month');
    expect(docx.statusCode, docx.body).toBe(200);
    const docxFile = path.join(dir, 'jobs.docx');
    await writeFile(docxFile, docx.rawPayload);
    const text = await convertWithLibreOffice(docxFile, 'txt:Text');
    expect(text).toContain('Jobs completed, and whether on time');
    expect(text).toContain('Export Client PA');
  });

  it("gives a portal user of account A account A's rows even when the query names account B", async () => {
    const a = await client('XA');
    const b = await client('XB');
    for (const query of [
      `?accountId=${b.account.id}`,
      `?params=${encodeURIComponent(JSON.stringify({ accountId: b.account.id }))}`,
    ]) {
      const res = await a.download('client-inventory', 'csv', query);
      expect(res.statusCode, res.body).toBe(200);
      const text = res.rawPayload.toString('utf8');
      expect(text).toContain('AR-XA');
      expect(text).not.toContain('XB');
    }
    // B's data is B's: the same download through B's portal.
    const own = await b.download('client-inventory', 'csv');
    expect(own.rawPayload.toString('utf8')).toContain('AR-XB');
    // Another client's portal is not reachable with A's session.
    const other = await t.request({
      method: 'GET',
      url: `/api/v1/portal/${b.portal.slug}/reports/client-inventory/export.csv`,
      headers: a.headers,
    });
    expect(other.statusCode).toBeGreaterThanOrEqual(400);
    expect(other.rawPayload.toString('utf8')).not.toContain('AR-XB');
  });

  it('refuses buyers, staff-only reports and bad parameters before any file is sent', async () => {
    const buyer = await client('PB', 'buyer');
    expect((await buyer.download('client-inventory', 'xlsx')).statusCode).toBe(403);
    const admin = await client('PC');
    expect((await admin.download('book-of-business', 'xlsx')).statusCode).toBe(404);
    expect((await admin.download('no-such-report', 'pdf')).statusCode).toBe(404);
    const bad = await admin.download('client-orders', 'pdf', '?period=someday');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('problem+json');
    expect((await admin.download('client-orders', 'exe')).statusCode).toBe(400);
  });
});
