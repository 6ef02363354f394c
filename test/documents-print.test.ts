import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bwipjs from 'bwip-js/node';
import { and, eq } from 'drizzle-orm';
import { createTestApp, PASSWORD, type Session, type TestApp } from './helpers/app';
import { convertWithLibreOffice } from './helpers/office';
import {
  buildAccount,
  buildMaterial,
  buildPortal,
  buildPortalUser,
  buildProduct,
  buildUser,
  buildVendor,
} from '../src/server/factories';
import { auditEvents } from '../src/server/platform/audit-tables';
import { addDays } from '../src/server/platform/calendar/working-days';
import { todayIn } from '../src/server/platform/clock';

// What the users typed and the PDFs printed wrong ("→" as "!’", "Nguyễn" as "NguyÅn").
const NAME = 'Nguyễn → Zoë Øster';
const dir = mkdtempSync(path.join(tmpdir(), 'jj-print-'));
let t: TestApp;
let admin: Session;
let am: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

/** Saves the response as a file and answers its path. */
function save(body: Buffer, name: string) {
  const file = path.join(dir, name);
  writeFileSync(file, body);
  return file;
}
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
/** Images placed on the pages (an image's transparency mask is listed apart and not counted). */
const imagesIn = (file: string) =>
  execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line)).length;

async function jobWithOneItem(title: string, over: object = {}) {
  const account = await buildAccount(t.db, {
    name: `Print Client ${Math.random().toString(36).slice(2, 7)}`,
  });
  const res = await api('POST', '/jobs', am, {
    accountId: account.id,
    title,
    dueDate: addDays(todayIn('UTC'), 30),
    items: [{ productType: 'postcard', quantity: 2500 }],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; items: { id: string }[] };
}

describe('documents that print right', () => {
  it('a job ticket prints the typed name exactly and a one-item ticket is one page', async () => {
    const job = await jobWithOneItem(NAME);
    const res = await api('GET', `/jobs/${job.id}/ticket.pdf`, am);
    expect(res.statusCode).toBe(200);
    const file = save(res.rawPayload, 'ticket.pdf');
    expect(pdfText(file)).toContain(NAME);
    expect(pdfInfo(file)).toMatch(/^Pages:\s+1$/m);
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/DejaVuSans.*yes/);
  });

  it("a client's variable-data proof prints the typed name exactly", async () => {
    const portal = await buildPortal(t.db);
    const card = await buildProduct(t.db, portal.id, {
      kind: 'variable_data',
      productType: 'business_card',
      fields: [{ name: 'fullName', label: 'Name', required: true }],
      minQuantity: 250,
      multipleOf: 250,
    });
    const buyer = await buildPortalUser(t.db, portal.id);
    const login = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${portal.slug}/auth/login`,
      payload: { email: buyer.email, password: PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'jj_portal')!;
    const proof = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${portal.slug}/catalog/${card.id}/proof.pdf`,
      headers: { cookie: `jj_portal=${cookie.value}`, 'x-csrf-token': login.json().csrfToken },
      payload: { values: { fullName: NAME } },
    });
    expect(proof.statusCode, proof.body).toBe(200);
    expect(pdfText(save(proof.rawPayload, 'proof.pdf'))).toContain(NAME);
  });

  it("a report PDF prints the account manager's typed name exactly", async () => {
    const owner = await buildUser(t.db, { role: 'account_manager', name: NAME });
    await buildAccount(t.db, { name: `Ågård ${Math.random().toString(36).slice(2, 6)}`, ownerId: owner.id });
    const res = await api('GET', `/reports/book-of-business/export.pdf?ownerId=${owner.id}`, admin);
    expect(res.statusCode, res.body).toBe(200);
    const text = pdfText(save(res.rawPayload, 'report.pdf'));
    expect(text).toContain(`Account manager: ${NAME}`); // the parameters line
    expect(text).toContain('Ågård');
  });
});

describe("the shop's profile", () => {
  it('is edited by an admin only, checked, audited, and defaults to the configured name', async () => {
    const before = (await api('GET', '/shop-profile', am)).json();
    expect(before).toMatchObject({ name: 'Jobjacket Print & Mail', paperSize: 'letter', logoUrl: null });
    const profile = {
      name: 'Ørsted Press',
      address: '1200 Press Row\nDayton, OH 45402',
      paperSize: 'letter',
    };
    expect((await api('PUT', '/shop-profile', am, profile)).statusCode).toBe(403);
    const bad = await api('PUT', '/shop-profile', admin, {
      ...profile,
      email: 'not-an-address',
      paperSize: 'B5',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.email', 'body.paperSize']);
    const saved = await api('PUT', '/shop-profile', admin, {
      ...profile,
      phone: '+1 937 555 0100',
      email: 'orders@orsted.example',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      name: 'Ørsted Press',
      phone: '+1 937 555 0100',
      updatedBy: admin.email,
    });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'shop-profile.updated'), eq(auditEvents.actorId, admin.userId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ name: 'Ørsted Press' });
  });

  it('takes a PNG logo checked by its content, and refuses what is not an image', async () => {
    const disguised = await api('PUT', '/shop-profile/logo', admin, {
      filename: 'logo.png',
      contentBase64: Buffer.from('<html><script>alert(1)</script></html>').toString('base64'),
    });
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json().errors[0]).toMatchObject({ path: 'contentBase64' });
    const truncated = (await logoPng()).subarray(0, 40);
    const broken = await api('PUT', '/shop-profile/logo', admin, {
      filename: 'logo.png',
      contentBase64: truncated.toString('base64'),
    });
    expect(broken.statusCode).toBe(400);

    const png = await logoPng();
    const set = await api('PUT', '/shop-profile/logo', admin, {
      filename: 'logo.png',
      contentBase64: png.toString('base64'),
    });
    expect(set.statusCode, set.body).toBe(200);
    const logo = await t.request({ method: 'GET', url: set.json().logoUrl, headers: am.headers });
    expect(logo.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(logo.rawPayload, png)).toBe(0);
  });

  it('prints on purchase orders, packing slips (with the client PO), bills of lading, tickets and reports', async () => {
    await api('PUT', '/shop-profile', admin, {
      name: 'Ørsted Press',
      address: '1200 Press Row\nDayton, OH 45402',
      phone: '+1 937 555 0100',
      paperSize: 'letter',
    });
    const logo = { filename: 'logo.png', contentBase64: (await logoPng()).toString('base64') };
    expect((await api('PUT', '/shop-profile/logo', admin, logo)).statusCode).toBe(200);
    const buyer = await t.signIn('purchasing');
    const vendor = await buildVendor(t.db);
    const material = await buildMaterial(t.db, { preferredVendorId: vendor.id });
    const po = (
      await api('POST', '/purchase-orders', buyer, {
        vendorId: vendor.id,
        lines: [{ materialId: material.id, quantity: 500, unitCostCents: 4 }],
      })
    ).json();
    const poFile = save((await api('GET', `/purchase-orders/${po.id}.pdf`, buyer)).rawPayload, 'po.pdf');
    const poText = pdfText(poFile);
    expect(poText).toContain('Ørsted Press');
    expect(poText).toContain('1200 Press Row');
    expect(imagesIn(poFile)).toBe(2); // the logo and the barcode

    const job = await jobWithOneItem('Letterhead run', { clientPo: 'CPO-4471' });
    const shipment = await api('POST', '/shipments', am, {
      jobId: job.id,
      carrier: 'freight',
      address: { name: 'Acme Corp', line1: '200 Dock Rd', city: 'Austin', region: 'TX', postalCode: '78702' },
      packages: [{ weightLb: 400, contents: 'Postcards' }],
      freight: { pallets: 1, freightClass: '60', nmfc: '161700' },
      items: [{ itemId: job.items[0]!.id, quantity: 2500 }],
    });
    expect(shipment.statusCode, shipment.body).toBe(201);
    const id = shipment.json().id;
    const slip = pdfText(
      save((await api('GET', `/shipments/${id}/packing-slip.pdf`, am)).rawPayload, 'slip.pdf'),
    );
    expect(slip).toContain('Ørsted Press');
    expect(slip).toMatch(/Your PO[\s\S]*CPO-4471/);
    const bol = pdfText(
      save((await api('GET', `/shipments/${id}/bill-of-lading.pdf`, am)).rawPayload, 'bol.pdf'),
    );
    expect(bol).toMatch(/SHIPPER[\s\S]*BILL FREIGHT CHARGES TO/);
    expect(bol.match(/Ørsted Press/g)!.length).toBeGreaterThanOrEqual(3); // letterhead, shipper, bill-to
    expect(bol.match(/1200 Press Row/g)!.length).toBeGreaterThanOrEqual(3);

    const ticket = pdfText(
      save((await api('GET', `/jobs/${job.id}/ticket.pdf`, am)).rawPayload, 'lh-ticket.pdf'),
    );
    expect(ticket).toContain('Ørsted Press · Job ticket');
    expect(ticket).toContain('1200 Press Row');
    const report = await api('GET', `/reports/book-of-business/export.pdf?ownerId=${am.userId}`, admin);
    expect(pdfText(save(report.rawPayload, 'lh-report.pdf'))).toMatch(/Ørsted Press[\s\S]*1200 Press Row/);
  });

  it('sets the paper of PDFs and Word documents: A4 once the profile says so', async () => {
    const job = await jobWithOneItem('Paper size');
    const paperOf = async (name: string) => {
      const pdf = save((await api('GET', `/jobs/${job.id}/ticket.pdf`, am)).rawPayload, `${name}.pdf`);
      const docx = save(
        (await api('GET', `/jobs/${job.id}/ticket.docx`, am)).rawPayload,
        `${name}-word.docx`,
      );
      await convertWithLibreOffice(docx, 'pdf');
      const size = (file: string) => pdfInfo(file).match(/^Page size:\s+(.*)$/m)![1];
      return { pdf: size(pdf), word: size(docx.replace(/\.docx$/, '.pdf')) };
    };
    const letter = await paperOf('letter');
    expect(letter.pdf).toContain('612 x 792 pts (letter)');
    expect(letter.word).toContain('612 x 792 pts (letter)');
    const profile = (await api('GET', '/shop-profile', admin)).json();
    await api('PUT', '/shop-profile', admin, {
      name: profile.name,
      address: profile.address,
      paperSize: 'a4',
    });
    const a4 = await paperOf('a4');
    expect(a4.pdf).toMatch(/595\.2\d? x 841\.8\d? pts \(A4\)/);
    expect(a4.word).toMatch(/\(A4\)/);
  }, 120_000);
});

/** A real PNG (a QR code drawn by the barcode library the shop already uses). */
const logoPng = () => bwipjs.toBuffer({ bcid: 'qrcode', text: 'https://orsted.example', scale: 2 });
