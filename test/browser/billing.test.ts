import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildContact, buildUser } from '../../src/server/factories';
import { exampleBrochure, setUpExampleCostModel } from '../helpers/estimating';
import { signIn, staffApi, startHarness, type Harness } from './harness';

// The invoice hand-off in Chromium: a quoted job, shipped, exported for QuickBooks by a manager.
let h: Harness;
let manager: Page;
const password = 'correct horse battery';

beforeAll(async () => {
  h = await startHarness();
  await buildUser(h.ctx.db, {
    email: 'manager@billing.test',
    role: 'manager',
    password,
    name: 'Maria Manager',
  });
  manager = await signIn(h, 'manager@billing.test', password);
  const api = (method: string, url: string, data?: unknown) => staffApi(h, manager, method, url, data);
  const { foldId } = await setUpExampleCostModel(
    (method, url, payload) => api(method, url, payload) as never,
  );
  const account = await buildAccount(h.ctx.db, { name: 'Nguyễn → Zoë Øster Books' });
  const contact = await buildContact(h.ctx.db, { accountId: account.id });
  const quote = (
    await api('POST', '/quotes', {
      accountId: account.id,
      contactId: contact.id,
      title: 'Spring brochures',
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      items: [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
    })
  ).json();
  await api('POST', `/quotes/${quote.id}/send`, {});
  const accepted = await api('POST', `/quotes/${quote.id}/accept`, {
    decision: 'accept',
    name: 'Zoë Øster',
    channel: 'phone',
    choices: [{ itemId: quote.items[0].id, quantity: 5000 }],
  });
  const job = (await api('GET', `/jobs/${accepted.json().job.id}`)).json();
  const shipment = await api('POST', '/shipments', {
    jobId: job.id,
    carrier: 'ups',
    service: 'Ground',
    address: { name: 'Client', line1: '200 Dock Rd', city: 'Springfield', region: 'IL', postalCode: '62701' },
    packages: [{ weightLb: 22.5, lengthIn: 12, widthIn: 9, heightIn: 6, contents: 'Brochures' }],
    items: [{ itemId: job.items[0].id, quantity: 5000 }],
  });
  const shipped = await api('PATCH', `/shipments/${shipment.json().id}`, {
    status: 'shipped',
    trackingNumber: '1Z5R89390357567127',
  });
  expect(shipped.statusCode, shipped.body).toBe(200);
});
afterAll(async () => {
  await h?.close();
});

describe('billing in the browser', () => {
  it('a manager sees the shipped job at its quoted price, exports it for QuickBooks, and it leaves the list', async () => {
    await manager.getByRole('link', { name: 'Billing' }).click();
    const row = manager.getByRole('row', { name: /Nguyễn → Zoë Øster Books/ });
    await expect.poll(() => row.textContent()).toContain('$781.42');
    mkdirSync('docs/screenshots', { recursive: true });
    await manager.screenshot({ path: 'docs/screenshots/billing.png' });
    await manager.getByRole('button', { name: 'Export for QuickBooks Online' }).click();
    const done = manager.getByTestId('export-done');
    await expect.poll(() => done.textContent()).toMatch(/Batch IE-\d{4}-\d+: 1 job\(s\), \$781\.42/);
    await manager.getByText('Nothing waits to be invoiced.').waitFor();
    const href = await done.getByRole('link', { name: 'Download the CSV' }).getAttribute('href');
    const csv = await (await manager.request.get(`${h.base}${href}`)).text();
    expect(csv).toContain('Invoice number,Customer,Invoice date');
    expect(csv).toContain('781.42');
  });
});
