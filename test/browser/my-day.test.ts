import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../src/server/factories';
import { seedPrepressWork, seedPurchasing } from '../helpers/my-day';
import { signIn, startHarness, type Harness } from './harness';

const PASSWORD = 'correct horse battery';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('My day in the browser', () => {
  it("shows a production user their department's work, blocked first, ten with a link to the board", async () => {
    const { blocked } = await seedPrepressWork(h.ctx.db, 12);
    await buildUser(h.ctx.db, {
      email: 'pia@shop.test',
      name: 'Pia Prepress',
      role: 'production',
      department: 'prepress',
      password: PASSWORD,
    });
    const page = await signIn(h, 'pia@shop.test', PASSWORD);
    // Production lands on its board (once the departments load); My day is one click away.
    await page.waitForURL(/\/boards\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: 'My day' }).click();
    await page.waitForURL(/\/my-day$/);
    const work = page.getByRole('region', { name: 'Prepress: work to do' });
    await work.waitFor();
    expect(await work.getByText('12', { exact: true }).count()).toBe(1);
    const links = work.getByRole('link', { name: /Prepress work|Preflight|·/ });
    expect(await links.first().textContent()).toContain(blocked.number);
    await work.getByText('Waiting for the client’s logo').first().waitFor();
    expect(await work.locator('a[href^="/jobs/"]').count()).toBe(10);
    // Production does not read client mail: no inbox sections on its day.
    expect(await page.getByRole('region', { name: 'Unanswered client messages' }).count()).toBe(0);
    mkdirSync('docs/screenshots', { recursive: true });
    await page.screenshot({ path: 'docs/screenshots/my-day-production.png', fullPage: true });
    await work.getByRole('link', { name: 'Show all 12' }).click();
    await page.waitForURL(/\/boards\/[0-9a-f-]{36}$/);
  });

  it('shows a purchasing user shortages, late and due orders and receipts', async () => {
    await seedPurchasing(h.ctx.db, 'BR');
    await buildUser(h.ctx.db, {
      email: 'bo@shop.test',
      name: 'Bo Buyer',
      role: 'purchasing',
      password: PASSWORD,
    });
    const page = await signIn(h, 'bo@shop.test', PASSWORD);
    const late = page.getByRole('region', { name: 'Late purchase orders' });
    await late.getByRole('link', { name: /PO-BR-LATE/ }).waitFor();
    const due = page.getByRole('region', { name: 'Purchase orders due this week' });
    await due.getByRole('link', { name: /PO-BR-DUE/ }).waitFor();
    expect(await due.getByRole('link', { name: /PO-BR-FAR/ }).count()).toBe(0);
    await page
      .getByRole('region', { name: 'Received in the last 7 days' })
      .getByRole('link', { name: /PO-BR-DUE/ })
      .waitFor();
    const shortages = page.getByRole('region', { name: 'Shortages to buy' });
    await shortages.getByText(/Gloss text BR/).waitFor();
    await page.screenshot({ path: 'docs/screenshots/my-day-purchasing.png', fullPage: true });
    await late.getByRole('link', { name: /PO-BR-LATE/ }).click();
    await page.waitForURL(/\/purchasing\/orders\//);
  });
});
