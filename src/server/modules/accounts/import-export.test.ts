import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildUser } from '../../factories';
import { accounts } from './tables';
import { convertWithLibreOffice } from '../../../../test/helpers/office';

let t: TestApp;
let am: Session;
let manager: Session;

beforeAll(async () => {
  t = await createTestApp();
  am = await t.signIn('account_manager');
  manager = await t.signIn('manager');
});
afterAll(() => t.close());

// Response bodies as the tests read them (`res.json()` is untyped, as in the other API tests).
type Json = ReturnType<typeof JSON.parse>;
const b64 = (content: string | Buffer) => Buffer.from(content).toString('base64');
const send = (
  kind: 'preview' | 'commit',
  filename: string,
  content: string | Buffer,
  extra: Json = {},
  s = am,
  app = t,
) =>
  app.request({
    method: 'POST',
    url: kind === 'preview' ? '/api/v1/accounts/import/preview' : '/api/v1/accounts/import',
    headers: s.headers,
    payload: { filename, contentBase64: b64(content), ...extra },
  });
const get = (url: string, s = am, app = t) => app.request({ method: 'GET', url, headers: s.headers });
const accountCount = async (app = t) => (await app.db.select({ n: count() }).from(accounts))[0]!.n;
const findAccount = async (name: string, app = t, s = am) =>
  (await get(`/api/v1/accounts?q=${encodeURIComponent(name)}&archived=include`, s, app))
    .json()
    .items.find((a: Json) => a.name === name);
const contactsOf = async (id: string, app = t, s = am) =>
  (await get(`/api/v1/accounts/${id}/contacts`, s, app)).json().items as Json[];
const uid = () => randomBytes(3).toString('hex');

describe('import preview', () => {
  it('guesses the mapping from friendly headers, counts accounts and contacts, and writes nothing', async () => {
    const n = uid();
    const csv = [
      'Organisation,Segment,First Name,Last Name,E-mail Address,Phone,Street Address,City,State,ZIP,PO required,Tags',
      `Acme ${n},Corporate,Ada,Lovelace,ada@acme.example,+1 512 555 0100,1 Main St,Austin,TX,78701,yes,"print, mail"`,
      `acme ${n} ,corporate,Bob,Stone,bob@acme.example,,,,,,,`,
      ',,,,,,,,,,,',
      `Parks ${n},State agency,,,,,,,,,no,`,
    ].join('\r\n');
    const before = await accountCount();
    const res = await send('preview', 'contacts.csv', csv);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.encoding).toBe('utf-8');
    expect(p.mapping).toMatchObject({
      accountName: 'Organisation',
      contactEmail: 'E-mail Address',
      billingPostalCode: 'ZIP',
      billingRegion: 'State',
      billingLine1: 'Street Address',
      contactFirstName: 'First Name',
      poRequired: 'PO required',
      notes: null,
    });
    expect(p).toMatchObject({ totalRows: 3, accounts: 2, contacts: 2, errors: [] });
    expect(p.rows.map((r: Json) => r.row)).toEqual([2, 3, 5]);
    expect(p.rows[0].values).toMatchObject({ accountName: `Acme ${n}`, billingPostalCode: '78701' });
    expect(await accountCount()).toBe(before);
  });

  it('reports unknown segments, bad e-mails, conflicting account values, existing names and missing fields', async () => {
    const n = uid();
    await buildAccount(t.db, { name: `Existing ${n}` });
    const csv = [
      'Account,Segment,Payment terms,First name,Last name,Email,Billing address line 1,Billing city',
      `Alpha ${n},Government Dept,,A,B,a@x.example,,`,
      `Beta ${n},Education,Net 30,C,D,not-an-email,,`,
      `Beta ${n},Education,Net 45,E,F,e@x.example,,`,
      `Existing ${n},Other,,,,,,`,
      `Gamma ${n},,,G,,,9 Elm St,Reno`,
      `,Other,,H,I,,,`,
    ].join('\n');
    const p = (await send('preview', 'bad.csv', csv)).json();
    const at = (row: number, path: string) =>
      p.errors.find((e: Json) => e.row === row && e.path === path)?.message as string | undefined;
    expect(at(2, 'segment')).toMatch(/Unknown segment "Government Dept".*State agency \(state\).*Education/);
    expect(at(3, 'contactEmail')).toContain('not-an-email');
    expect(at(4, 'paymentTerms')).toContain('row 3');
    // A row naming an existing account updates it (here its segment) instead of failing.
    expect(at(5, 'accountName')).toBeUndefined();
    expect(p.plans.find((x: Json) => x.row === 5)).toMatchObject({
      action: 'update',
      changes: [{ field: 'segment', from: 'Corporate', to: 'Other' }],
    });
    expect(p.rows.find((r: Json) => r.row === 5).action).toBe('update');
    expect(at(6, 'segment')).toBe('Segment is required');
    expect(at(6, 'contactLastName')).toMatch(/required/);
    expect(at(6, 'billingRegion')).toMatch(/required when a billing address/);
    expect(at(6, 'billingPostalCode')).toMatch(/required/);
    expect(at(7, 'accountName')).toBe('Account name is required');
  });

  it('uses a mapping the client gives and refuses one naming a missing column', async () => {
    const csv = 'Kunde,Art\nMapped Co,Corporate\n';
    const ok = await send('preview', 'm.csv', csv, { mapping: { accountName: 'Kunde', segment: 'Art' } });
    expect(ok.json()).toMatchObject({ accounts: 1, errors: [] });
    expect(ok.json().mapping.contactEmail).toBeNull();
    const bad = await send('preview', 'm.csv', csv, { mapping: { accountName: 'Nope' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('mapping.accountName');
  });
});

describe('import', () => {
  it('creates the accounts and contacts, one primary each, with an import audit event', async () => {
    const n = uid();
    const owner = await buildUser(t.db, { role: 'account_manager' });
    const csv = [
      'Company;Segment;Status;Owner;Tax exempt;Tags;Contact first name;Contact last name;Title;Email;Address;City;State;Postal code',
      `North ${n};School;Prospect;${owner.email.toUpperCase()};Y;"k12; print";Nia;Ode;Buyer;nia@north.example;5 Oak Rd;Tulsa;OK;74101`,
      `North ${n};;;;;;Sam;Ray;;sam@north.example;;;;`,
      `South ${n};Corporate;;;;;;;;;;;;`,
    ].join('\n');
    const before = await accountCount();
    // A manager imports for another account manager (an account manager's imports are their own).
    const res = await send('commit', 'north.csv', `\ufeff${csv}`, {}, manager);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ accountsCreated: 2, accountsUpdated: 0, contactsCreated: 2 });
    expect(await accountCount()).toBe(before + 2);
    const north = await findAccount(`North ${n}`);
    expect(north).toMatchObject({ segment: 'education', status: 'prospect', tags: ['k12', 'print'] });
    expect(north.owner.id).toBe(owner.id);
    const full = (await get(`/api/v1/accounts/${north.id}`)).json();
    expect(full.taxExempt).toBe(true);
    expect(full.addresses).toEqual([
      expect.objectContaining({ kind: 'billing', line1: '5 Oak Rd', postalCode: '74101', isDefault: true }),
    ]);
    const people = await contactsOf(north.id);
    expect(people.map((c) => [c.name, c.emails[0], c.isPrimary])).toEqual([
      ['Nia Ode', 'nia@north.example', true],
      ['Sam Ray', 'sam@north.example', false],
    ]);
    const admin = await t.signIn('admin');
    const audit = (await get('/api/v1/audit-events?action=account.import', admin)).json().items;
    expect(audit[0]).toMatchObject({
      entityType: 'import',
      entityId: null,
      summary: 'Imported 2 new and 0 changed accounts and 2 contacts from north.csv',
    });
  });

  it('rejects a file with a duplicate contact with 400 naming the row, and writes nothing', async () => {
    const n = uid();
    const csv = [
      'Account,Segment,First name,Last name,Email',
      `Dup ${n},Other,Al,One,al@dup.example`,
      `Dup ${n},Other,Bo,Two,bo@dup.example`,
      `Dup ${n},Other,Al,Again,AL@dup.example`,
      `Dup2 ${n},Other,Cy,Three,`,
      `Dup2 ${n},Other,Cy,Three,`,
    ].join('\n');
    const before = await accountCount();
    const res = await send('commit', 'dup.csv', csv);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('VALIDATION');
    expect(body.detail).toMatch(/2 errors in 2 rows; nothing was imported/);
    expect(body.errors).toEqual([
      { path: 'rows.4.contactEmail', message: 'Duplicate of row 2' },
      { path: 'rows.6.contactFirstName', message: 'Duplicate of row 5' },
    ]);
    expect(await accountCount()).toBe(before);
  });

  it('reads windows-1252 text with accents and curly quotes', async () => {
    const n = uid();
    const bytes = Buffer.concat([
      Buffer.from('Account;Segment;Notes\r\n', 'latin1'),
      Buffer.from(`Caf\xe9 Reyes ${n};Corporate;`, 'latin1'),
      Buffer.from([0x93, 0x42, 0x65, 0x73, 0x74, 0x94, 0x20, 0x80, 0x35]),
      Buffer.from('\r\n', 'latin1'),
    ]);
    const preview = (await send('preview', 'latin.csv', bytes)).json();
    expect(preview.encoding).toBe('windows-1252');
    expect(preview.rows[0].values.notes).toBe('\u201cBest\u201d \u20ac5');
    expect((await send('commit', 'latin.csv', bytes)).statusCode).toBe(201);
    expect(await findAccount(`Café Reyes ${n}`)).toBeDefined();
  });

  it('reads a semicolon-delimited file with quoted fields', async () => {
    const n = uid();
    const csv = `Account;Segment;Notes\n"Semi; Colon ${n}";Other;"Line one\nline ""two"""\n`;
    const res = await send('commit', 'semi.csv', csv);
    expect(res.statusCode).toBe(201);
    const a = await findAccount(`Semi; Colon ${n}`);
    expect((await get(`/api/v1/accounts/${a.id}`)).json().notes).toBe('Line one\nline "two"');
  });

  it('imports an XLSX with numbers, booleans, rich text and formulas', async () => {
    const n = uid();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Clients');
    ws.addRow(['Account', 'Segment', 'PO required', 'ZIP', 'Address', 'City', 'State', 'First', 'Last']);
    ws.addRow([`Sheet ${n}`, 'state', true, 2134, '1 Elm', 'Boston', 'MA', 'Xi', 'Li']);
    ws.getCell('D2').numFmt = '00000';
    ws.addRow([{ richText: [{ text: 'Rich ' }, { text: n, font: { bold: true } }] }, 'Other', false]);
    ws.addRow([{ formula: '"Formula "&"Co"', result: `Formula Co ${n}` }, 'Other']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = (await send('preview', 'clients.xlsx', file)).json();
    expect(preview).toMatchObject({ encoding: 'xlsx', totalRows: 3, accounts: 3, contacts: 1, errors: [] });
    expect((await send('commit', 'clients.xlsx', file)).statusCode).toBe(201);
    const sheet = await findAccount(`Sheet ${n}`);
    const full = (await get(`/api/v1/accounts/${sheet.id}`)).json();
    expect(full).toMatchObject({ segment: 'state', poRequired: true });
    expect(full.addresses[0].postalCode).toBe('02134');
    expect(await findAccount(`Rich ${n}`)).toBeDefined();
    expect(await findAccount(`Formula Co ${n}`)).toBeDefined();
  });

  it('answers 400 problems for corrupt, binary, foreign and oversized files', async () => {
    const corrupt = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]);
    const cases: [string, Buffer | string, RegExp][] = [
      ['broken.xlsx', corrupt, /damaged/],
      ['fake.xlsx', 'a,b\n1,2\n', /damaged|not really/],
      ['data.csv', Buffer.concat([randomBytes(64), Buffer.from([0, 1, 2, 0])]), /csv or \.xlsx/],
      ['report.pdf', '%PDF-1.4 hello', /Send a \.csv or \.xlsx file/],
      ['empty.csv', '', /empty/],
      ['many.csv', `Account,Segment\n${'Row,Other\n'.repeat(20_001)}`, /at most 20000 rows/],
    ];
    for (const [name, content, message] of cases) {
      for (const kind of ['preview', 'commit'] as const) {
        const res = await send(kind, name, content);
        expect(res.statusCode, `${kind} ${name}`).toBe(400);
        expect(res.json().detail, name).toMatch(message);
      }
    }
  });

  it('refuses import and export to production staff', async () => {
    const press = await t.signIn('production', { department: 'press' });
    expect((await send('preview', 'a.csv', 'Account\nX\n', {}, press)).statusCode).toBe(403);
    expect((await send('commit', 'a.csv', 'Account\nX\n', {}, press)).statusCode).toBe(403);
    expect((await get('/api/v1/accounts/export', press)).statusCode).toBe(403);
  });

  it('still generates the OpenAPI document with the new operations', () => {
    const doc = t.app.swagger() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/accounts/import/preview',
        '/api/v1/accounts/import',
        '/api/v1/accounts/export',
      ]),
    );
  });
});

describe('export', () => {
  const tag = `rt${uid()}`;
  const injected = `=HYPERLINK("x") ${tag}`;

  beforeAll(async () => {
    const owner = await buildUser(t.db, { email: `owner-${tag}@example.test` });
    // An admin seeds it: the account without an owner stays without one (a manager would own it).
    const seeder = await t.signIn('admin');
    const res = await send(
      'commit',
      'seed.csv',
      [
        'Account,Segment,Status,Owner e-mail,PO required,Tax exempt,Payment terms,Tags,Notes,Address,Address 2,City,State,ZIP,First name,Last name,Title,Email,Phone',
        `Round Trip ${tag},State agency,On hold,${owner.email},yes,no,Net 30,${tag};blue,"Two\nlines",1 Main St,Suite 5,Austin,TX,78701,Ada,Zed,Director,ada@rt.example,+1 512 555 0100`,
        `Round Trip ${tag},,,,,,,,,,,,,,Bea,Young,,bea@rt.example; bea2@rt.example,`,
        `"${injected.replace(/"/g, '""')}",Other,,,,,,${tag},,,,,,,,,,,`,
      ].join('\n'),
      {},
      seeder,
    );
    expect(res.statusCode, res.body).toBe(201);
  });

  it('writes a UTF-8 CSV with BOM that guards formulas and re-imports into an empty database', async () => {
    const res = await get(`/api/v1/accounts/export?format=csv&tag=${tag}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="accounts-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''accounts-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""x"") ${tag}"`);
    expect(text.split('\r\n')[0]).toContain('Account name,Segment,Status,Owner e-mail');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(4); // header, two contacts, one account alone

    const fresh = await createTestApp();
    try {
      const admin = await fresh.signIn('admin');
      await buildUser(fresh.db, { email: `owner-${tag}@example.test` });
      const back = await send('commit', 'accounts.csv', raw, {}, admin, fresh);
      expect(back.statusCode, back.body).toBe(201);
      expect(back.json()).toMatchObject({ accountsCreated: 2, accountsUpdated: 0, contactsCreated: 2 });
      for (const name of [`Round Trip ${tag}`, injected]) {
        const [a, b] = [await findAccount(name), await findAccount(name, fresh, admin)];
        const [fa, fb] = [
          (await get(`/api/v1/accounts/${a.id}`)).json(),
          (await get(`/api/v1/accounts/${b.id}`, admin, fresh)).json(),
        ];
        const keep = (x: Json) => ({
          ...x,
          id: undefined,
          owner: x.owner?.name ? 'owned' : null,
          primaryContact: x.primaryContact?.email ?? null,
          addresses: x.addresses.map((d: Json) => ({ ...d, id: undefined })),
          createdAt: undefined,
          updatedAt: undefined,
        });
        expect(keep(fb)).toEqual(keep(fa));
        const people = (list: Json[]) =>
          list.map((c) => [c.firstName, c.lastName, c.title, c.emails, c.phones, c.isPrimary]);
        expect(people(await contactsOf(b.id, fresh, admin))).toEqual(people(await contactsOf(a.id)));
      }
    } finally {
      await fresh.close();
    }
  });

  it('writes an XLSX with typed cells, a frozen bold header and a filter, that LibreOffice opens', async () => {
    const res = await get(`/api/v1/accounts/export?format=xlsx&tag=${tag}&sort=-name`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/filename="accounts-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const roundTrip = ws.getRow(2);
    expect(roundTrip.getCell(col('Account name')).value).toBe(`Round Trip ${tag}`);
    expect(roundTrip.getCell(col('PO required')).type).toBe(ExcelJS.ValueType.Boolean);
    expect(roundTrip.getCell(col('PO required')).value).toBe(true);
    expect(roundTrip.getCell(col('Account created')).value).toBeInstanceOf(Date);
    const formula = ws.getRow(4).getCell(col('Account name'));
    expect(formula.type).toBe(ExcelJS.ValueType.String);
    expect(formula.value).toBe(injected);

    const dir = await mkdtemp(path.join(tmpdir(), 'jj-export-'));
    try {
      const file = path.join(dir, 'accounts.xlsx');
      await writeFile(file, res.rawPayload);
      const csv = await convertWithLibreOffice(file, 'csv');
      expect(csv.split('\n')[0]).toMatch(/^Account ID,Account name,Segment,Status/);
      expect(csv).toContain(`Round Trip ${tag}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
