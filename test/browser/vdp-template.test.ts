import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildPortal,
  buildPortalUser,
  buildProduct,
  buildUser,
} from '../../src/server/factories';
import { pdfBytes } from '../../src/server/platform/documents/fonts';
import { signIn, startHarness, type Harness } from './harness';

// Issue 21, part 3 in the browser: the AM places a field on the client's uploaded design; the buyer's proof shows it.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const password = 'correct horse battery';

/** The client's card design: 252 × 144 pt, a blue band and the company name. */
async function design(): Promise<Buffer> {
  const doc = new PDFDocument({ size: [252, 144], margin: 0 });
  const done = pdfBytes(doc);
  doc.rect(0, 0, 252, 24).fill('#1d4ed8');
  doc.fillColor('#111111').fontSize(9).text('HARBOUR CITY COUNCIL', 18, 118);
  doc.end();
  return done;
}

describe('variable-data template', () => {
  it('the AM places the name on the uploaded design by mouse and keyboard; the buyer’s proof shows the value there', async () => {
    await buildUser(h.ctx.db, {
      email: 'amy@shop.test',
      name: 'Amy Account',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, {
      name: 'Harbour City Council',
      addresses: [
        {
          kind: 'shipping',
          label: 'Civic',
          line1: '1 Quay St',
          city: 'Hobart',
          region: 'TAS',
          postalCode: '7000',
          isDefault: true,
        },
      ],
      costCentres: [{ name: 'Communications', code: 'COM' }],
    });
    const portal = await buildPortal(h.ctx.db, {
      accountId: account.id,
      slug: 'harbour',
      name: 'Harbour print',
    });
    const card = await buildProduct(h.ctx.db, portal.id, {
      kind: 'variable_data',
      sku: 'HCC-BC',
      name: 'Council business card',
      productType: 'business_card',
      fields: [
        { name: 'fullName', label: 'Name', required: true },
        { name: 'title', label: 'Title' },
      ],
      minQuantity: 250,
      multipleOf: 250,
    });
    const buyer = await buildPortalUser(h.ctx.db, portal.id, {
      email: 'zoe@harbour.example',
      name: 'Zoë Øster',
    });

    const am = await signIn(h, 'amy@shop.test', password);
    await am.goto(`${h.base}/portals/${portal.id}/products`);
    await am.getByRole('link', { name: 'Template' }).click();
    await am.getByRole('heading', { name: 'Template: Council business card' }).waitFor();
    await am.locator('input[type=file][accept*="pdf"]').setInputFiles({
      name: 'council-card.pdf',
      mimeType: 'application/pdf',
      buffer: await design(),
    });
    await am.getByText('council-card.pdf · version 1').waitFor();
    // pdf.js drew the design: the canvas has the blue band's pixels.
    const canvas = am.getByLabel('Design, page 1');
    await canvas.waitFor();
    const drawn = () =>
      expect
        .poll(
          () =>
            am.getByLabel('Design, page 1').evaluate((el) => {
              const c = el as HTMLCanvasElement;
              const px = c.getContext('2d')!.getImageData(Math.floor(c.width / 2), 2, 1, 1).data;
              return px[2]! > 150 && px[0]! < 100;
            }),
          // pdf.js loads its worker and draws the page: seconds on a busy machine (vitest's default is 1 s).
          { timeout: 20_000 },
        )
        .toBe(true);
    await drawn();

    // Place the name: choose it, click the design where its box starts, then nudge it by keyboard.
    await am.getByRole('combobox', { name: 'Place a field' }).click();
    await am.getByRole('option', { name: 'Name' }).click();
    const surface = am.getByTestId('design-surface');
    const box = (await surface.boundingBox())!;
    const scale = box.width / 252;
    await am.mouse.click(box.x + 20 * scale, box.y + 50 * scale);
    const x = am.getByRole('textbox', { name: 'Name x (pt)' });
    await expect.poll(async () => Math.round(Number(await x.inputValue())), { timeout: 10_000 }).toBe(20);
    await am.getByRole('button', { name: /^Name box at/ }).focus();
    await am.keyboard.press('Shift+ArrowRight'); // +10 pt
    await am.keyboard.press('ArrowRight'); // +1 pt
    await expect.poll(async () => Math.round(Number(await x.inputValue())), { timeout: 10_000 }).toBe(31);
    // And by typing the numbers.
    const y = am.getByRole('textbox', { name: 'Name y (pt)' });
    await y.fill('48');
    await am.getByRole('textbox', { name: 'Name size (pt)' }).fill('13');
    await am.getByRole('button', { name: 'Save template' }).click();
    await am.getByText('Template saved').waitFor();
    await am.getByText(/version 2/).waitFor();
    await drawn();
    await am.getByRole('button', { name: /^Name box at 30.9, 48 pt/ }).waitFor();
    await am.evaluate(() => window.scrollTo(0, 0));
    await am.screenshot({ path: 'docs/screenshots/vdp-template-editor.png' });
    // The editor on a phone: the design shrinks to the screen, nothing sticks out sideways.
    await am.setViewportSize({ width: 390, height: 844 });
    await am.getByRole('button', { name: /^Name box at 30.9, 48 pt/ }).waitFor();
    await drawn();
    // The design is drawn again at the new width a moment after the resize.
    await expect
      .poll(() => am.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
      .toBeLessThanOrEqual(0);

    // The buyer on a phone types the name; the proof the screen gets carries it in the client's design.
    const phone = await (await h.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto(`${h.base}/p/harbour`);
    await phone.getByLabel('E-mail').fill(buyer.email);
    await phone.getByRole('textbox', { name: 'Password' }).fill(password);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('link', { name: 'Council business card' }).click();
    const proofAnswer = phone.waitForResponse(
      (r) => r.url().endsWith('/proof.pdf') && r.request().postData()?.includes('Nguy') === true,
    );
    await phone.getByRole('textbox', { name: 'Name' }).fill('Nguyễn Thị Zoë');
    const answer = await proofAnswer;
    expect(answer.status()).toBe(200);
    await phone.getByTitle('Proof of your item').waitFor();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jj-vdp-')), 'proof.pdf');
    // The same values on the same template version give the same bytes (vdp.test.ts): ask for them again.
    const me = await (await phone.request.get(`${h.base}/api/v1/portal/harbour/auth/me`)).json();
    const again = await phone.request.post(`${h.base}/api/v1/portal/harbour/catalog/${card.id}/proof.pdf`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { values: { fullName: 'Nguyễn Thị Zoë' } },
    });
    writeFileSync(file, await again.body());
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text).toContain('Nguyễn Thị Zoë');
    expect(text).toContain('HARBOUR CITY COUNCIL');
    const bbox = execFileSync('pdftotext', ['-bbox', file, '-']).toString();
    const word = /<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>Nguyễn<\/word>/.exec(bbox)!;
    expect(Number(word[1])).toBeCloseTo(31, 0);
    expect(Number(word[2])).toBeGreaterThan(44);
    expect(Number(word[2])).toBeLessThan(52);

    // A character the font cannot print is named on the screen, not printed as a blank box.
    await phone.getByRole('textbox', { name: 'Name' }).fill('Li 漢');
    await phone.getByText('the font cannot print “漢”').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
