import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../src/server/factories';
import { signIn, startHarness, type Harness } from './harness';

const PASSWORD = 'correct horse battery';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function staffPost(page: Page, url: string, data: object) {
  const me = await (await page.request.get(`${h.base}/api/v1/auth/me`)).json();
  const res = await page.request.post(`${h.base}/api/v1${url}`, {
    data,
    headers: { 'x-csrf-token': me.csrfToken },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json();
}

describe('report pickers', () => {
  it('lists account managers in a report’s owner filter and shows schedule recipients by name', async () => {
    // The web once asked /users?limit=200, which the API refuses (400): the filter stayed empty and recipients
    // showed as ids. This fails if the pickers lose their users again.
    await buildUser(h.ctx.db, {
      email: 'mia@shop.test',
      name: 'Mia Manager',
      role: 'manager',
      password: PASSWORD,
    });
    const ama = await buildUser(h.ctx.db, {
      email: 'ama@shop.test',
      name: 'Ama Owusu',
      role: 'account_manager',
    });
    const page = await signIn(h, 'mia@shop.test', PASSWORD);
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/users') && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });

    await page.goto(`${h.base}/reports/escalations`);
    await page.getByRole('combobox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'Ama Owusu' }).click();
    expect(await page.getByRole('combobox', { name: 'Owner' }).inputValue()).toBe('Ama Owusu');

    await staffPost(page, '/report-schedules', {
      name: 'Escalations weekly',
      reportId: 'escalations',
      parameters: { status: 'open' },
      formats: ['xlsx'],
      recipientUserIds: [ama.id],
      frequency: 'weekly',
      weekday: 1,
      time: '07:00',
    });
    await page.goto(`${h.base}/reports`);
    await page
      .getByRole('row', { name: /Escalations weekly/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    const dialog = page.getByRole('dialog', { name: /Edit schedule/ });
    const recipients = dialog.locator('.mantine-MultiSelect-root', { hasText: 'Staff recipients' });
    await recipients.getByText('Ama Owusu').waitFor();
    expect(await recipients.getByText(ama.id).count()).toBe(0);
    expect(failed).toEqual([]);
  });
});
