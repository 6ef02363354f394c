/**
 * Takes the README's screenshots from a running app (demo data): `npx tsx scripts/screenshots.ts http://localhost:3000`.
 */
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = process.argv[3] ?? 'docs/screenshots';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(`${base}/sign-in`);
await page.getByLabel('E-mail').fill('sam.okafor@demo.jobjacket');
await page.getByLabel('Password', { exact: true }).fill('jobjacket-demo');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL('**/my-day');
await page.getByText('Due this week').waitFor();
await page.screenshot({ path: `${out}/my-day.png` });
await page.goto(`${base}/accounts`);
await page.getByRole('table').waitFor();
await page.screenshot({ path: `${out}/accounts-list.png` });
await page.getByRole('link', { name: 'State Department of Revenue' }).click();
await page.getByText('Cost centres').first().waitFor();
await page.screenshot({ path: `${out}/account-page.png` });
await page.goto(`${base}/jobs`);
await page.getByRole('table').waitFor();
await page.locator('tbody tr').first().click();
await page.getByText('Plan').first().waitFor();
await page.screenshot({ path: `${out}/job-page.png` });
await page.goto(`${base}/boards`);
await page.getByText('In progress').first().waitFor();
await page.waitForTimeout(500);
await page.screenshot({ path: `${out}/board.png` });
await page.goto(`${base}/purchasing`);
await page.getByRole('table', { name: 'Shortages' }).waitFor();
await page.screenshot({ path: `${out}/purchasing-shortages.png` });
await page.goto(`${base}/purchasing/materials`);
await page.getByRole('table', { name: 'Materials' }).waitFor();
await page.getByRole('link', { name: 'GLS-100T-1218' }).click();
await page.getByRole('table', { name: 'Movements' }).waitFor();
await page.screenshot({ path: `${out}/material-page.png` });
await page.goto(`${base}/purchasing/orders`);
await page.getByRole('table', { name: 'Purchase orders' }).waitFor();
await page.locator('tbody tr a').first().click();
await page.getByRole('table', { name: 'Lines' }).waitFor();
await page.screenshot({ path: `${out}/purchase-order.png` });
await page.goto(`${base}/shipping/all`);
await page.getByRole('table', { name: 'Shipments' }).waitFor();
await page.screenshot({ path: `${out}/shipping.png` });
await page.getByRole('table', { name: 'Shipments' }).locator('tbody tr a').first().click();
await page.getByText('Materials').first().waitFor();
await page.getByText('Shipping').first().waitFor();
await page.waitForTimeout(500);
await page.screenshot({ path: `${out}/job-supply.png`, fullPage: true });
await browser.close();
