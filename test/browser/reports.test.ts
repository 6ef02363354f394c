import { readFileSync } from 'node:fs';
import { inArray, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildJob, buildUser } from '../../src/server/factories';
import { jobs } from '../../src/server/platform/db/schema';
import { addDays } from '../../src/server/modules/jobs/schedule';
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
});
