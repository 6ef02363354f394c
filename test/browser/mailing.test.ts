import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildAccount, buildUser } from '../../src/server/factories';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.ctx.queue.work(); // imports and standardisation run on the queue
});
afterAll(() => h?.close());

const rows = [
  'Name,Street,City,ST,Zip,Offer',
  'Ann Lee,12 North Main Street,Springfield,Illinois,62701,A',
  'Bob Ray,14 N Main St,Springfield,IL,62701,B',
  'Cy Doe,9 Elm Avenue Apartment 2,Springfield,IL,62702,A',
  'Dee Roe,Main Street,Austin,TX,78701,C',
];

/** Signs in the mailing AM, creates a list for `account` in the browser, and chooses `lines` as its file. */
async function newListWithFile(account: string, list: string, file: string, lines: string[]) {
  const page = await signIn(h, 'mail@shop.test', 'correct horse battery');
  await page.getByRole('link', { name: 'Mailing' }).click();
  await page.getByRole('button', { name: 'New list' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(list);
  await dialog.getByLabel('Account', { exact: true }).click();
  await page.getByRole('option', { name: account }).click();
  await page.getByRole('button', { name: 'Create list' }).click();
  await page.getByRole('heading', { name: list }).waitFor();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByLabel('CSV or Excel (.xlsx) file').click(),
  ]);
  await chooser.setFiles({ name: file, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByText('Read as utf-8; 6 columns').waitFor();
  return page;
}

describe('a mailing list in the browser', () => {
  it('imports a CSV through the wizard, standardises it and shows the presort', async () => {
    await buildUser(h.ctx.db, {
      email: 'mail@shop.test',
      role: 'account_manager',
      password: 'correct horse battery',
    });
    await buildAccount(h.ctx.db, { name: 'Springfield Schools', segment: 'education' });
    const page = await newListWithFile('Springfield Schools', 'Back to school', 'school.csv', rows);
    await page.getByText(/custom fields for variable data: Offer/).waitFor();
    await page.getByRole('cell', { name: '12 North Main Street' }).waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByLabel('Record count').getByText('4').waitFor();

    await page.getByRole('button', { name: 'Standardise addresses' }).click();
    await page.getByText('mailable pieces').waitFor();
    await page.getByRole('cell', { name: '12 N MAIN ST' }).waitFor();
    await page.getByText('no house number').waitFor();
    const presort = page.getByRole('table', { name: 'Presort summary' });
    await presort.getByRole('row', { name: /Total 4 1/ }).waitFor();
    await page.getByText(/Marketing Mail needs at least 200 pieces or 50 lb/).waitFor();
    await page.getByText('627: 3').waitFor();
  });

  it('imports the good rows of a file with a malformed one and offers the rejects, saying until when', async () => {
    await buildAccount(h.ctx.db, { name: 'Zoë Øster Mailers', segment: 'corporate' });
    // Row 3 (in place of Bob Ray) lacks two cells.
    const lines = [...rows.slice(0, 2), 'Ed Fox,6 Main St,Austin,TX', ...rows.slice(3)];
    const page = await newListWithFile('Zoë Øster Mailers', 'Nguyễn → Zoë spring', 'spring.csv', lines);
    await page
      .getByLabel('Import the good rows and let me download the rejected ones with the reason')
      .check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByLabel('Record count').getByText('3').waitFor();
    await page.getByText('One malformed row was left out of spring.csv').waitFor();
    const link = page.getByRole('link', { name: /Download the rejected rows/ });
    await link.waitFor();
    const kept = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('en-US', { dateStyle: 'medium' });
    await page.getByText(`kept until ${kept}`).waitFor();
    await page.screenshot({ path: 'docs/screenshots/mailing-rejects.png' });
  });
});
