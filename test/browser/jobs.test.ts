import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildUser } from '../../src/server/factories';
import { addDays } from '../../src/server/platform/calendar/working-days';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('a job through the plant', () => {
  it('an AM creates a two-item job, prepress starts and finishes its stage on the board, the AM sees it', async () => {
    const password = 'correct horse battery';
    const am = await buildUser(h.ctx.db, {
      email: 'am@plant.test',
      name: 'Jo Account',
      role: 'account_manager',
      password,
    });
    await buildUser(h.ctx.db, {
      email: 'pre@plant.test',
      name: 'Pat Prepress',
      role: 'production',
      department: 'prepress',
      password,
    });
    const account = await buildAccount(h.ctx.db, {
      name: 'Lakeside College',
      segment: 'education',
      ownerId: am.id,
    });

    const page = await signIn(h, 'am@plant.test', password);
    await page.goto(`${h.base}/jobs/new?accountId=${account.id}`);
    await page.getByLabel('Title').fill('Fall viewbook');
    await page.getByLabel('Due date').fill(addDays(new Date().toISOString().slice(0, 10), 28));
    await page.getByLabel('Product').first().click();
    await page.getByRole('option', { name: 'Booklet' }).click();
    await page.getByLabel('Quantity').first().fill('3000');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.getByLabel('Product').nth(1).click();
    await page.getByRole('option', { name: 'Envelope' }).click();
    await page.getByRole('button', { name: 'Create job' }).click();
    await page.getByRole('heading', { name: /J-\d{4}-\d{5} · Fall viewbook/ }).waitFor();
    const number = (await page.getByRole('heading', { name: /Fall viewbook/ }).textContent())!.split(
      ' · ',
    )[0]!;
    const plannedRows = await page
      .getByRole('row')
      .filter({ hasText: /\d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}/ })
      .count();
    expect(plannedRows).toBe(7); // booklet: 4 stages, envelope: 3
    const jobUrl = page.url();
    // Prepress finishes only once the booklet's proof is approved: the client approved it by phone.
    await page.getByRole('combobox', { name: 'Proof of item 1' }).click();
    await page.getByRole('option', { name: 'Approved' }).click();
    await page
      .getByText(/Recorded by staff/)
      .first()
      .waitFor();

    const pre = await signIn(h, 'pre@plant.test', password);
    await pre.waitForURL(/\/boards\//);
    const card = pre
      .getByRole('article')
      .or(pre.locator('[aria-label^="' + number + '"]'))
      .first();
    await card.getByRole('button', { name: /Start Preflight/ }).click();
    await pre.getByLabel('In progress column').getByText(number).waitFor();
    await pre
      .getByLabel('In progress column')
      .getByRole('button', { name: /Finish Preflight/ })
      .click();
    await pre.getByLabel('Done today column').getByText(number).first().waitFor();

    await page.goto(jobUrl);
    await page.getByRole('row').filter({ hasText: 'Prepress' }).first().getByText('Done').waitFor();
    expect(await page.getByText('In production').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'My day' }).click();
    await page.getByText(`${number} · Fall viewbook`).first().waitFor();
  });
});
