import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  buildAccount,
  buildContact,
  buildJob,
  buildPortal,
  buildPortalUser,
  buildUser,
} from '../../src/server/factories';
import { smtpPeer } from '../helpers/smtp';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
beforeAll(async () => {
  peer = await smtpPeer();
  h = await startHarness({ SMTP_URL: peer.url, MAIL_FROM: 'Print shop <shop@example.test>' });
  await h.ctx.queue.work();
});
afterAll(async () => {
  await h?.close();
  await peer?.close();
});

const password = 'correct horse battery';
const folder = mkdtempSync(path.join(tmpdir(), 'jj-proofs-'));

/** A one-page PDF proof saying which version it is, written where the file chooser can pick it up. */
async function proofPdf(name: string, title: string, text: string) {
  const doc = new PDFDocument({ size: [432, 288] });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.fontSize(22).text(title, 36, 60).fontSize(14).text(text, 36, 110);
  doc.end();
  await done;
  const dir = mkdtempSync(path.join(folder, 'v-'));
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

/** Uploads a proof of item 1 through the job page's Files card. */
async function uploadProof(page: Page, file: string) {
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Proof' }).click();
  await page.getByRole('button', { name: 'Upload' }).click();
}

/** Sends the newest version of the proof from the job page's Proofs card. */
async function sendProof(page: Page, file: string, version: number, to = 'zoe@gala.example') {
  await page.getByRole('combobox', { name: 'Proof file' }).click();
  await page.getByRole('option', { name: `${file} v${version}` }).click();
  await page.getByRole('button', { name: 'Send proof' }).click();
  await page.getByText(`Proof ${file} v${version} sent to ${to}`).waitFor();
}

/** The path of the proof link in the e-mail the contact received (the link names the public URL's host). */
async function linkIn(subject: string) {
  const mail = await peer.message('zoe@gala.example', subject);
  const found = /\/proof\/jjp_[A-Za-z0-9_-]+/.exec(mail.text ?? '');
  expect(found, mail.text).not.toBeNull();
  return found![0];
}

describe('proofs clients approve', () => {
  it('a client approves from the e-mailed link, bound to version 2 after version 1 was rejected', async () => {
    const am = await buildUser(h.ctx.db, {
      email: 'am@proofs.test',
      name: 'Ana Manager',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, { name: 'Harbor Museum', ownerId: am.id });
    const contact = await buildContact(h.ctx.db, {
      accountId: account.id,
      firstName: 'Zoë',
      lastName: 'Øster',
      emails: ['zoe@gala.example'],
    });
    const job = await buildJob(h.ctx.db, {
      accountId: account.id,
      contactId: contact.id,
      ownerId: am.id,
      title: 'Gala invitations',
      items: [{ productType: 'postcard', quantity: 500, description: 'Gala invitation 5×7', proof: 'pdf' }],
    });

    const page = await signIn(h, 'am@proofs.test', password);
    await page.goto(`${h.base}/jobs/${job.id}`);
    await uploadProof(
      page,
      await proofPdf('gala-proof.pdf', 'Gala invitation', 'Version 1 — Saturday, May 9'),
    );
    await page.getByText('gala-proof.pdf v1 uploaded').waitFor();
    await sendProof(page, 'gala-proof.pdf', 1);
    const first = await linkIn('gala-proof.pdf v1');

    // The client, without an account, asks for changes to version 1.
    const client = await (await h.browser.newContext({ viewport: { width: 1100, height: 1000 } })).newPage();
    await client.goto(`${h.base}${first}`);
    await client.getByRole('heading', { name: `${job.number} · Item 1: Gala invitation 5×7` }).waitFor();
    await client.getByText('gala-proof.pdf, version 1').waitFor();
    await client.getByRole('button', { name: 'Request changes to gala-proof.pdf version 1' }).click();
    await client.getByText('Say what should change').waitFor();
    await client.getByRole('button', { name: 'Approve gala-proof.pdf version 1' }).click();
    await client.getByText('Type your name to sign the decision').waitFor();
    await client.getByRole('textbox', { name: 'Your name' }).fill('Zoë Øster');
    await client.getByRole('textbox', { name: 'Comment' }).fill('The gala is on Friday, May 8');
    await client.getByRole('button', { name: 'Request changes to gala-proof.pdf version 1' }).click();
    await client.getByText('Changes requested by Zoë Øster').waitFor();

    // The account manager sees it, uploads version 2 (the item waits again) and sends it.
    await page.reload();
    const sentTable = page.getByRole('table', { name: 'Proofs sent' });
    await sentTable.getByText('Changes requested', { exact: true }).waitFor();
    await sentTable.getByText('“The gala is on Friday, May 8”').waitFor();
    await uploadProof(page, await proofPdf('gala-proof.pdf', 'Gala invitation', 'Version 2 — Friday, May 8'));
    await page.getByText('gala-proof.pdf v2 uploaded').waitFor();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Proof of item 1' }).inputValue())
      .toBe('Pending');
    await sendProof(page, 'gala-proof.pdf', 2);
    const second = await linkIn('gala-proof.pdf v2');
    expect(second).not.toBe(first);

    // The first link shows its decision, read-only; the second takes the approval, bound to version 2.
    await client.goto(`${h.base}${first}`);
    await client.getByText('Changes requested by Zoë Øster').waitFor();
    expect(await client.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    await client.goto(`${h.base}${second}`);
    await client.getByText('gala-proof.pdf, version 2').waitFor();
    await client.getByTitle('Proof gala-proof.pdf version 2').waitFor();
    await client.getByRole('textbox', { name: 'Your name' }).fill('Zoë Øster');
    await client.waitForTimeout(2500); // the browser's PDF viewer draws the page after the frame loads
    await client.screenshot({ path: 'docs/screenshots/proof-link.png', fullPage: true });
    await client.getByRole('button', { name: 'Approve gala-proof.pdf version 2' }).click();
    await client.getByText('Approved by Zoë Øster').waitFor();

    await page.reload();
    await sentTable.getByRole('row', { name: /gala-proof\.pdf v2.*Approved/ }).waitFor();
    await sentTable.getByText(/approved after less than an hour/).waitFor();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Proof of item 1' }).inputValue())
      .toBe('Approved');
    const notes = await (await page.request.get(`${h.base}/api/v1/notifications`)).json();
    expect(notes.items[0].title).toContain(`Proof approved: Proof gala-proof.pdf v2 of ${job.number}`);
    await page
      .locator('section, div')
      .filter({ hasText: /^Proofs/ })
      .first()
      .screenshot({
        path: 'docs/screenshots/job-proofs.png',
      });
  });

  it('a buyer approves a proof in the portal', async () => {
    const am = await buildUser(h.ctx.db, { email: 'am2@proofs.test', role: 'account_manager', password });
    const account = await buildAccount(h.ctx.db, { name: 'Lakeside College', ownerId: am.id });
    const contact = await buildContact(h.ctx.db, {
      accountId: account.id,
      firstName: 'Rene',
      emails: ['rene@lakeside.example'],
    });
    const portal = await buildPortal(h.ctx.db, {
      accountId: account.id,
      slug: 'lakeside',
      name: 'Lakeside print shop',
    });
    await buildPortalUser(h.ctx.db, portal.id, {
      email: 'bea@lakeside.example',
      name: 'Bea Buyer',
      role: 'buyer',
      password,
    });
    const job = await buildJob(h.ctx.db, {
      accountId: account.id,
      contactId: contact.id,
      ownerId: am.id,
      title: 'Fall viewbook',
      items: [{ productType: 'booklet', quantity: 3000, pages: 16, description: 'Viewbook', proof: 'pdf' }],
    });
    const staff = await signIn(h, 'am2@proofs.test', password);
    await staff.goto(`${h.base}/jobs/${job.id}`);
    await uploadProof(staff, await proofPdf('viewbook-proof.pdf', 'Fall viewbook', 'Cover, version 1'));
    await staff.getByText('viewbook-proof.pdf v1 uploaded').waitFor();
    await sendProof(staff, 'viewbook-proof.pdf', 1, 'rene@lakeside.example');

    const buyer = await (await h.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await buyer.goto(`${h.base}/p/lakeside`);
    await buyer.getByLabel('E-mail').fill('bea@lakeside.example');
    await buyer.getByRole('textbox', { name: 'Password' }).fill(password);
    await buyer.getByRole('button', { name: 'Sign in' }).click();
    await buyer.getByRole('link', { name: 'Proofs' }).click();
    await buyer.getByRole('heading', { name: 'Proofs' }).waitFor();
    const card = buyer.getByRole('region', { name: `Proof ${job.number} Item 1: Viewbook` });
    await card.getByText('Waiting for your decision').waitFor();
    await card.getByText('waiting on you for less than an hour').waitFor();
    await card.getByRole('button', { name: 'Show the proof' }).click();
    await card.getByTitle('Proof viewbook-proof.pdf version 1').waitFor();
    await buyer.waitForTimeout(2500); // the browser's PDF viewer draws the page after the frame loads
    await buyer.screenshot({ path: 'docs/screenshots/portal-proofs.png', fullPage: true });
    await card.getByRole('textbox', { name: 'Comment' }).fill('Approved for print');
    await card.getByRole('button', { name: 'Approve viewbook-proof.pdf version 1' }).click();
    await card.getByText('Approved by Bea Buyer').waitFor();

    const decided = await (await staff.request.get(`${h.base}/api/v1/jobs/${job.id}`)).json();
    expect(decided.items[0]).toMatchObject({
      proofStatus: 'approved',
      proofDecidedBy: 'Bea Buyer',
      proofComment: 'Approved for print',
    });
  });
});
