import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { waitFor } from '../../../../test/helpers/smtp';
import { buildAccount, buildJob, buildUser } from '../../factories';
import { todayIn } from '../../platform/clock';
import { accounts } from '../../schema';
import { addDays } from '../../platform/calendar/working-days';
import { convertWithLibreOffice } from '../../../../test/helpers/office';

const run = promisify(execFile);
let t: TestApp;
let manager: Session;
let dir: string;
const INJECTION = '=HYPERLINK("http://x","y")';
let am: Awaited<ReturnType<typeof buildUser>>;
let clientId: string;
const today = () => todayIn('UTC');

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  await t.ctx.queue.work();
  manager = await t.signIn('manager');
  dir = await mkdtemp(path.join(tmpdir(), 'jj-reports-'));
  am = await buildUser(t.db, { role: 'account_manager', name: 'Robin Export' });
  const evil = await buildAccount(t.db, { name: INJECTION, ownerId: am.id });
  await buildAccount(t.db, { name: '-5 Minus Street Press', ownerId: am.id });
  await buildJob(t.db, { accountId: evil.id, estimatedPriceCents: 123_456 });
  // A job completed eleven days early: a negative number that must stay a number.
  const client = await buildAccount(t.db, { name: 'Harbor School District', ownerId: am.id });
  clientId = client.id;
  const job = await buildJob(t.db, { accountId: client.id, dueDate: addDays(today(), 11) });
  for (const status of ['in_production', 'completed']) {
    await t.request({
      method: 'PATCH',
      url: `/api/v1/jobs/${job.id}`,
      headers: manager.headers,
      payload: { status },
    });
  }
});
afterAll(() => t.close());

const download = (url: string, who = manager) =>
  t.request({ method: 'GET', url: `/api/v1${url}`, headers: who.headers });
const q = (params: object) => `params=${encodeURIComponent(JSON.stringify(params))}`;

describe('XLSX', () => {
  it('has typed cells, a frozen filtered header, the formula as inert text, and a parameters sheet', async () => {
    const res = await download(`/reports/book-of-business/export.xlsx?${q({ ownerId: am.id })}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/book-of-business-\d{4}-\d\d-\d\d\.xlsx/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getRow(1).getCell(1).value).toBe('Account');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(1 + 3 + 1); // header, three accounts, totals
    const byName = new Map(
      [2, 3, 4].map((n) => [String(sheet.getRow(n).getCell(1).value), sheet.getRow(n)] as const),
    );
    const evil = byName.get(`'${INJECTION}`)!;
    expect(evil, [...byName.keys()].join(' | ')).toBeDefined();
    expect(evil.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(evil.getCell(1).formula).toBeUndefined();
    expect(byName.has("'-5 Minus Street Press")).toBe(true);
    const openJobs = evil.getCell(5);
    expect(openJobs.type).toBe(ExcelJS.ValueType.Number);
    expect(openJobs.value).toBe(1);
    const value = evil.getCell(8);
    expect(value.value).toBe(1234.56);
    expect(value.numFmt).toContain('$');
    expect(evil.getCell(14).type).toBe(ExcelJS.ValueType.Date); // last activity
    const totals = sheet.getRow(5);
    expect(totals.getCell(1).value).toBe('Total');
    expect(totals.getCell(8).value).toBe(1234.56);
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(INJECTION.length);

    const about = wb.getWorksheet('Parameters')!;
    const facts = Object.fromEntries(
      (about.getSheetValues().filter(Boolean) as unknown[][]).map((r) => [r[1], r[2]]),
    );
    expect(facts['Report']).toBe("Account manager's book of business");
    expect(facts['Account manager']).toBe('Robin Export');
    expect(facts['Generated']).toBeInstanceOf(Date);

    // LibreOffice reads the same file: the formula is text, the numbers are numbers.
    const file = path.join(dir, 'book.xlsx');
    await writeFile(file, res.rawPayload);
    const csv = await convertWithLibreOffice(file, 'csv');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toMatch(/Total,+1,0,0,\$?1,?234\.56/);
  });

  it('keeps negative numbers as numbers and dates as dates', async () => {
    const res = await download(
      `/reports/client-jobs-completed/export.xlsx?accountId=${clientId}&period=last_7_days`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(2);
    const header = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    const cell = (label: string) => row.getCell(header.indexOf(label) + 1);
    expect(cell('Days early (−) / late (+)').value).toBe(-11);
    expect(cell('Due').type).toBe(ExcelJS.ValueType.Date);
    expect((cell('Due').value as Date).toISOString().slice(0, 10)).toBe(addDays(today(), 11));
    expect(cell('On time').value).toBe('Yes');
    expect(header).not.toContain('On time (count)');
  });
});

describe('client pack', () => {
  it('downloads one workbook with a sheet per client report', async () => {
    const res = await download(
      `/report-packs/client-pack/export.xlsx?accountId=${clientId}&period=last_7_days`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Portal orders by cost centre, u',
      'Spend against budget by cost ce',
      'Inventory on hand, usage and mo',
      'Low stock',
      'Jobs completed, and whether on ',
      'Shipments with tracking',
      'Parameters',
    ]);
    expect(wb.getWorksheet('Jobs completed, and whether on ')!.getRow(2).getCell(1).value).toMatch(/^J-/);
    const facts = (wb.getWorksheet('Parameters')!.getSheetValues().filter(Boolean) as unknown[][]).map(
      (r) => r[2],
    );
    expect(facts).toEqual(
      expect.arrayContaining([
        'Portal orders by cost centre, user and product',
        'Spend against budget by cost centre',
        'Inventory on hand, usage and months remaining',
        'Low stock',
        'Jobs completed, and whether on time',
        'Shipments with tracking',
      ]),
    );
    // Every member covers the pack's period (shipments would default to 30 days on their own).
    const periods = facts.filter((v) => typeof v === 'string' && v.startsWith('Last 7 days'));
    expect(periods).toHaveLength(3); // orders, jobs completed, shipments; stock has no period
    const missing = await download('/report-packs/client-pack/export.xlsx?period=last_7_days');
    expect(missing.statusCode).toBe(400);
  });
});

describe('CSV', () => {
  it('neutralises formulas, keeps numbers plain, and adds the BOM when asked', async () => {
    const res = await download(`/reports/book-of-business/export.csv?${q({ ownerId: am.id })}&bom=1`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records = parse(res.rawPayload, { bom: true }) as string[][];
    expect(records[0]![0]).toBe('Account');
    const evil = records.find((r) => r[0]!.includes('HYPERLINK'))!;
    expect(evil[0]).toBe(`'${INJECTION}`);
    expect(records.find((r) => r[0]!.includes('Minus'))![0]).toBe("'-5 Minus Street Press");
    expect(evil[4]).toBe('1');
    expect(evil[7]).toBe('1234.56');
    expect(records.at(-1)![0]).toBe('Total');

    const plain = await download(
      `/reports/client-jobs-completed/export.csv?accountId=${clientId}&period=last_7_days`,
    );
    expect(plain.rawPayload[0]).not.toBe(0xef);
    const rows = parse(plain.rawPayload) as string[][];
    const idx = rows[0]!.indexOf('Days early (−) / late (+)');
    expect(rows[1]![idx]).toBe('-11');

    // The run endpoint answers the same file with ?format=.
    const viaRun = await t.request({
      method: 'POST',
      url: '/api/v1/reports/client-jobs-completed/run?format=csv',
      headers: manager.headers,
      payload: { parameters: { accountId: clientId, period: 'last_7_days' } },
    });
    expect(viaRun.statusCode, viaRun.body).toBe(200);
    expect(viaRun.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(viaRun.body).toBe(plain.body);
  });
});

describe('PDF and Word', () => {
  it('prints a paginated PDF with header, footer and the chart', async () => {
    const res = await download(`/reports/book-of-business/export.pdf?${q({ ownerId: am.id })}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = path.join(dir, 'book.pdf');
    await writeFile(file, res.rawPayload);
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    expect(stdout).toContain("Account manager's book of business");
    expect(stdout).toContain('Account manager: Robin Export');
    expect(stdout).toContain('Open jobs by account manager'); // the chart's title
    expect(stdout).toContain(INJECTION);
    expect(stdout).toContain('$1,234.56');
    expect(stdout).toMatch(/Page 1 of 1/);
  });

  it('runs many rows over several pages, the header repeated', async () => {
    const owner = await buildUser(t.db, { role: 'account_manager' });
    await t.db.insert(accounts).values(
      Array.from({ length: 120 }, (_, i) => ({
        name: `Paged Account ${String(i).padStart(3, '0')}`,
        segment: 'corporate' as const,
        ownerId: owner.id,
      })),
    );
    const res = await download(`/reports/book-of-business/export.pdf?ownerId=${owner.id}`);
    const file = path.join(dir, 'many.pdf');
    await writeFile(file, res.rawPayload);
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    const pages = stdout.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(pages[1]).toMatch(/Account\s+Account manager\s+Segment\s+Status\s+Open\s+Late/);
    expect(stdout).toContain('Account 119'); // the last row; long names wrap within their column
  });

  it('writes a Word summary that LibreOffice opens', async () => {
    const res = await download(
      `/reports/client-jobs-completed/export.docx?accountId=${clientId}&period=last_7_days`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const file = path.join(dir, 'client.docx');
    await writeFile(file, res.rawPayload);
    const text = await convertWithLibreOffice(file, 'txt:Text');
    expect(text).toContain('Jobs completed, and whether on time');
    expect(text).toContain('Harbor School District');
    expect(text).toContain('Summary');
    expect(text).toContain('100%'); // the on-time rate of the totals
  });
});

describe('big exports', () => {
  it('streams thousands of rows page by page, and a queued export reports progress and a download', async () => {
    const owner = await buildUser(t.db, { role: 'account_manager' });
    const n = 2600;
    for (let i = 0; i < n; i += 500) {
      await t.db.insert(accounts).values(
        Array.from({ length: Math.min(500, n - i) }, (_, k) => ({
          name: `Bulk ${String(i + k).padStart(5, '0')}`,
          segment: 'education' as const,
          ownerId: owner.id,
        })),
      );
    }
    const csv = await download(`/reports/book-of-business/export.csv?ownerId=${owner.id}`);
    const records = parse(csv.rawPayload) as string[][];
    expect(records).toHaveLength(1 + n + 1);
    const names = records.slice(1, -1).map((r) => r[0]);
    expect(new Set(names).size).toBe(n);
    expect(names[0]).toBe('Bulk 00000');
    expect(names.at(-1)).toBe(`Bulk ${String(n - 1).padStart(5, '0')}`);

    const started = await t.request({
      method: 'POST',
      url: '/api/v1/report-exports',
      headers: manager.headers,
      payload: { reportId: 'book-of-business', format: 'xlsx', parameters: { ownerId: owner.id } },
    });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ status: 'queued', progress: 0, downloadUrl: null });
    const id = started.json().id;
    const done = await waitFor(
      async () => {
        const e = (await download(`/report-exports/${id}`)).json();
        return e.status === 'done' || e.status === 'failed' ? e : undefined;
      },
      'the export',
      300,
    );
    expect(done).toMatchObject({ status: 'done', progress: 1, rowsWritten: n, totalRows: n });
    const file = await download(done.downloadUrl.replace('/api/v1', ''));
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(1 + n + 1);

    // Someone else's export does not exist for another account manager.
    const other = await t.signIn('account_manager');
    expect((await download(`/report-exports/${id}`, other)).statusCode).toBe(404);
  });
});
