// Over 400 lines on purpose: the mailing pipeline end to end (import, standardise, dedupe, presort, outputs, drops) over one shared set-up.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildJob } from '../../factories';
import type { ImportPreview, MailingList, Presort } from '../../../shared/mailing';
import { encodeImb } from './imb';
import { planTrays } from './presort';
import { processRun } from './runs';
import { personName, soundex } from './dedupe-keys';

let t: TestApp;
let admin: Session;
let am: Session;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  am = await t.signIn('account_manager');
  accountId = (await buildAccount(t.db)).id;
});
afterAll(async () => {
  await t.close();
});

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  who: Session,
  payload?: object,
) => t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

async function newList(over: object = {}): Promise<MailingList> {
  const res = await api('POST', '/mailing-lists', am, { name: 'Spring appeal', accountId, ...over });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const upload = (listId: string, filename: string, body: Buffer | string, type = 'text/csv') =>
  t.request({
    method: 'POST',
    url: `/api/v1/mailing-lists/${listId}/uploads?filename=${encodeURIComponent(filename)}`,
    headers: { ...am.headers, 'content-type': type },
    payload: typeof body === 'string' ? Buffer.from(body) : body,
  });

/** Uploads, imports with the guessed mapping and works the run in this process. */
async function importFile(listId: string, filename: string, body: Buffer | string): Promise<MailingList> {
  const res = await upload(listId, filename, body);
  expect(res.statusCode, res.body).toBe(201);
  const preview: ImportPreview = res.json();
  const started = await api('POST', `/mailing-lists/${listId}/uploads/${preview.run.id}/import`, am, {
    mapping: preview.mapping,
  });
  expect(started.statusCode, started.body).toBe(202);
  await processRun(t.ctx, preview.run.id);
  return (await api('GET', `/mailing-lists/${listId}`, am)).json();
}

async function run(listId: string, kind: 'standardize' | 'dedupe', body?: object): Promise<MailingList> {
  const res = await api(
    'POST',
    `/mailing-lists/${listId}/${kind}`,
    am,
    body ?? (kind === 'dedupe' ? {} : undefined),
  );
  expect(res.statusCode, res.body).toBe(202);
  await processRun(t.ctx, res.json().run.id);
  return (await api('GET', `/mailing-lists/${listId}`, am)).json();
}

const SMALL = [
  'First Name,Last Name,Company,Address,Address 2,City,State,Zip,Segment',
  'John,Smith,,123 North Main Street,Apartment 4,Springfield,Illinois,62701,A',
  'Jon,Smith,,123 N Main St,Apt 4,Springfield,IL,62701,B', // individual duplicate (nickname, spelling)
  'Mary,Smith,,123 N. Main St.,# 4,Springfield,IL,62701,C', // household duplicate
  'John,Smith,,123 North Main Street,Apartment 4,Springfield,Illinois,62701,A', // exact duplicate
  'Ana,Lopez,,45 Elm Avenue,,Boston,MA,2134,D', // ZIP repaired to 02134
  'Bob,Jones,,Main Street,,Austin,TX,78701,E', // no house number
  'Zed,Nobody,,,,Nowhere,ZZ,ABCDE,F', // no line, bad state, bad ZIP: not mailable
  'Robert,Jones,Acme Inc,500 Oak Road,Suite 200,Austin,Texas,78701-1234,G',
].join('\r\n');

describe('import, standardise, merge/purge', () => {
  it('previews with a guessed mapping, imports all rows and keeps custom fields', async () => {
    const list = await newList();
    const res = await upload(list.id, 'appeal.csv', SMALL);
    expect(res.statusCode, res.body).toBe(201);
    const preview: ImportPreview = res.json();
    expect(preview.encoding).toBe('utf-8');
    expect(preview.mapping.fields).toMatchObject({
      firstName: 'First Name',
      lastName: 'Last Name',
      company: 'Company',
      address1: 'Address',
      address2: 'Address 2',
      city: 'City',
      state: 'State',
      zip: 'Zip',
    });
    expect(preview.mapping.custom).toEqual(['Segment']);
    expect(preview.sample[0]).toEqual([
      'John',
      'Smith',
      '',
      '123 North Main Street',
      'Apartment 4',
      'Springfield',
      'Illinois',
      '62701',
      'A',
    ]);
    // Nothing is in the list until the import runs.
    expect((await api('GET', `/mailing-lists/${list.id}`, am)).json().records).toBe(0);

    await api('POST', `/mailing-lists/${list.id}/uploads/${preview.run.id}/import`, am, {
      mapping: preview.mapping,
    });
    await processRun(t.ctx, preview.run.id);
    const after: MailingList = (await api('GET', `/mailing-lists/${list.id}`, am)).json();
    expect(after.records).toBe(8);
    expect(after.customFields).toEqual(['Segment']);
    expect(after.lastRun).toMatchObject({ kind: 'import', status: 'done', percent: 100, rowsDone: 8 });
    const records = (await api('GET', `/mailing-lists/${list.id}/records`, am)).json();
    expect(records.items[0]).toMatchObject({ seq: 2, name: 'John Smith', custom: { Segment: 'A' } });
  });

  it('standardises to Pub 28 with flags, then removes exact, individual and household duplicates', async () => {
    const list = await newList();
    await importFile(list.id, 'appeal.csv', SMALL);
    const std = await run(list.id, 'standardize');
    expect(std.standardizedAt).not.toBeNull();
    expect(std.flagged).toBe(3); // ZIP repaired, no house number, the empty one
    expect(std.mailable).toBe(7);
    const records = (await api('GET', `/mailing-lists/${list.id}/records?limit=20`, am)).json().items;
    expect(records[0].standardized).toEqual({
      address1: '123 N MAIN ST',
      address2: 'APT 4',
      city: 'SPRINGFIELD',
      state: 'IL',
      zip5: '62701',
      zip4: '',
    });
    expect(records.find((r: { seq: number }) => r.seq === 6).flags).toEqual(['zip_repaired']);
    expect(records.find((r: { seq: number }) => r.seq === 7).flags).toContain('no_house_number');
    expect(records.find((r: { seq: number }) => r.seq === 8).flags).toEqual(
      expect.arrayContaining(['missing_line1', 'bad_state', 'bad_zip']),
    );

    const individual = await run(list.id, 'dedupe', { level: 'individual' });
    expect(individual.dedupe).toEqual({
      level: 'individual',
      examined: 7,
      removed: { exact: 1, individual: 1, household: 0 },
      kept: 6,
    });
    expect(individual.mailable).toBe(5);
    const report = (await api('GET', `/mailing-lists/${list.id}/dedupe`, am)).json();
    expect(
      report.pairs.map((p: { kind: string; removed: { seq: number }; kept: { seq: number } }) => [
        p.kind,
        p.removed.seq,
        p.kept.seq,
      ]),
    ).toEqual([
      ['individual', 3, 2],
      ['exact', 5, 2],
    ]);

    const household = await run(list.id, 'dedupe', { level: 'household' });
    expect(household.dedupe!.removed).toEqual({ exact: 1, individual: 1, household: 1 });
    expect(household.mailable).toBe(4);
    const dupCsv = await api('GET', `/mailing-lists/${list.id}/export?format=duplicates`, am);
    const rows = parse(dupCsv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Removed row'], r.Match, r['Kept row']])).toEqual([
      ['3', 'individual', '2'],
      ['4', 'household', '2'],
      ['5', 'exact', '2'],
    ]);
  });

  it('reads Windows-1252 and XLSX files, and the XLSX keeps ZIP leading zeros', async () => {
    const list = await newList();
    const latin = Buffer.from(
      'Name,Address,City,State,ZIP\r\nJos\xe9 Pe\xf1a,1 Elm St,Boston,MA,02134\r\n',
      'latin1',
    );
    const res = await upload(list.id, 'latin.csv', latin);
    expect(res.json().encoding).toBe('windows-1252');
    expect(res.json().sample[0][0]).toBe('José Peña');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('List');
    ws.addRow(['Name', 'Street Address', 'City', 'ST', 'Zip Code']);
    ws.addRow(['Ann Lee', '9 Pine Rd', 'Boston', 'MA', 2134]);
    ws.getCell('E2').numFmt = '00000';
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const after = await importFile(list.id, 'list.xlsx', xlsx);
    expect(after.records).toBe(1);
    const rec = (await api('GET', `/mailing-lists/${list.id}/records`, am)).json().items[0];
    expect(rec).toMatchObject({ name: 'Ann Lee', address1: '9 Pine Rd', zip: '02134' });
  });
});

describe('bad input is refused with a problem and nothing written', () => {
  const runsOf = async (listId: string) =>
    (
      (await t.db.execute(
        sql`select count(*)::int as n from mailing_runs where list_id = ${listId}`,
      )) as unknown as { rows: { n: number }[] }
    ).rows[0]!.n;

  it('refuses wrong file types, empty files, header-only files, binary text and ragged rows', async () => {
    const list = await newList();
    const cases: [string, Buffer | string, RegExp][] = [
      ['scan.pdf', '%PDF-1.4', /\.csv, \.txt or \.xlsx/],
      ['empty.csv', '', /empty/],
      ['header.csv', 'Name,Address,ZIP\r\n', /no data rows/],
      ['utf16.csv', Buffer.from('Name,Address\r\nA,B\r\n', 'utf16le'), /control characters/],
      [
        'ragged.csv',
        // Every row malformed: nothing to import (a file with some good rows may import them: partial-import.test.ts).
        'Name,Address,ZIP\r\nB,"2 Main St",12345,extra\r\n',
        /Row 2 has 4 cells but the header has 3/,
      ],
      ['fake.xlsx', 'Name,Address\r\n', /not really an \.xlsx/],
    ];
    for (const [name, body, message] of cases) {
      const res = await upload(list.id, name, body);
      expect(res.statusCode, name).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toMatch(message);
    }
    expect(await runsOf(list.id)).toBe(0);
    const json = await api('POST', `/mailing-lists/${list.id}/uploads?filename=a.csv`, am, { rows: [] });
    expect(json.statusCode).toBe(415);
  });

  it('refuses a mapping without an address or naming unknown columns, and leaves the upload unimported', async () => {
    const list = await newList();
    const preview: ImportPreview = (await upload(list.id, 'a.csv', SMALL)).json();
    const bad = await api('POST', `/mailing-lists/${list.id}/uploads/${preview.run.id}/import`, am, {
      mapping: { fields: { address1: null, zip: 'Postcode' }, custom: ['Nope'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['mapping.custom.0', 'mapping.fields.address1', 'mapping.fields.zip']);
    expect((await api('GET', `/mailing-lists/${list.id}/runs/${preview.run.id}`, am)).json().status).toBe(
      'uploaded',
    );
    expect((await api('GET', `/mailing-lists/${list.id}`, am)).json().records).toBe(0);
  });

  it('a file that turns out bad deep inside fails the import and leaves the previous list as it was', async () => {
    const list = await newList();
    await importFile(list.id, 'first.csv', SMALL);
    const rows = ['Name,Address,City,State,ZIP'];
    for (let i = 0; i < 3000; i++) rows.push(`Person ${i},${i + 1} Main St,Austin,TX,78701`);
    rows.push('Broken,"1 Main St,Austin,TX,78701'); // an unclosed quote swallows the rest
    rows.push('After,2 Main St,Austin,TX,78701,x,y');
    const res = await upload(list.id, 'big.csv', rows.join('\n'));
    expect(res.statusCode, res.body).toBe(201);
    const preview: ImportPreview = res.json();
    await api('POST', `/mailing-lists/${list.id}/uploads/${preview.run.id}/import`, am, {
      mapping: preview.mapping,
    });
    await processRun(t.ctx, preview.run.id);
    const runRes = (await api('GET', `/mailing-lists/${list.id}/runs/${preview.run.id}`, am)).json();
    expect(runRes.status).toBe('failed');
    expect(runRes.error).toMatch(/Row \d+ has|cannot be read/);
    const after: MailingList = (await api('GET', `/mailing-lists/${list.id}`, am)).json();
    expect(after.records).toBe(8);
    expect(after.sourceFilename).toBe('first.csv');
    const staged = (await t.db.execute(
      sql`select count(*)::int as n from mailing_records where import_id = ${preview.run.id}`,
    )) as unknown as { rows: { n: number }[] };
    expect(staged.rows[0]!.n).toBe(0);
  });

  it('refuses a Mailer ID that is not 6 or 9 digits, and anyone but an admin', async () => {
    for (const mailerId of ['12345', '912345', '1234567', '12345a', '812345678']) {
      const res = await api('PUT', '/mailing-settings', admin, { mailerId });
      expect(res.statusCode, mailerId).toBe(400);
      expect(res.json().errors[0].path).toContain('mailerId');
    }
    expect((await api('GET', '/mailing-settings', am)).json().mailerId).toBeNull();
    expect((await api('PUT', '/mailing-settings', am, { mailerId: '123456' })).statusCode).toBe(403);
  });
});

/** 3 ZIPs in 100xx and one in 200xx, with duplicates, for presort and postage. */
function presortCsv() {
  const rows = ['Name,Address,City,State,ZIP'];
  const add = (zip: string, n: number, start: number) => {
    // 200xx is Washington, DC: a New York address there would be a ZIP outside its state (not mailable).
    const place = zip.startsWith('200') ? 'Washington,DC' : 'New York,NY';
    for (let i = 0; i < n; i++) rows.push(`Person ${start + i},${start + i} Broadway,${place},${zip}`);
  };
  add('10001', 160, 1); // a 5-digit tray (≥150)
  add('10002', 100, 1001); // with 10003: 160 pieces → a 3-digit 100 tray
  add('10003', 60, 2001);
  add('20001', 30, 3001); // mixed
  rows.push('Person 1,1 Broadway,New York,NY,10001'); // exact duplicate
  return rows.join('\n');
}

describe('presort, postage and IMb', () => {
  let list: MailingList;
  beforeAll(async () => {
    list = await newList({ name: 'Presort', mailClass: 'marketing', shape: 'letter', pieceWeightOz: 1 });
    await importFile(list.id, 'presort.csv', presortCsv());
    await run(list.id, 'dedupe', { level: 'individual' });
    const rates: [string, number, string][] = [
      ['5digit', 250, '2025-01-01'],
      ['3digit', 300, '2025-01-01'],
      ['mixed', 350, '2025-01-01'],
      ['5digit', 270, '2025-07-13'],
      ['3digit', 320, '2025-07-13'],
      ['mixed', 370, '2025-07-13'],
    ];
    for (const [sortLevel, priceMills, effectiveFrom] of rates) {
      const res = await api('POST', '/postage-rates', admin, {
        mailClass: 'marketing',
        shape: 'letter',
        sortLevel,
        priceMills,
        effectiveFrom,
        label: 'Sample rates (test)',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('counts pieces by 5- and 3-digit ZIP with trays', async () => {
    const res = await api('GET', `/mailing-lists/${list.id}/presort?mailingDate=2025-03-01`, am);
    expect(res.statusCode, res.body).toBe(200);
    const p: Presort = res.json();
    expect(p.pieces).toBe(350);
    expect(p.duplicatesRemoved).toBe(1);
    expect(p.fiveDigit).toEqual([
      { zip5: '10001', pieces: 160, trays: 1, level: '5digit' },
      { zip5: '10002', pieces: 100, trays: 0, level: '3digit' },
      { zip5: '10003', pieces: 60, trays: 0, level: '3digit' },
      { zip5: '20001', pieces: 30, trays: 0, level: 'mixed' },
    ]);
    expect(p.threeDigit).toEqual([
      { zip3: '100', pieces: 160, trays: 1, level: '3digit' },
      { zip3: '200', pieces: 30, trays: 0, level: 'mixed' },
    ]);
    expect(p.levels).toEqual([
      { sortLevel: '5digit', pieces: 160, trays: 1 },
      { sortLevel: '3digit', pieces: 160, trays: 1 },
      { sortLevel: 'mixed', pieces: 30, trays: 1 },
    ]);
    expect(p.totalTrays).toBe(3);
    expect(p.minimum.met).toBe(true);
  });

  it('prices postage from the rates in effect on the mailing date', async () => {
    const before: Presort = (
      await api('GET', `/mailing-lists/${list.id}/presort?mailingDate=2025-07-12`, am)
    ).json();
    // 160 × $0.250 + 160 × $0.300 + 30 × $0.350 = $40.00 + $48.00 + $10.50
    expect(before.postage.lines.map((l) => l.amountCents)).toEqual([4000, 4800, 1050]);
    expect(before.postage.totalCents).toBe(9850);
    const after: Presort = (
      await api('GET', `/mailing-lists/${list.id}/presort?mailingDate=2025-07-13`, am)
    ).json();
    expect(after.postage.totalCents).toBe(160 * 27 + 160 * 32 + 30 * 37);
    const early: Presort = (
      await api('GET', `/mailing-lists/${list.id}/presort?mailingDate=2024-12-31`, am)
    ).json();
    expect(early.postage.totalCents).toBeNull();
    expect(early.postage.missing).toHaveLength(3);
    const onDay = (await api('GET', '/postage-rates?on=2025-07-12', am)).json().items;
    expect(onDay.map((r: { priceMills: number }) => r.priceMills).sort()).toEqual([250, 300, 350]);
    expect(
      (
        await api('POST', '/postage-rates', am, {
          mailClass: 'marketing',
          shape: 'letter',
          sortLevel: 'single',
          priceMills: 1,
          effectiveFrom: '2025-01-01',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('checks minimum volumes: First-Class 500 pieces, Marketing Mail 200 pieces or 50 lb', async () => {
    const { minimumVolume } = await import('./presort');
    expect(minimumVolume('first_class', 499, 1).met).toBe(false);
    expect(minimumVolume('first_class', 500, 1).met).toBe(true);
    expect(minimumVolume('marketing', 199, 1).met).toBe(false);
    expect(minimumVolume('marketing', 199, 4.1).met).toBe(true); // 51 lb
    const fc = await api('PATCH', `/mailing-lists/${list.id}`, am, { mailClass: 'first_class' });
    expect(fc.statusCode).toBe(200);
    const p: Presort = (
      await api('GET', `/mailing-lists/${list.id}/presort?mailingDate=2025-08-01`, am)
    ).json();
    expect(p.minimum).toMatchObject({ met: false });
    expect(p.postage.lines).toEqual([
      { sortLevel: 'single', pieces: 350, rateMills: null, amountCents: null },
    ]);
    await api('PATCH', `/mailing-lists/${list.id}`, am, { mailClass: 'marketing' });
  });

  it('assigns IMb serials per piece from the Mailer ID, continuing across lists', async () => {
    const refused = await api('POST', `/mailing-lists/${list.id}/imb`, am);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/Mailer ID/);
    expect(
      (await api('PUT', '/mailing-settings', admin, { mailerId: '123456', serviceTypeMarketing: '301' }))
        .statusCode,
    ).toBe(200);
    const res = await api('POST', `/mailing-lists/${list.id}/imb`, am);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({ pieces: 350, firstSerial: 0, lastSerial: 349, mailerId: '123456' });
    expect(a.sample[0]).toMatchObject({ seq: 2, trackingCode: '00301123456000000000', routingCode: '10001' });
    expect(a.sample[0].bars).toBe(encodeImb('00301123456000000000', '10001'));
    const other = await newList({ name: 'Second' });
    await importFile(other.id, 'b.csv', SMALL);
    await run(other.id, 'standardize');
    const b = (await api('POST', `/mailing-lists/${other.id}/imb`, am)).json();
    expect(b.firstSerial).toBe(350);
    expect(b.sample[0].trackingCode).toBe('00301123456000000350');
  });

  it('exports the cleaned list as CSV and XLSX with the IMb, a proof PDF and the presort report', async () => {
    const csv = await api('GET', `/mailing-lists/${list.id}/export?format=csv`, am);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(350);
    expect(rows[0]).toMatchObject({
      Row: '2',
      Name: 'Person 1',
      'Address 1': '1 BROADWAY',
      ZIP: '10001',
      'IMb tracking code': '00301123456000000000',
    });
    expect(rows[0]!.IMb).toMatch(/^[ADFT]{65}$/);

    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/api/v1/mailing-lists/${list.id}/export?format=xlsx`,
      headers: am.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.actualRowCount).toBe(351);
    expect(sheet.getRow(1).getCell(13).value).toBe('IMb');
    expect(String(sheet.getRow(2).getCell(13).value)).toBe(rows[0]!.IMb);

    const dir = mkdtempSync(path.join(tmpdir(), 'jj-mailing-'));
    const proof = await t.app.inject({
      method: 'GET',
      url: `/api/v1/mailing-lists/${list.id}/export?format=proof&pieces=3`,
      headers: am.headers,
    });
    expect(proof.headers['content-type']).toBe('application/pdf');
    writeFileSync(path.join(dir, 'proof.pdf'), proof.rawPayload);
    const proofText = execFileSync('pdftotext', ['-layout', path.join(dir, 'proof.pdf'), '-']).toString();
    expect(proofText).toContain('PERSON 1');
    expect(proofText).toContain('1 BROADWAY');
    expect(proofText).toMatch(/NEW YORK NY\s+10001/);
    expect(proofText).toContain('PROOF — piece 3 of 3');
    expect(proofText.split('\f').filter((p) => p.trim())).toHaveLength(3);

    const report = await t.app.inject({
      method: 'GET',
      url: `/api/v1/mailing-lists/${list.id}/export?format=report`,
      headers: am.headers,
    });
    writeFileSync(path.join(dir, 'report.pdf'), report.rawPayload);
    const reportText = execFileSync('pdftotext', ['-layout', path.join(dir, 'report.pdf'), '-']).toString();
    expect(reportText).toContain('Presort and postage estimate');
    expect(reportText).toMatch(/5-digit\s+160\s+1/);
    expect(reportText).toContain('3-digit 100');
  });

  it('puts pieces and drop date on the job item and records the mail drop', async () => {
    const job = await buildJob(t.db, { accountId, items: [{ productType: 'postcard', quantity: 400 }] });
    const patched = await api('PATCH', `/mailing-lists/${list.id}`, am, {
      jobId: job.id,
      jobItemId: job.items[0]!.id,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const applied = await api('POST', `/mailing-lists/${list.id}/apply-to-job`, am, {
      dropDate: '2030-05-01',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    let item = (await api('GET', `/jobs/${job.id}`, am)).json().items[0];
    expect(item.spec.mailing).toEqual({ mailClass: 'marketing', dropDate: '2030-05-01', pieces: 350 });
    const drop = await api('POST', `/mailing-lists/${list.id}/drops`, am, {
      dropDate: '2030-05-02',
      postOffice: 'New York NY 10001 BMEU',
      pieces: 349,
      postageCents: 9820,
    });
    expect(drop.statusCode, drop.body).toBe(201);
    item = (await api('GET', `/jobs/${job.id}`, am)).json().items[0];
    expect(item.spec.mailing).toEqual({ mailClass: 'marketing', dropDate: '2030-05-02', pieces: 349 });
    const drops = (await api('GET', `/mailing-lists/${list.id}/drops`, am)).json().items;
    expect(drops).toMatchObject([{ postOffice: 'New York NY 10001 BMEU', pieces: 349, postageCents: 9820 }]);
    const other = await buildJob(t.db);
    expect((await api('PATCH', `/mailing-lists/${list.id}`, am, { jobId: other.id })).statusCode).toBe(400);
  });
});

describe('the queue works imports end to end', () => {
  it('imports through pg-boss and reports progress until done', async () => {
    await t.ctx.queue.work();
    const list = await newList();
    const preview: ImportPreview = (await upload(list.id, 'q.csv', SMALL)).json();
    await api('POST', `/mailing-lists/${list.id}/uploads/${preview.run.id}/import`, am, {
      mapping: preview.mapping,
    });
    const busy = await api('POST', `/mailing-lists/${list.id}/standardize`, am);
    expect([202, 409]).toContain(busy.statusCode);
    let current: MailingList = (await api('GET', `/mailing-lists/${list.id}`, am)).json();
    for (let i = 0; i < 100 && (current.activeRun || current.records === 0); i++) {
      await new Promise((r) => setTimeout(r, 100));
      current = (await api('GET', `/mailing-lists/${list.id}`, am)).json();
    }
    expect(current.records).toBe(8);
  });
});

describe('pure rules', () => {
  it('Soundex and name splitting', () => {
    expect(soundex('Smith')).toBe(soundex('Smyth'));
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(personName('Mr. John A. Smith Jr.', '', '')).toEqual({ first: 'JOHN', last: 'SMITH' });
    expect(personName('Smith, John', '', '')).toEqual({ first: 'JOHN', last: 'SMITH' });
    expect(personName('Current Resident', '', '')).toBeNull();
  });
  it('tray plan rolls small ZIPs up to 3-digit and mixed', () => {
    const plan = planTrays(
      [
        { zip5: '30301', pieces: 1200 },
        { zip5: '30302', pieces: 149 },
      ],
      'letter',
    );
    expect(plan.levels).toEqual([
      { sortLevel: '5digit', pieces: 1200, trays: 3 },
      { sortLevel: '3digit', pieces: 0, trays: 0 },
      { sortLevel: 'mixed', pieces: 149, trays: 1 },
    ]);
  });
});
