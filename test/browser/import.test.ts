import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildUser } from '../../src/server/factories';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const header =
  'Account name,Segment,Contact first name,Contact last name,Contact email,Billing street,Billing city,Billing state,Billing ZIP';
const good = [
  'Northwind Schools,education,Ana,Ruiz,ana@northwind.example,1 School St,Salem,OR,97301',
  'Northwind Schools,education,Ben,Ng,ben@northwind.example,1 School St,Salem,OR,97301',
  'Cascade Water District,state,Cy,Doe,cy@cascade.example,9 River Rd,Bend,OR,97701',
];
const csv = (rows: string[]) => ({
  name: 'clients.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from([header, ...rows].join('\n')),
});

/** Picks a file the way a user does: click the labelled field, answer the file chooser. */
async function choose(page: Page, file: ReturnType<typeof csv>) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByLabel('File').click()]);
  await chooser.setFiles(file);
}

describe('importing accounts in the browser', () => {
  it('shows a bad row and imports nothing, then imports the corrected file', async () => {
    await buildUser(h.ctx.db, {
      email: 'am@shop.test',
      role: 'account_manager',
      password: 'correct horse battery',
    });
    const page = await signIn(h, 'am@shop.test', 'correct horse battery');
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('link', { name: 'Import' }).click();

    await choose(page, csv([...good, 'Bad Row Inc,planet,Dee,Roe,not-an-email,,,,']));
    await page.getByText('4 rows').waitFor();
    await page.getByText(/Row 5, Segment: Unknown segment "planet"/).waitFor();
    await page.getByText(/Row 5, Contact email/).waitFor();
    await page
      .getByRole('button', { name: /^Import: \d+ new, \d+ updated$/ })
      .and(page.locator(':disabled'))
      .waitFor();
    // The bad row is marked in the table, its wrong cells carry the reason.
    const badRow = page.getByRole('table', { name: 'Import rows' }).locator('tr[data-problem]');
    await badRow.getByText('Problem').waitFor();
    await badRow.locator('td[aria-invalid="true"]', { hasText: 'planet' }).waitFor();

    await choose(page, csv(good));
    await page.getByText('3 rows').waitFor();
    await page.getByRole('cell', { name: 'Cascade Water District' }).waitFor();
    await page.getByText('2 new', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Import: 2 new, 0 updated' }).click();
    await page.getByText(/Created 2 and updated 0 accounts/).waitFor();

    // The same file with one city changed updates that account and says what changes.
    await choose(page, csv([...good.slice(0, 2), good[2]!.replace('Bend', 'Redmond')]));
    await page.getByText('1 to update', { exact: true }).waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: /^Billing city: Bend → Redmond$/ })
      .waitFor();
    await page.getByRole('button', { name: 'Import: 0 new, 1 updated' }).click();
    await page.getByText(/Created 0 and updated 1 accounts/).waitFor();
    await page.getByRole('button', { name: 'Open accounts' }).click();
    await page.getByRole('cell', { name: 'Northwind Schools' }).waitFor();
    await page.getByRole('cell', { name: 'Cascade Water District' }).waitFor();
  });
});
