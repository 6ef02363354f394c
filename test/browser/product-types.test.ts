import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildUser } from '../../src/server/factories';
import { addDays } from '../../src/server/platform/calendar/working-days';
import { todayIn } from '../../src/server/platform/clock';
import { signIn, staffApi, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('product types on screen', () => {
  it('an admin defines a product type; a new job uses it and gets its route', async () => {
    const password = 'correct horse battery';
    await buildUser(h.ctx.db, { email: 'admin@types.test', name: 'Zoë Øster', role: 'admin', password });
    const account = await buildAccount(h.ctx.db, { name: 'Nguyễn Weddings' });
    const page = await signIn(h, 'admin@types.test', password);
    await page.goto(`${h.base}/admin/departments`);
    const add = page.getByLabel('Add a product type');
    await add.getByLabel('Product type name').fill('Wedding invitations – Zoë');
    expect(await add.getByLabel('Product type code').inputValue()).toBe('wedding_invitations_zoe');
    await add.getByLabel('First step in').selectOption({ label: 'Prepress' });
    await add.getByLabel('Hours').fill('2');
    await add.getByRole('button', { name: 'Add product type' }).click();
    const card = page.getByLabel('Route of Wedding invitations – Zoë');
    await card.waitFor();

    // A new job with it: the product select offers it; the job's stages are its route.
    await page.goto(`${h.base}/jobs/new?accountId=${account.id}`);
    await page.getByLabel('Title').fill('Invitations for the Øster wedding');
    await page.getByLabel('Due date').fill(addDays(todayIn('UTC'), 21));
    await page.getByLabel('Product').first().click();
    await page.getByRole('option', { name: 'Wedding invitations – Zoë' }).click();
    await page.getByLabel('Quantity').first().fill('150');
    await page.getByRole('button', { name: 'Create job' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    await page.getByText('Wedding invitations zoe', { exact: false }).first().waitFor();
    const id = page.url().split('/').pop()!;
    const job = (await staffApi(h, page, 'GET', `/jobs/${id}`)).json();
    expect(job.items[0].productType).toBe('wedding_invitations_zoe');
    expect(job.stages.map((s: { department: { code: string } }) => s.department.code)).toEqual(['prepress']);
    await page.screenshot({ path: 'docs/screenshots/product-type-job.png' });

    // Retired on screen: no longer offered for new work.
    await page.goto(`${h.base}/admin/departments`);
    await card.getByRole('button', { name: 'Retire Wedding invitations – Zoë' }).click();
    await card.getByRole('button', { name: 'Bring back Wedding invitations – Zoë' }).waitFor();
    await page.goto(`${h.base}/jobs/new?accountId=${account.id}`);
    await page.getByLabel('Product').first().click();
    await page.getByRole('option', { name: 'Postcard' }).waitFor();
    expect(await page.getByRole('option', { name: 'Wedding invitations – Zoë' }).count()).toBe(0);
  });
});
