import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app';
import { buildAccount, buildContact } from '../../../factories';
import { todayIn } from '../../../platform/clock';
import { addDays } from '../schedule';

// Serve this module's plugin in place of any other plugin answering the same ticket paths, so the
// test exercises these routes through the real app (auth, errors, OpenAPI) whoever registers what.
vi.mock('../../routes', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../routes')>();
  const { jobDocumentRoutes } = await import('../documents.routes');
  const others = original.moduleRoutes.filter((r) => r !== jobDocumentRoutes && r.name !== 'ticketRoutes');
  return { moduleRoutes: [...others, jobDocumentRoutes] };
});

const schema = {
  fileName: 'xjdf.xsd',
  contents: readFileSync(path.resolve('../shared/standards/xjdf/xjdf.xsd'), 'utf8'),
};
async function validate(xml: string) {
  const result = await validateXML({ xml: [{ fileName: 'job.xjdf', contents: xml }], schema: [schema] });
  if (!result.valid) console.error(result.errors.map((e) => e.rawMessage).join('\n'), `\n${xml}`);
  return result;
}
const dir = mkdtempSync(path.join(tmpdir(), 'jj-documents-'));
const today = todayIn('UTC');

let t: TestApp;
let am: Session;
beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'America/Chicago' });
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

const richItems = [
  {
    productType: 'folded_brochure',
    quantity: 5000,
    description: 'Spring programme, tri-fold',
    pages: 6,
    spec: {
      finishedSize: { width: 3.667, height: 8.5, unit: 'in' },
      flatSize: { width: 11, height: 8.5, unit: 'in' },
      stock: { name: 'Sterling Gloss', weight: '100lb text', finish: 'gloss', colour: 'white' },
      inks: { front: 4, back: 4, spots: ['PMS 286 C'] },
      finishing: { fold: 'tri-fold', score: true },
    },
    proof: 'hard_copy',
    packaging: 'Shrink-wrapped in 100s, boxed',
  },
  {
    productType: 'booklet',
    quantity: 1200,
    pages: 24,
    spec: {
      finishedSize: { width: 148, height: 210, unit: 'mm' },
      flatSize: { width: 296, height: 210, unit: 'mm' },
      stock: { name: 'Munken Pure', weight: '130gsm', finish: 'uncoated' },
      inks: { front: 5, back: 1, spots: ['Reflex Blue'] },
      finishing: { binding: 'saddle stitch', laminate: 'matte both sides', drill: true },
      mailing: { mailClass: 'marketing', dropDate: addDays(today, 35), pieces: 1150 },
    },
  },
];

async function newJob(over: { title?: string; items?: object[]; priority?: string } = {}) {
  const account = await buildAccount(t.db, {
    name: `Riverside Dental ${Math.random().toString(36).slice(2, 7)}`,
    addresses: [
      {
        kind: 'billing',
        line1: '1 Billing Way',
        city: 'Austin',
        region: 'TX',
        postalCode: '78701',
        isDefault: true,
      },
      {
        kind: 'shipping',
        label: 'Warehouse',
        attention: 'Receiving dock 4',
        line1: '200 Dock Rd',
        line2: 'Suite 5',
        city: 'Austin',
        region: 'TX',
        postalCode: '78702',
        isDefault: true,
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
      title: over.title ?? 'Spring campaign',
      dueDate: addDays(today, 30),
      inHandsDate: addDays(today, 32),
      clientPo: 'PO-7781',
      priority: over.priority ?? 'rush',
      description: 'Brochures for the spring open days and a mailed booklet.',
      internalNotes: 'Match PMS 286 to the 2025 run. Pull a press sheet for the AM.',
      clientNotes: 'Please call before delivery.',
      items: over.items ?? richItems,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { job: res.json() as { id: string; number: string }, account };
}

const download = (jobId: string, format: string, s: Session | null = am) =>
  t.request({ method: 'GET', url: `/api/v1/jobs/${jobId}/ticket.${format}`, headers: s?.headers ?? {} });

describe('job ticket PDF', () => {
  it('is a paged PDF with the job number, account and items, and a readable first page', async () => {
    const { job, account } = await newJob();
    const res = await download(job.id, 'pdf');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${job.number}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(dir, `${job.number}.pdf`);
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    for (const s of [
      job.number,
      account.name,
      'Folded brochure',
      'Booklet',
      '3.667 × 8.5 in',
      '148 × 210 mm',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/4\/4 \+ PMS 286 C/);
    expect(text).toContain('200 Dock Rd');
    expect(text).toContain('Match PMS 286 to the 2025 run');
    expect(text).toMatch(/Page 1 of \d/);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(png).toBeDefined();
    expect(readFileSync(path.join(dir, png!)).length).toBeGreaterThan(5000);
  });

  it('breaks a long job over several pages, numbering each', async () => {
    const items = Array.from({ length: 14 }, (_, i) => ({ ...richItems[i % 2], quantity: 100 + i }));
    const { job } = await newJob({ items });
    const file = path.join(dir, `${job.number}-long.pdf`);
    writeFileSync(file, (await download(job.id, 'pdf')).rawPayload);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toMatch(/Item 14 of 14/i);
  });
});

describe('job ticket DOCX', () => {
  it('opens in LibreOffice and shows the job number', { timeout: 90_000 }, async () => {
    const { job, account } = await newJob();
    const res = await download(job.id, 'docx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${job.number}.docx"`);
    const file = path.join(dir, `${job.number}.docx`);
    writeFileSync(file, res.rawPayload);
    const profile = `file://${mkdtempSync(path.join(tmpdir(), 'lo-'))}`;
    execFileSync(
      'soffice',
      ['--headless', `-env:UserInstallation=${profile}`, '--convert-to', 'txt:Text', '--outdir', dir, file],
      { timeout: 60_000, stdio: 'pipe' },
    );
    const text = readFileSync(path.join(dir, `${job.number}.txt`), 'utf8');
    expect(text).toContain(job.number);
    expect(text).toContain(account.name);
    expect(text).toContain('Binding: saddle stitch');
  });
});

describe('job ticket XJDF', () => {
  it('proves the validator: the shared example is valid, a ticket without JobID is not', async () => {
    const example = readFileSync(path.resolve('../shared/standards/xjdf/brochure-trifold-5000.xjdf'), 'utf8');
    expect((await validate(example)).valid).toBe(true);
    const broken = example.replace('JobID="J2026-0042" ', '');
    const result = await validateXML({ xml: [{ fileName: 'b.xjdf', contents: broken }], schema: [schema] });
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.rawMessage).join(' ')).toMatch(/JobID/);
  });

  it('describes a rich job with intents, customer and deliveries, valid against the schema', async () => {
    const { job, account } = await newJob();
    const res = await download(job.id, 'xjdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.cip4-xjdf+xml');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${job.number}.xjdf"`);
    const xml = res.body;
    expect((await validate(xml)).valid).toBe(true);
    expect(xml).toContain('xmlns="http://www.CIP4.org/JDFSchema_2_0"');
    expect(xml).toContain(`JobID="${job.number}"`);
    expect(xml).toContain('FinishedDimensions="264.02 612 0"');
    expect(xml).toContain('Dimensions="839.06 595.28"');
    expect(xml).toContain('FoldCatalog="F6-1"');
    expect(xml).toContain('BindingType="SaddleStitch"');
    expect(xml).toMatch(/<MediaIntent [^>]*Weight="130" MediaQuality="Munken Pure, 130gsm, uncoated"/);
    expect(xml).toMatch(
      /<MediaIntent MediaType="Paper" Coating="Gloss" BackCoating="Gloss" MediaQuality="Sterling/,
    );
    expect(xml).toContain('ColorsUsed="Cyan Magenta Yellow Black PMS_286_C"');
    expect(xml).toContain(`OrganizationName="${account.name}"`);
    expect(xml).toContain('<Part ContactType="Delivery" DropID="D1"/>');
    expect(xml).toContain('Method="USPS-Marketing"');
    expect(xml).toContain('<DropItem ItemRef="Item_2" Amount="1150"/>');
    expect(xml).toMatch(/Required="\d{4}-\d{2}-\d{2}T17:00:00-0[56]:00"/);
    expect(xml).not.toContain('DeliveryIntent');
  });

  it.each([
    ['no spec at all', [{ productType: 'other', quantity: 10 }]],
    [
      'folds and bindings it cannot map',
      [
        {
          productType: 'folded_brochure',
          quantity: 50,
          spec: { finishing: { fold: 'gate fold', binding: 'sewn' } },
        },
        {
          productType: 'booklet',
          quantity: 60,
          spec: { finishing: { binding: 'perfect bound' }, inks: { front: 1, back: 0 } },
        },
      ],
    ],
    [
      'a mailing service only',
      [{ productType: 'mailing_service', quantity: 9000, spec: { mailing: { mailClass: 'first_class' } } }],
    ],
  ])('stays valid with %s', async (_, items) => {
    const { job } = await newJob({ items, priority: 'low' });
    const xml = (await download(job.id, 'xjdf')).body;
    expect((await validate(xml)).valid).toBe(true);
    expect(xml).not.toContain('FoldCatalog');
  });

  it('escapes special characters in titles and notes', async () => {
    const title = `Tom & Jerry's <"Best"> flyer`;
    const { job } = await newJob({
      title,
      items: [{ productType: 'flat_sheet', quantity: 1, description: 'A & B <c> "d" \'e\'' }],
    });
    const xml = (await download(job.id, 'xjdf')).body;
    expect((await validate(xml)).valid).toBe(true);
    expect(xml).toContain('DescriptiveName="Tom &amp; Jerry&apos;s &lt;&quot;Best&quot;&gt; flyer"');
    const pdf = path.join(dir, 'special.pdf');
    writeFileSync(pdf, (await download(job.id, 'pdf')).rawPayload);
    expect(execFileSync('pdftotext', [pdf, '-']).toString()).toContain(title);
  });
});

describe('job ticket access', () => {
  it('answers 404 problem for an unknown job, lets purchasing download, and 401 without credentials', async () => {
    const missing = await download('00000000-0000-4000-8000-000000000000', 'pdf');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const { job } = await newJob({ items: [{ productType: 'postcard', quantity: 100 }] });
    const buyer = await t.signIn('purchasing');
    for (const format of ['pdf', 'docx', 'xjdf']) {
      expect((await download(job.id, format, buyer)).statusCode).toBe(200);
      expect((await download(job.id, format, null)).statusCode).toBe(401);
    }
  });

  it('documents the three downloads in the OpenAPI document', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const format of ['pdf', 'docx', 'xjdf'])
      expect(doc.paths[`/api/v1/jobs/{id}/ticket.${format}`]).toBeDefined();
  });
});
