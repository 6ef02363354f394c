import { readFileSync } from 'node:fs';
import { inArray, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  buildAccount,
  buildContact,
  buildInventoryItem,
  buildJob,
  buildPortal,
  buildPortalUser,
  buildUser,
} from '../../src/server/factories';
import { jobs } from '../../src/server/schema';
import { addDays } from '../../src/server/platform/calendar/working-days';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const today = () => new Date().toISOString().slice(0, 10);

describe('reports in the browser', () => {
  it('runs a report with its table and chart, drills through to a job, downloads it and schedules it', async () => {
    const password = 'correct horse battery';
    const am = await buildUser(h.ctx.db, {
      email: 'am@reports.test',
      name: 'Ria Reports',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, { name: 'Lakeside College', ownerId: am.id });
    const done = await Promise.all(
      [5, -3, 2].map(async (d) =>
        buildJob(h.ctx.db, {
          accountId: account.id,
          today: addDays(today(), -30),
          dueDate: addDays(today(), d),
        }),
      ),
    );
    // Set up as if the plant had finished them today: two on time, one three days late.
    await h.ctx.db
      .update(jobs)
      .set({ status: 'completed', completedAt: new Date() })
      .where(
        inArray(
          jobs.id,
          done.map((j) => j.id),
        ),
      );
    const late = await buildJob(h.ctx.db, {
      accountId: account.id,
      title: 'Spring viewbook',
      today: addDays(today(), -20),
      dueDate: addDays(today(), -1),
    });
    await h.ctx.db.update(jobs).set({ risk: 'late' }).where(eq(jobs.id, late.id));

    const page = await signIn(h, 'am@reports.test', password);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Production' }).waitFor();
    await page.getByRole('heading', { name: 'For clients' }).waitFor();
    await page.getByRole('link', { name: 'On-time delivery rate' }).click();

    const table = page.getByRole('table', { name: 'Report rows' });
    await table.waitFor();
    await page.getByRole('img', { name: /Chart: On-time rate/ }).waitFor();
    const totals = table.locator('tfoot');
    await expect.poll(() => totals.textContent()).toContain('66.7%');
    expect(await totals.textContent()).toContain('3'); // completed

    // Sorting works from the keyboard.
    await page.getByRole('button', { name: 'Sort by Completed' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('columnheader', { name: /Completed/ }).getAttribute('aria-sort'))
      .toBe('ascending');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Excel', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^on-time-delivery-\d{4}-\d\d-\d\d\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(1).getCell(1).value).toBe('Period starting');
    expect(workbook.getWorksheet('Parameters')).toBeDefined();

    // Schedule it: e-mailed every Monday at 07:00.
    await page.getByRole('button', { name: 'Schedule this' }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule this report' });
    await dialog.getByLabel('Name').fill('Weekly on-time');
    await dialog.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Scheduled "Weekly on-time"').waitFor();

    // Drill through from the late jobs to the job itself.
    await page.getByRole('link', { name: 'Reports', exact: true }).first().click();
    await page.getByRole('table', { name: 'Scheduled reports' }).getByText('Weekly on-time').waitFor();
    await page.getByRole('link', { name: 'Late and at-risk jobs' }).click();
    await page.getByRole('table', { name: 'Report rows' }).getByText('Spring viewbook').waitFor();
    await page.getByRole('link', { name: late.number }).click();
    await page.waitForURL(new RegExp(`/jobs/${late.id}$`));
    await page.getByRole('heading', { name: new RegExp(`${late.number} · Spring viewbook`) }).waitFor();
  });

  it('edits a schedule: parameters, timing, time zone, formats and a client contact as recipient', async () => {
    const password = 'correct horse battery';
    await buildUser(h.ctx.db, {
      email: 'am2@reports.test',
      name: 'Sam Schedules',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, { name: 'Harbor Academy' });
    await buildContact(h.ctx.db, {
      accountId: account.id,
      firstName: 'Dana',
      lastName: 'Reader',
      emails: ['dana@harbor.example'],
    });
    const page = await signIn(h, 'am2@reports.test', password);
    const created = await staffApi(page, 'POST', '/report-schedules', {
      name: 'Harbor jobs',
      reportId: 'client-jobs-completed',
      parameters: { accountId: account.id, period: 'last_30_days' },
      formats: ['xlsx'],
      recipientEmails: ['office@harbor.example'],
      frequency: 'weekly',
      weekday: 1,
      time: '07:00',
    });

    await page.goto(`${h.base}/reports`);
    const row = page.getByRole('row', { name: /Harbor jobs/ });
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: /Edit schedule/ });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Harbor jobs monthly');
    await dialog.getByRole('combobox', { name: 'Period' }).click();
    await page.getByRole('option', { name: 'Last full month' }).click();
    await dialog.getByText('Monthly', { exact: true }).click();
    await dialog.getByRole('combobox', { name: 'On', exact: true }).click();
    await page.getByRole('option', { name: 'Last business day' }).click();
    await dialog.getByLabel('At', { exact: true }).fill('06:30');
    await dialog.getByRole('combobox', { name: 'Time zone' }).fill('Europe/Lon');
    await page.getByRole('option', { name: 'Europe/London' }).click();
    await dialog.getByRole('checkbox', { name: 'Word' }).check();
    await dialog.getByRole('combobox', { name: 'Client contacts' }).click();
    await page.getByRole('option', { name: /Dana Reader <dana@harbor.example>/ }).click();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved "Harbor jobs monthly"').waitFor();
    await page
      .getByRole('row', { name: /Harbor jobs monthly/ })
      .getByText('Monthly on the last business day at 06:30 (Europe/London)')
      .waitFor();

    const me = await (await page.request.get(`${h.base}/api/v1/auth/me`)).json();
    const saved = await (
      await page.request.get(`${h.base}/api/v1/report-schedules/${created.id}`, {
        headers: { 'x-csrf-token': me.csrfToken },
      })
    ).json();
    expect(saved).toMatchObject({
      name: 'Harbor jobs monthly',
      parameters: { accountId: account.id, period: 'last_full_month' },
      formats: ['xlsx', 'docx'],
      frequency: 'monthly',
      monthDay: 'last_business',
      time: '06:30',
      timeZone: 'Europe/London',
      recipientEmails: ['office@harbor.example'],
    });
    expect(saved.recipientContactIds).toHaveLength(1);
  });

  it('lets a client admin download a client report from the portal as Excel and PDF', async () => {
    const password = 'correct horse battery';
    const account = await buildAccount(h.ctx.db, { name: 'Portal Reports Co' });
    const portal = await buildPortal(h.ctx.db, { accountId: account.id });
    await buildInventoryItem(h.ctx.db, account.id, { onHand: 40, sku: 'PRC-1', name: 'Folder' });
    const admin = await buildPortalUser(h.ctx.db, portal.id, {
      role: 'client_admin',
      email: 'admin@portal-reports.example',
      password,
    });
    const page = await (await h.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${h.base}/p/${portal.slug}`);
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page.getByRole('combobox', { name: 'Report' }).click();
    await page.getByRole('option', { name: 'Inventory on hand, usage and months remaining' }).click();

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Excel', exact: true }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/^client-inventory-\d{4}-\d\d-\d\d\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(2).getCell(1).value).toBe('PRC-1');

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'PDF', exact: true }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^client-inventory-.*\.pdf$/);
    expect(
      readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});

/** Calls the staff API as the page's signed-in user (cookie from the browser, CSRF token from /auth/me). */
async function staffApi(page: Page, method: 'POST' | 'PATCH', url: string, data: object) {
  const me = await (await page.request.get(`${h.base}/api/v1/auth/me`)).json();
  const res = await page.request.fetch(`${h.base}/api/v1${url}`, {
    method,
    data,
    headers: { 'x-csrf-token': me.csrfToken },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json();
}
