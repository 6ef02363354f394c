import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../src/server/factories';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('an admin in the browser', () => {
  it('invites a user who sets a password from the e-mailed link and signs in; creates and revokes an API token', async () => {
    await buildUser(h.ctx.db, {
      email: 'admin@shop.test',
      name: 'Ada Admin',
      role: 'admin',
      password: 'correct horse battery',
    });
    const page = await signIn(h, 'admin@shop.test', 'correct horse battery');
    await page.getByText('Admin', { exact: true }).click();
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Invite user' }).click();
    const invite = page.getByRole('dialog', { name: 'Invite a user' });
    await invite.getByLabel('Name').fill('Pat Planner');
    await invite.getByLabel('E-mail').fill('pat@shop.test');
    await invite.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('Invitation sent to pat@shop.test').waitFor();
    await page.getByRole('row', { name: /Pat Planner.*Invited/ }).waitFor();

    // The invitation waits in the outbox (no SMTP in tests); its link leads to the invite page.
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('cell', { name: 'pat@shop.test' }).first().click();
    const mail = (await page.getByRole('dialog').textContent()) ?? '';
    const path = /\/invite\/[A-Za-z0-9_-]+/.exec(mail)?.[0];
    expect(path).toBeTruthy();
    await page.keyboard.press('Escape');

    const invitee = await (await h.browser.newContext()).newPage();
    await invitee.goto(`${h.base}${path}`);
    await invitee.getByLabel('Choose a password').fill('pressroom-2026!');
    await invitee.getByLabel('Repeat the password').fill('pressroom-2026?');
    await invitee.getByRole('button', { name: 'Set password' }).click();
    await invitee.getByText('The two passwords differ').waitFor();
    await invitee.getByLabel('Repeat the password').fill('pressroom-2026!');
    await invitee.getByRole('button', { name: 'Set password' }).click();
    await invitee.getByRole('button', { name: 'Sign in' }).waitFor();
    await invitee.getByLabel('E-mail').fill('pat@shop.test');
    await invitee.getByLabel('Password', { exact: true }).fill('pressroom-2026!');
    await invitee.getByRole('button', { name: 'Sign in' }).click();
    expect(await invitee.getByRole('button', { name: 'User menu' }).textContent()).toContain('Pat Planner');

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByText('No tokens yet').waitFor();
    await page.getByLabel('What is it for?').fill('ERP sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new token' });
    await shown.getByText('it will not be shown again').waitFor();
    await shown.getByRole('button', { name: 'Copy' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('cell', { name: 'ERP sync' }).waitFor();
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke “ERP sync”?' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await page.getByRole('cell', { name: 'Revoked' }).waitFor();
  });
});
