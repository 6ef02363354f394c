import { mkdirSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildUser } from '../../src/server/factories';
import { startReceiver } from '../helpers/webhook-receiver';
import { signIn, staffApi, startHarness, type Harness } from './harness';

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  h = await startHarness({ JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: '1' });
  await h.ctx.queue.work();
  receiver = await startReceiver();
  mkdirSync('docs/screenshots', { recursive: true });
});
afterAll(async () => {
  await receiver?.close();
  await h?.close();
});

describe('Admin → Webhooks', () => {
  it('creates an endpoint by keyboard, shows its secret once, and shows the delivery of a new job', async () => {
    await buildUser(h.ctx.db, {
      email: 'wes@shop.test',
      name: 'Wes Webhook',
      role: 'admin',
      password: 'correct horse battery',
    });
    const account = await buildAccount(h.ctx.db, { name: 'Nguyễn → Zoë Øster Schools' });
    const page = await signIn(h, 'wes@shop.test', 'correct horse battery');
    await page.getByText('Admin', { exact: true }).click();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No endpoints yet').waitFor();
    await page.getByRole('button', { name: 'New endpoint' }).click();
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.keyboard.press('Tab');
    await page.keyboard.type('ERP sync');
    await page.getByPlaceholder('Choose the events it hears').click();
    await page.keyboard.type('job.created');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByLabel('Endpoint URL').press('Enter'); // the form submits from the keyboard
    const secret = (await page.getByLabel('Signing secret', { exact: true }).innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await page.keyboard.press('Escape');
    await page.getByText('Nothing sent yet').waitFor();

    const job = await staffApi(h, page, 'POST', '/jobs', {
      accountId: account.id,
      title: 'Webhook postcards',
      dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      items: [{ productType: 'postcard', quantity: 500 }],
    });
    expect(job.statusCode, job.body).toBe(201);
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
    const body = new Webhook(secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers);
    expect(body).toMatchObject({ type: 'job.created', data: { jobId: job.json().id } });
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    await deliveries.getByText('delivered').waitFor({ timeout: 15_000 });
    await deliveries.getByText('job.created').waitFor();
    await page.screenshot({ path: 'docs/screenshots/webhooks.png' });

    await deliveries.getByRole('button', { name: 'Replay' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(2);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
  }, 120_000);
});
