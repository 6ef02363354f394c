import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  buildAccount,
  buildPortal,
  buildPortalUser,
  buildProduct,
  buildUser,
} from '../../src/server/factories';
import { sampleArtwork } from '../../src/server/modules/artwork/sample-pdfs';
import { orders } from '../../src/server/modules/portals/tables';
import { signIn, startHarness, type Harness } from './harness';

// Issue 21, part 2 on a phone: artwork that fails preflight (RGB, low resolution), then a good PDF, ordered; the job has it.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.ctx.queue.work(); // approved orders are released to a job by the queue
});
afterAll(() => h?.close());

const password = 'correct horse battery';

describe('client portal on a phone: print-on-demand artwork', () => {
  it('reports a failing PDF, takes a corrected one, and the job gets it as artwork', async () => {
    const account = await buildAccount(h.ctx.db, {
      name: 'Coastal State Agency',
      addresses: [
        {
          kind: 'shipping',
          label: 'Front desk',
          line1: '5 Shore Rd',
          city: 'Monterey',
          region: 'CA',
          postalCode: '93940',
          isDefault: true,
        },
      ],
      costCentres: [{ name: 'Outreach', code: 'OUT' }],
    });
    const portal = await buildPortal(h.ctx.db, {
      accountId: account.id,
      slug: 'coastal',
      name: 'Coastal print shop',
    });
    await buildProduct(h.ctx.db, portal.id, {
      sku: 'BC-OWN',
      name: 'Business cards — your artwork',
      unitPriceCents: 8,
      minQuantity: 250,
      multipleOf: 250,
      spec: { finishedSize: { width: 3.5, height: 2, unit: 'in' } },
      artwork: { severity: { resolution: 'block', colour: 'block' } },
    });
    await buildPortalUser(h.ctx.db, portal.id, {
      email: 'an@coastal.example',
      name: 'Nguyễn Văn An',
      password,
    });
    await buildUser(h.ctx.db, {
      email: 'am@coastal.test',
      name: 'Ana Manager',
      role: 'account_manager',
      password,
    });

    const page = await (await h.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${h.base}/p/coastal`);
    await page.getByLabel('E-mail').fill('an@coastal.example');
    await page.getByRole('textbox', { name: 'Password' }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Business cards — your artwork' }).click();
    const add = page.getByRole('button', { name: 'Add to cart' });
    await page.getByText('Upload your artwork first').waitFor();
    expect(await add.isDisabled()).toBe(true);

    // A PDF the finished size with no bleed, Helvetica not embedded, and a 200-pixel RGB photo over the card.
    await page.getByLabel('Artwork PDF').setInputFiles({
      name: 'Nguyễn card.pdf',
      mimeType: 'application/pdf',
      buffer: await sampleArtwork('bad'),
    });
    await page.getByText('Cannot be printed as it is').waitFor();
    const findings = page.getByRole('list', { name: 'Preflight findings' });
    await findings.getByText(/below 300 ppi at the size placed \(the lowest is 57 ppi/).waitFor();
    await findings.getByText(/An image on page 1 is RGB/).waitFor();
    await findings.getByText(/not embedded \(Helvetica\)/).waitFor();
    await findings.getByText(/finished size with no bleed/).waitFor();
    expect(await add.isDisabled()).toBe(true);
    await page.screenshot({ path: 'docs/screenshots/portal-artwork-preflight-phone.png', fullPage: true });

    // The corrected PDF: 3.75 × 2.25 in, an embedded font, a CMYK photo at 320 ppi.
    await page.getByRole('button', { name: 'Upload another PDF' }).waitFor();
    await page.getByLabel('Artwork PDF').setInputFiles({
      name: 'card-final.pdf',
      mimeType: 'application/pdf',
      buffer: await sampleArtwork('good'),
    });
    await page.getByText('Ready to print').waitFor();
    expect(await findings.count()).toBe(0);
    await add.click();
    await page.getByRole('heading', { name: 'Cart' }).waitFor();
    await page.getByRole('link', { name: 'Checkout' }).click();
    const centre = page.getByRole('combobox', { name: 'Cost centre' });
    await page.getByText('Front desk').waitFor(); // the account's details have loaded
    for (let i = 0; i < 3 && !(await centre.inputValue()).includes('Outreach'); i++) {
      await centre.click();
      await page.getByRole('option', { name: 'Outreach (OUT)' }).click();
    }
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: /is placed/ }).waitFor();

    // The order becomes a job (through the queue); its files hold the buyer's PDF as artwork.
    let jobId: string | null = null;
    for (let i = 0; i < 300 && !jobId; i++) {
      const [order] = await h.ctx.db.select().from(orders).where(eq(orders.portalId, portal.id));
      jobId = order?.jobId ?? null;
      if (!jobId) await sleep(100);
    }
    expect(jobId).toBeTruthy();
    const staff = await signIn(h, 'am@coastal.test', password);
    await staff.goto(`${h.base}/jobs/${jobId}`);
    await staff.getByText('BC-OWN-card-final.pdf').first().waitFor();

    // Staff upload the portal's logo on its settings; the buyer's sign-in page shows it.
    await staff.goto(`${h.base}/portals/${portal.id}`);
    const logo = await sharp({
      create: { width: 1600, height: 600, channels: 4, background: { r: 13, g: 94, b: 175, alpha: 1 } },
    })
      .png()
      .toBuffer();
    await staff
      .getByLabel('Logo file')
      .setInputFiles({ name: 'coastal-logo.png', mimeType: 'image/png', buffer: logo });
    await staff.getByRole('img', { name: 'Logo' }).waitFor();
    const signInPage = await (
      await h.browser.newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    await signInPage.goto(`${h.base}/p/coastal`);
    const shown = signInPage.getByRole('img', { name: 'Coastal print shop' }).first();
    await shown.waitFor();
    expect(await shown.getAttribute('src')).toMatch(/^\/api\/v1\/portal\/coastal\/logo\?v=/);
  });
});
