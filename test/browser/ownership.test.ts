import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../src/server/factories';
import { signIn, startHarness, type Harness } from './harness';

const PASSWORD = 'correct horse battery';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('account ownership in the browser', () => {
  it("puts an account manager's new account in My accounts; a manager picks owners among account managers only", async () => {
    await buildUser(h.ctx.db, {
      email: 'ama@shop.test',
      name: 'Ama Owusu',
      role: 'account_manager',
      password: PASSWORD,
    });
    await buildUser(h.ctx.db, {
      email: 'mo@shop.test',
      name: 'Mo Manager',
      role: 'manager',
      password: PASSWORD,
    });
    await buildUser(h.ctx.db, {
      email: 'pat@shop.test',
      name: 'Pat Pressman',
      role: 'production',
      password: PASSWORD,
    });

    const page = await signIn(h, 'ama@shop.test', PASSWORD);
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByText('No accounts match').waitFor();
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New account' });
    // An account manager does not choose the owner: the account is theirs.
    expect(await dialog.getByRole('textbox', { name: 'Account manager' }).inputValue()).toBe('Ama Owusu');
    await dialog.getByLabel('Account name').fill('Lakeside Credit Union');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Lakeside Credit Union' }).waitFor();

    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('combobox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'My accounts' }).click();
    const row = page.getByRole('row', { name: /Lakeside Credit Union/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Ama Owusu');

    const mo = await signIn(h, 'mo@shop.test', PASSWORD);
    await mo.getByRole('link', { name: 'Accounts', exact: true }).click();
    await mo.getByRole('row', { name: /Lakeside Credit Union/ }).waitFor();
    await mo.keyboard.press('n');
    const form = mo.getByRole('dialog', { name: 'New account' });
    await form.getByRole('combobox', { name: 'Account manager' }).click();
    const options = (await mo.getByRole('option').allTextContents()).map((s) => s.trim());
    expect(options).toContain('Ama Owusu');
    expect(options).toContain('Mo Manager');
    expect(options).not.toContain('Pat Pressman');
  });
});
