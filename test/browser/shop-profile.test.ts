import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJob, buildUser } from '../../src/server/factories';
import { auditEvents } from '../../src/server/platform/audit-tables';
import { mailMessages } from '../../src/server/platform/mail-tables';
import type { Page } from 'playwright-core';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  mkdirSync('docs/screenshots', { recursive: true });
});
afterAll(() => h?.close());

describe("an admin sets the shop's profile and reads the outbox", () => {
  it('edits the letterhead and logo by keyboard and mouse, sees problems named, and the ticket prints them', async () => {
    await buildUser(h.ctx.db, {
      email: 'ada@shop.test',
      name: 'Ada Admin',
      role: 'admin',
      password: 'correct horse battery',
    });
    const page = await signIn(h, 'ada@shop.test', 'correct horse battery');
    await page.getByText('Admin', { exact: true }).click();
    await page.getByRole('link', { name: 'Shop profile' }).click();
    await page.getByLabel('Shop name').fill('Ørsted Press');
    await page.getByLabel('Address').fill('1200 Press Row\nDayton, OH 45402');
    await page.getByLabel('Phone').fill('+1 937 555 0100');
    await page.getByLabel('E-mail').fill('not an address');
    await page.getByText('A4 (210 × 297 mm)').click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Not an e-mail address').waitFor(); // under the field it names
    await page.getByLabel('E-mail').fill('orders@orsted.example');
    await page.getByLabel('E-mail').press('Enter'); // the form submits from the keyboard
    await page.getByText('Shop profile saved').waitFor();

    const file = page.locator('input[type=file]');
    await file.setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<html>not a picture</html>'),
    });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.getByText('The logo must be a PNG or JPEG image').waitFor();
    const png = await logoFrom(page);
    await file.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.getByRole('img', { name: 'Ørsted Press logo' }).waitFor();
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 15_000 }).toBe(0);
    await page.screenshot({ path: 'docs/screenshots/shop-profile.png' });

    const profile = await page.evaluate(() => fetch('/api/v1/shop-profile').then((r) => r.json()));
    expect(profile).toMatchObject({
      name: 'Ørsted Press',
      address: '1200 Press Row\nDayton, OH 45402',
      email: 'orders@orsted.example',
      paperSize: 'a4',
    });

    // The job ticket as the plant prints it, rendered to an image for the documentation.
    const job = await buildJob(h.ctx.db, { title: 'Nguyễn → Zoë Øster: welcome packs' });
    const pdf = await page.request.get(`${h.base}/api/v1/jobs/${job.id}/ticket.pdf`);
    const dir = mkdtempSync(path.join(tmpdir(), 'jj-ticket-png-'));
    writeFileSync(path.join(dir, 'ticket.pdf'), await pdf.body());
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'ticket.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(text).toContain('Ørsted Press · Job ticket');
    expect(text).toContain('Nguyễn → Zoë Øster: welcome packs');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-singlefile',
      path.join(dir, 'ticket.pdf'),
      'docs/screenshots/job-ticket',
    ]);
  });

  it('shows how much mail waits and resends a failed message', async () => {
    await buildUser(h.ctx.db, {
      email: 'otto@shop.test',
      name: 'Otto Admin',
      role: 'admin',
      password: 'correct horse battery',
    });
    await h.ctx.mailer.queueMail(h.ctx.db, {
      to: 'waiting@client.example',
      subject: 'Held without SMTP',
      text: 'x',
    });
    const [failed] = await h.ctx.db
      .insert(mailMessages)
      .values({
        to: 'vendor@paper.example',
        subject: 'Purchase order PO-00042',
        text: 'Please find…',
        status: 'failed',
        attempts: 6,
        error: '550 Mailbox unavailable',
      })
      .returning();
    const page = await signIn(h, 'otto@shop.test', 'correct horse battery');
    await page.goto(`${h.base}/admin/outbox`);
    const summary = page.getByTestId('outbox-summary');
    await summary.getByText(/waits? to be sent/).waitFor();
    expect(await summary.textContent()).toMatch(
      /\d+ messages? waits? to be sent, 1 failed\. No SMTP server is configured/,
    );
    await page.getByRole('row', { name: /vendor@paper\.example/ }).focus(); // rows take the keyboard
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Purchase order PO-00042' });
    await dialog.getByText('550 Mailbox unavailable').waitFor();
    await page.waitForTimeout(500); // the dialog's opening transition, for the picture only
    await page.screenshot({ path: 'docs/screenshots/outbox-resend.png' });
    await dialog.getByRole('button', { name: 'Resend' }).click();
    await dialog.getByRole('button', { name: 'Resend' }).waitFor({ state: 'detached' });
    const audit = await h.ctx.db.select().from(auditEvents).where(eq(auditEvents.entityId, failed!.id));
    expect(audit.map((a) => a.action)).toEqual(['mail.resent']);
  });
});

/** A real PNG logo: the shop's name set in a browser and photographed. */
async function logoFrom(page: Page): Promise<Buffer> {
  const logo = await page.context().newPage();
  await logo.setContent(
    '<div id="logo" style="display:inline-block;padding:6px 12px;font:700 34px sans-serif;color:#fff;background:#1c7ed6;border-radius:8px">Ørsted Press</div>',
  );
  const png = await logo.locator('#logo').screenshot();
  await logo.close();
  return png;
}
