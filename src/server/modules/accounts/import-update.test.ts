import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { resaveWithLibreOffice } from '../../../../test/helpers/office';
import { buildAccount, buildContact, buildUser } from '../../factories';
import { accounts } from './tables';

// Export → edit → import updates the accounts the file names; the preview says what each row does.
let t: TestApp;
let manager: Session;
let am: Session;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signIn('manager');
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

type Json = ReturnType<typeof JSON.parse>;
const uid = () => randomBytes(3).toString('hex');
const send = (kind: 'preview' | 'commit', filename: string, content: string | Buffer, s = manager) =>
  t.request({
    method: 'POST',
    url: kind === 'preview' ? '/api/v1/accounts/import/preview' : '/api/v1/accounts/import',
    headers: s.headers,
    payload: { filename, contentBase64: Buffer.from(content).toString('base64') },
  });
const get = (url: string, s = manager) => t.request({ method: 'GET', url, headers: s.headers });
const account = async (id: string) => (await get(`/api/v1/accounts/${id}`)).json();
const accountCount = async () => (await t.db.select({ n: count() }).from(accounts))[0]!.n;

/** Three accounts using every field the import reads; the first has two contacts, the last none. */
async function seed(tag: string) {
  const owner = await buildUser(t.db, { role: 'account_manager', email: `owner-${tag}@example.test` });
  const address = (kind: 'billing' | 'shipping', city: string) => ({
    kind,
    line1: '1 Main St',
    line2: 'Suite 5',
    city,
    region: 'TX',
    postalCode: '02134',
    isDefault: true,
  });
  const a = await buildAccount(t.db, {
    name: `Nguyễn → Zoë Øster ${tag}`,
    segment: 'state',
    status: 'on_hold',
    ownerId: owner.id,
    taxExempt: true,
    taxExemptCertificate: 'TX-EX-88',
    taxExemptExpiresOn: '2027-06-30',
    poRequired: true,
    paymentTerms: 'Net 30',
    tags: [tag, 'blue'],
    notes: 'Two\nlines',
    addresses: [address('billing', 'Austin'), address('shipping', 'Dallas')],
    costCentres: [
      { code: 'MKT', name: 'Marketing' },
      { code: 'OPS', name: 'Operations' },
    ],
  });
  await buildContact(t.db, {
    accountId: a.id,
    firstName: 'Ada',
    lastName: 'Zed',
    title: 'Director',
    emails: [`ada-${tag}@rt.example`],
    phones: [{ number: '+1 512 555 0100', label: 'work' }],
    isPrimary: true,
  });
  await buildContact(t.db, {
    accountId: a.id,
    firstName: 'Bea',
    lastName: 'Young',
    emails: [`bea-${tag}@rt.example`],
  });
  const b = await buildAccount(t.db, {
    name: `Beta ${tag}`,
    segment: 'education',
    tags: [tag],
    taxExempt: true,
  });
  await buildContact(t.db, {
    accountId: b.id,
    firstName: 'Cy',
    lastName: 'Ode',
    emails: [`cy-${tag}@rt.example`],
  });
  const c = await buildAccount(t.db, {
    name: `Gamma ${tag}`,
    segment: 'corporate',
    tags: [tag],
    addresses: [address('shipping', 'Reno')],
  });
  return { a, b, c, owner };
}

async function exportFile(tag: string, format: 'csv' | 'xlsx') {
  const res = await get(`/api/v1/accounts/export?format=${format}&tag=${tag}`);
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

describe('import that updates', () => {
  it('exports every field, re-imports with zero changes, and applies three cells edited in LibreOffice', async () => {
    const tag = `up${uid()}`;
    const { a, b, c } = await seed(tag);
    const before = await accountCount();

    // The unchanged export (CSV and XLSX) re-imports with zero changes.
    for (const format of ['csv', 'xlsx'] as const) {
      const same = (await send('preview', `accounts.${format}`, await exportFile(tag, format))).json();
      expect(same, format).toMatchObject({ creates: 0, updates: 0, unchanged: 3, plans: [], errors: [] });
      expect(same.rows.map((r: Json) => r.action)).toEqual([
        'unchanged',
        'unchanged',
        'unchanged',
        'unchanged',
      ]);
    }

    // Three cells change: a contact's phone on A, B's tax certificate, C's shipping city.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportFile(tag, 'xlsx')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header).toEqual(
      expect.arrayContaining([
        'Account ID',
        'Shipping city',
        'Cost centres',
        'Tax exemption certificate',
        'Tax exemption expires',
        'Owner e-mail',
      ]),
    );
    const col = (name: string) => header.indexOf(name) + 1;
    const rowOf = (name: string, contact?: string) =>
      ws
        .getRows(2, ws.rowCount - 1)!
        .find(
          (r) =>
            r.getCell(col('Account name')).value === name &&
            (!contact || r.getCell(col('Contact first name')).value === contact),
        )!;
    expect(rowOf(a.name, 'Ada').getCell(col('Cost centres')).value).toBe('MKT: Marketing; OPS: Operations');
    expect(rowOf(a.name, 'Ada').getCell(col('Shipping city')).value).toBe('Dallas');
    rowOf(a.name, 'Bea').getCell(col('Contact phone')).value = '+1 512 555 0199';
    rowOf(b.name).getCell(col('Tax exemption certificate')).value = 'ED-42';
    rowOf(c.name).getCell(col('Shipping city')).value = 'Sparks';
    const dir = await mkdtemp(path.join(tmpdir(), 'jj-import-'));
    try {
      const file = path.join(dir, 'accounts.xlsx');
      await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()));
      const edited = await resaveWithLibreOffice(file);

      const preview = (await send('preview', 'accounts.xlsx', edited)).json();
      expect(preview).toMatchObject({ creates: 0, updates: 3, unchanged: 0, errors: [] });
      const changes = Object.fromEntries(preview.plans.map((p: Json) => [p.name, p.changes]));
      expect(preview.plans.map((p: Json) => p.action)).toEqual(['update', 'update', 'update']);
      expect(changes).toEqual({
        [a.name]: [expect.objectContaining({ field: 'contactPhone', from: '', to: '+1 512 555 0199' })],
        [b.name]: [
          { field: 'taxExemptCertificate', label: 'Tax exemption certificate', from: null, to: 'ED-42' },
        ],
        [c.name]: [{ field: 'shippingCity', label: 'Shipping city', from: 'Reno', to: 'Sparks' }],
      });

      const res = await send('commit', 'accounts.xlsx', edited);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({
        accountsCreated: 0,
        accountsUpdated: 3,
        accountsUnchanged: 0,
        contactsCreated: 0,
        contactsUpdated: 1,
      });
      expect(await accountCount()).toBe(before);
      expect((await account(b.id)).taxExemptCertificate).toBe('ED-42');
      const gamma = await account(c.id);
      expect(gamma.addresses).toEqual([expect.objectContaining({ kind: 'shipping', city: 'Sparks' })]);
      const people = (await get(`/api/v1/accounts/${a.id}/contacts`)).json().items;
      expect(people.find((p: Json) => p.firstName === 'Bea').phones).toEqual([{ number: '+1 512 555 0199' }]);
      // Everything else of A is as it was, including what the import does not read (labels, ids).
      const full = await account(a.id);
      expect(full).toMatchObject({
        segment: 'state',
        status: 'on_hold',
        taxExempt: true,
        taxExemptCertificate: 'TX-EX-88',
        taxExemptExpiresOn: '2027-06-30',
        poRequired: true,
        notes: 'Two\nlines',
      });
      expect(full.costCentres.map((x: Json) => x.code)).toEqual(['MKT', 'OPS']);
      expect(people.find((p: Json) => p.firstName === 'Ada').phones).toEqual([
        { number: '+1 512 555 0100', label: 'work' },
      ]);
      // The same file again changes nothing.
      expect((await send('preview', 'accounts.xlsx', edited)).json()).toMatchObject({
        updates: 0,
        unchanged: 3,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('commits the same file twice at once without creating its new accounts twice', async () => {
    const n = uid();
    const csv = [
      'Account name,Segment,Contact first name,Contact last name,Contact e-mail',
      `Race ${n},Corporate,Al,One,al-${n}@race.example`,
      `Race Two ${n},Education,,,`,
    ].join('\n');
    const before = await accountCount();
    const [r1, r2] = await Promise.all([send('commit', 'race.csv', csv), send('commit', 'race.csv', csv)]);
    expect([r1.statusCode, r2.statusCode]).toEqual([201, 201]);
    const results = [r1.json(), r2.json()].sort((x, y) => y.accountsCreated - x.accountsCreated);
    expect(results).toEqual([
      expect.objectContaining({ accountsCreated: 2, contactsCreated: 1 }),
      expect.objectContaining({ accountsCreated: 0, accountsUnchanged: 2, contactsCreated: 0 }),
    ]);
    expect(await accountCount()).toBe(before + 2);
  });

  it('guesses a "Type" column as the segment and matches rows without an id by name', async () => {
    const n = uid();
    const existing = await buildAccount(t.db, { name: `Typed ${n}`, segment: 'corporate' });
    const p = (
      await send('preview', 'typed.csv', `Company,Type\ntyped ${n},School\nNew ${n},Corporate\n`)
    ).json();
    expect(p.mapping.segment).toBe('Type');
    expect(p).toMatchObject({ creates: 1, updates: 1, errors: [] });
    expect(p.plans[0]).toMatchObject({
      accountId: existing.id,
      action: 'update',
      changes: [
        { field: 'accountName', from: `Typed ${n}`, to: `typed ${n}` },
        { field: 'segment', from: 'Corporate', to: 'Education' },
      ],
    });
    expect(p.rows.map((r: Json) => r.action)).toEqual(['update', 'create']);
  });

  it('flags wrong ids, archived accounts, renames onto a taken name and owner changes by an account manager', async () => {
    const n = uid();
    const mine = await buildAccount(t.db, { name: `Mine ${n}`, segment: 'other', ownerId: am.userId });
    const other = await buildAccount(t.db, { name: `Other ${n}`, segment: 'other' });
    const gone = await buildAccount(t.db, { name: `Gone ${n}`, segment: 'other' });
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/accounts/${gone.id}`, headers: manager.headers }))
        .statusCode,
    ).toBeLessThan(300);
    const someone = await buildUser(t.db, { role: 'account_manager' });
    const csv = [
      'Account ID,Account name,Segment,Owner e-mail',
      `12345,Bad Id ${n},Other,`,
      `${gone.id},Gone ${n},Other,`,
      `${mine.id},Other ${n},Other,`,
      `${other.id},Other ${n} B,Other,${someone.email}`,
    ].join('\n');
    const res = await send('commit', 'bad.csv', csv, am);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: 'rows.2.accountId', message: '"12345" is not an Account ID this system wrote' },
      {
        path: 'rows.3.accountId',
        message: `"Gone ${n}" is archived; restore it before importing changes to it`,
      },
      { path: 'rows.4.accountName', message: `An account named "Other ${n}" already exists` },
      { path: 'rows.5.ownerEmail', message: "Only admins and managers change an account's owner" },
    ]);
    expect((await account(mine.id)).name).toBe(`Mine ${n}`);
    // The preview marks the rows with problems.
    const p = (await send('preview', 'bad.csv', csv, am)).json();
    expect(new Set(p.errors.map((e: Json) => e.row))).toEqual(new Set([2, 3, 4, 5]));
    expect(p.rows.map((r: Json) => r.row)).toEqual([2, 3, 4, 5]);
  });
});
