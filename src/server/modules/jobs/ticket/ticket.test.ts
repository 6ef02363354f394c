import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app';
import { buildAccount, buildContact } from '../../../factories';
import { todayIn } from '../../../platform/clock';
import { addDays } from '../../../platform/calendar/working-days';
import { seedDemo } from '../../../demo/seed';
import { standardsPath } from '../../../../../test/helpers/standards';
import { convertWithLibreOffice } from '../../../../../test/helpers/office';

const schemaPath = standardsPath('xjdf', 'xjdf.xsd');
const schema = { fileName: 'xjdf.xsd', contents: readFileSync(schemaPath, 'utf8') };
const validate = (xml: string) =>
  validateXML({ xml: [{ fileName: 'job.xjdf', contents: xml }], schema: [schema] });
const dir = mkdtempSync(path.join(tmpdir(), 'jj-ticket-'));

let t: TestApp;
let am: Session;
beforeAll(async () => {
  t = await createTestApp();
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

async function jobWith(title: string, items: object[]) {
  const account = await buildAccount(t.db, {
    name: `Ticket Client ${Math.random().toString(36).slice(2, 7)}`,
    addresses: [
      {
        kind: 'shipping',
        line1: '200 Dock Rd',
        city: 'Austin',
        region: 'TX',
        postalCode: '78702',
        isDefault: true,
        attention: 'Receiving',
      },
    ],
  });
  const contact = await buildContact(t.db, { accountId: account.id, firstName: 'Rosa', lastName: 'Díaz' });
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: am.headers,
    payload: {
      accountId: account.id,
      contactId: contact.id,
      title,
      dueDate: addDays(todayIn('UTC'), 30),
      items,
      internalNotes: 'Match PMS 286 to the 2025 run',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { job: res.json(), account };
}
const download = (jobId: string, format: string) =>
  t.request({ method: 'GET', url: `/api/v1/jobs/${jobId}/ticket.${format}`, headers: am.headers });

const rich = [
  {
    productType: 'folded_brochure',
    quantity: 5000,
    pages: 6,
    spec: {
      finishedSize: { width: 3.667, height: 8.5, unit: 'in' },
      flatSize: { width: 11, height: 8.5, unit: 'in' },
      stock: { weight: '148gsm', finish: 'gloss', name: '100lb text' },
      inks: { front: 4, back: 4, spots: ['PMS 286'] },
      finishing: { fold: 'Tri-fold', score: true },
    },
  },
  {
    productType: 'booklet',
    quantity: 1200,
    pages: 24,
    spec: {
      finishedSize: { width: 210, height: 297, unit: 'mm' },
      inks: { front: 4, back: 1, spots: [] },
      finishing: { binding: 'Saddle stitch' },
    },
  },
  {
    productType: 'mailing_service',
    quantity: 5000,
    spec: { mailing: { mailClass: 'marketing', pieces: 5000, dropDate: '2030-01-15' } },
  },
  { productType: 'other', quantity: 1 },
];

describe('job ticket', () => {
  it('prints a PDF that shows the job number, account and items', async () => {
    const { job, account } = await jobWith('Spring brochure', rich);
    const res = await download(job.id, 'pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`${job.number}.pdf`);
    const file = path.join(dir, `${job.number}.pdf`);
    writeFileSync(file, res.rawPayload);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    for (const expected of [
      job.number,
      account.name,
      'Folded brochure',
      'Tri-fold',
      '200 Dock Rd',
      'Match PMS 286',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Page 1 of \d/);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
  });

  it('writes a Word document that LibreOffice opens with the job number in it', async () => {
    const { job } = await jobWith('Viewbook', rich.slice(0, 2));
    const res = await download(job.id, 'docx');
    expect(res.statusCode).toBe(200);
    const file = path.join(dir, `${job.number}.docx`);
    writeFileSync(file, res.rawPayload);
    const text = await convertWithLibreOffice(file, 'txt:Text');
    expect(text).toContain(job.number);
    expect(text).toContain('Viewbook');
    expect(text).toContain('Saddle stitch');
  }, 150_000);

  it('exports XJDF that validates against the CIP4 schema, for every kind of item', async () => {
    const example = await validate(readFileSync(standardsPath('xjdf', 'brochure-trifold-5000.xjdf'), 'utf8'));
    expect(example.valid, JSON.stringify(example.errors)).toBe(true);
    const jobs = [
      await jobWith('Rich & "special" <characters> \'quoted\'', rich),
      await jobWith('Bare', [{ productType: 'postcard', quantity: 250 }]),
    ];
    for (const { job } of jobs) {
      const res = await download(job.id, 'xjdf');
      expect(res.statusCode).toBe(200);
      const result = await validate(res.body);
      expect(result.valid, `${job.title}: ${JSON.stringify(result.errors)}`).toBe(true);
      expect(res.body).toContain(`JobID="${job.number}"`);
    }
    const rich0 = (await download(jobs[0]!.job.id, 'xjdf')).body;
    expect(rich0).toContain('FoldCatalog="F6-1"');
    expect(rich0).toContain('BindingType="SaddleStitch"');
    expect(rich0).toContain('FinishedDimensions="264.02 612 0"');
    expect(rich0).toContain('Weight="148"');
    const broken = await validate(
      rich0.replace(/ JobID="[^"]*"/, '').replace('<ProductList>', '<ProductList><Nonsense/>'),
    );
    expect(broken.valid).toBe(false);
  });

  it('answers 404 for an unknown job and 401 without credentials', async () => {
    const missing = await t.request({
      method: 'GET',
      url: '/api/v1/jobs/00000000-0000-4000-8000-000000000000/ticket.pdf',
      headers: am.headers,
    });
    expect(missing.statusCode).toBe(404);
    const anonymous = await t.request({
      method: 'GET',
      url: '/api/v1/jobs/00000000-0000-4000-8000-000000000000/ticket.xjdf',
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('exports valid XJDF for every job of the demo shop', async () => {
    const demo = await createTestApp();
    try {
      await demo.db.transaction((db) => seedDemo(db, todayIn('UTC')));
      const admin = await demo.signIn('admin');
      const jobs = (
        await demo.request({ method: 'GET', url: '/api/v1/jobs?limit=200', headers: admin.headers })
      ).json().items;
      expect(jobs.length).toBeGreaterThan(20);
      for (const job of jobs) {
        const xml = (
          await demo.request({
            method: 'GET',
            url: `/api/v1/jobs/${job.id}/ticket.xjdf`,
            headers: admin.headers,
          })
        ).body;
        const result = await validate(xml);
        expect(result.valid, `${job.number}: ${JSON.stringify(result.errors)}`).toBe(true);
      }
    } finally {
      await demo.close();
    }
  }, 120_000);
});
