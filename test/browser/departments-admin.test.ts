import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../src/server/factories';
import { signIn, staffApi, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('departments and routes on screen', () => {
  it('an admin adds a department and adds, reorders and removes route steps with a speed', async () => {
    const password = 'correct horse battery';
    await buildUser(h.ctx.db, { email: 'admin@routes.test', name: 'Zoë Øster', role: 'admin', password });
    const page = await signIn(h, 'admin@routes.test', password);
    await page.goto(`${h.base}/admin/departments`);
    await page.getByLabel('New department code').fill('wide_format');
    await page.getByLabel('Name', { exact: true }).fill('Wide format – Nguyễn');
    await page.getByRole('button', { name: 'Add department' }).click();
    await page.getByRole('cell', { name: 'Wide format – Nguyễn', exact: true }).waitFor();

    const card = page.getByLabel('Route of Postcard');
    await card.getByRole('button', { name: 'Add step' }).click();
    await card.getByLabel('Postcard step 5 department').selectOption('wide_format');
    await card.getByLabel('Postcard step 5 name').fill('Mount');
    await card.getByLabel('Postcard step 5 pieces an hour').fill('2000');
    // Keyboard: the move button, focused and pressed with Enter.
    await card.getByRole('button', { name: 'Move Postcard step 5 up' }).focus();
    await page.keyboard.press('Enter');
    await card.getByRole('button', { name: 'Remove Postcard step 1' }).click();
    await card.getByRole('button', { name: 'Save route' }).click();
    await page.getByText('Route of Postcard saved').waitFor();
    const routes = (await staffApi(h, page, 'GET', '/product-routes')).json().items;
    const postcard = routes.find((r: { productType: string }) => r.productType === 'postcard');
    expect(postcard.steps.map((s: { departmentCode: string }) => s.departmentCode)).toEqual([
      'press',
      'bindery',
      'wide_format',
      'shipping',
    ]);
    expect(postcard.steps[2]).toMatchObject({ name: 'Mount', piecesPerHour: 2000 });
  });
});
