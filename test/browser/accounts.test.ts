import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../src/server/factories';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('an account manager in the browser', () => {
  it('signs in, creates an account with a contact, finds it through search and sees both on its timeline, then edits it (address, tax exemption, cost centres with a server-side error on its field)', async () => {
    await buildUser(h.ctx.db, {
      email: 'am@shop.test',
      name: 'Alex Manager',
      role: 'account_manager',
      password: 'correct horse battery',
    });
    const bad = await (await h.browser.newContext()).newPage();
    await bad.goto(`${h.base}/sign-in`);
    await bad.getByLabel('E-mail').fill('am@shop.test');
    await bad.getByLabel('Password', { exact: true }).fill('wrong password');
    await bad.getByRole('button', { name: 'Sign in' }).click();
    expect(await bad.getByRole('alert').textContent()).toContain('not correct');

    const page = await signIn(h, 'am@shop.test', 'correct horse battery');
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByText('No accounts match').waitFor();
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New account' });
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await dialog
      .getByText(/at least 1|Too small|required/i)
      .first()
      .waitFor();
    await dialog.getByLabel('Account name').fill('Harbor Port Authority');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Harbor Port Authority' }).waitFor();

    await page.getByRole('tab', { name: /Contacts/ }).click();
    await page.getByRole('button', { name: 'Add contact' }).click();
    const contact = page.getByRole('dialog', { name: 'New contact' });
    await contact.getByLabel('First name').fill('Marisol');
    await contact.getByLabel('Last name').fill('Quintero');
    await contact.getByLabel('E-mail addresses').fill('mquintero@harborport.example');
    await contact.getByLabel('E-mail addresses').press('Enter');
    await contact.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('cell', { name: 'Marisol Quintero', exact: true }).waitFor();

    await page.getByRole('link', { name: 'My day' }).click();
    await page.keyboard.press('/');
    await page.getByRole('textbox', { name: 'Search accounts and jobs' }).fill('Quintero');
    const result = page.getByRole('button', { name: /Harbor Port Authority/ });
    await result.waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Harbor Port Authority' }).waitFor();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByText('Created account Harbor Port Authority').waitFor();
    await page.getByText('Added contact Marisol Quintero').waitFor();

    // Editing replaces the address list: a billing address added in the form shows on the overview.
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Harbor Port Authority' });
    await edit.getByRole('button', { name: 'Add billing address' }).click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByLabel('Street').and(edit.locator('[aria-invalid="true"]')).waitFor();
    await edit.getByLabel('Street').fill('1 Harbor Way');
    await edit.getByLabel('City').fill('Portsmouth');
    await edit.getByLabel('State').fill('NH');
    await edit.getByLabel('ZIP').fill('03801');
    await edit.getByLabel('Tax exempt').check();
    await edit.getByLabel('Exemption certificate').fill('NH-EX-4471');
    await edit.getByLabel('Certificate expires').fill('2027-06-30');
    await edit.getByLabel('Certificate expires').press('Tab');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByText('1 Harbor Way').waitFor();
    expect(await page.getByText('Portsmouth, NH 03801').count()).toBe(1);
    await page.getByText('Yes, certificate NH-EX-4471 (expires 2027-06-30)').waitFor();

    // A rule only the server knows (cost-centre codes are unique) comes back onto the field it names.
    await page.getByRole('button', { name: 'Edit' }).click();
    const centres = page.getByRole('dialog', { name: 'Edit Harbor Port Authority' });
    await centres.getByRole('button', { name: 'Add cost centre' }).click();
    await centres.getByRole('button', { name: 'Add cost centre' }).click();
    await centres.getByLabel('Name', { exact: true }).nth(0).fill('Harbour operations');
    await centres.getByLabel('Code', { exact: true }).nth(0).fill('OPS');
    await centres.getByLabel('Name', { exact: true }).nth(1).fill('Marine terminal');
    await centres.getByLabel('Code', { exact: true }).nth(1).fill('OPS');
    await centres.getByRole('button', { name: 'Save' }).click();
    await centres.getByText('Duplicate code').waitFor();
    expect(await centres.getByLabel('Code', { exact: true }).nth(1).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await centres.getByLabel('Code', { exact: true }).nth(1).fill('MAR');
    await centres.getByRole('button', { name: 'Save' }).click();
    await centres.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'Marine terminal' }).waitFor();
  });
});
