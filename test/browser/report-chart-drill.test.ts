import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildJob, buildUser } from '../../src/server/factories';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('report charts drill through', () => {
  it('opens the rows behind a clicked bar, and by keyboard, with their cells linking on', async () => {
    const password = 'correct horse battery';
    await buildUser(h.ctx.db, { email: 'mgr@drill.test', name: 'Mo Manager', role: 'manager', password });
    const zoe = await buildUser(h.ctx.db, { name: 'Zoë Øster', role: 'account_manager' });
    const ria = await buildUser(h.ctx.db, { name: 'Ria Reports', role: 'account_manager' });
    const lakeside = await buildAccount(h.ctx.db, { name: 'Lakeside College', ownerId: zoe.id });
    await buildAccount(h.ctx.db, { name: 'Nguyễn Print Buyers', ownerId: zoe.id });
    const harbor = await buildAccount(h.ctx.db, { name: 'Harbor Schools', ownerId: ria.id });
    await buildJob(h.ctx.db, { accountId: lakeside.id });
    await buildJob(h.ctx.db, { accountId: harbor.id });

    const page = await signIn(h, 'mgr@drill.test', password);
    await page.goto(`${h.base}/reports/book-of-business`);
    await page.getByRole('img', { name: /Chart: Open jobs by account manager/ }).waitFor();

    // A click on Zoë's bar lists her accounts only.
    await page.locator('rect[data-point="Zoë Øster"]').first().click();
    const dialog = page.getByRole('dialog', { name: /Open jobs by account manager: Zoë Øster/ });
    await dialog.waitFor();
    await dialog.getByText('2 rows', { exact: true }).waitFor();
    await dialog.getByRole('link', { name: 'Lakeside College' }).waitFor();
    await dialog.getByRole('link', { name: 'Nguyễn Print Buyers' }).waitFor();
    expect(await dialog.getByRole('link', { name: 'Harbor Schools' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The same from the keyboard: the point's button below the chart.
    const points = page.getByRole('group', { name: /Show the rows behind a point/ });
    await points.getByRole('button', { name: 'Ria Reports' }).focus();
    await page.keyboard.press('Enter');
    const riaRows = page.getByRole('dialog', { name: /Ria Reports/ });
    await riaRows.getByText(/^1 rows?$/).waitFor();
    await page.screenshot({ path: 'docs/screenshots/report-chart-drill.png' });
    // The rows' cells drill through like the report's: to the account.
    await riaRows.getByRole('link', { name: 'Harbor Schools' }).click();
    await page.waitForURL(`**/accounts/${harbor.id}`);
  });
});
