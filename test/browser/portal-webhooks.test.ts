import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJob, buildPortal, buildPortalUser } from '../../src/server/factories';
import { startReceiver } from '../helpers/webhook-receiver';
import { startHarness, type Harness } from './harness';

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  h = await startHarness({ JOBJACKET_WEBHOOKS_ALLOW_PRIVATE: '1' });
  await h.ctx.queue.work();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await h?.close();
});

const password = 'correct horse battery';

describe('Portal → Webhooks', () => {
  it('a client admin on a phone subscribes their system by keyboard and sees their account’s delivery', async () => {
    const portal = await buildPortal(h.ctx.db, { slug: 'hooks', name: 'Nguyễn → Zoë Øster Hooks' } as never);
    await buildPortalUser(h.ctx.db, portal.id, {
      email: 'zoe@hooks.example',
      name: 'Zoë Øster',
      role: 'client_admin',
      password,
    });
    const page = await (await h.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${h.base}/p/${portal.slug}`);
    await page.getByLabel('E-mail').fill('zoe@hooks.example');
    await page.getByRole('textbox', { name: 'Password' }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
    await page.goto(`${h.base}/p/${portal.slug}/webhooks`);
    await page.getByText('No endpoints yet').waitFor();
    await page.getByRole('button', { name: 'New endpoint' }).click();
    // No account to choose in the portal: the endpoint is the client's own.
    expect(await page.getByText("Only this client's events").count()).toBe(0);
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Our ERP');
    await page.getByPlaceholder('Choose the events it hears').click();
    await page.keyboard.type('job.created');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByLabel('Endpoint URL').press('Enter');
    const secret = (await page.getByLabel('Signing secret', { exact: true }).innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await page.keyboard.press('Escape');
    await page.getByText('Nothing sent yet').waitFor();

    // Another client's job never arrives; theirs does, and the log shows it.
    await buildJob(h.ctx.db);
    const job = await buildJob(h.ctx.db, { accountId: portal.account.id });
    const deadline = Date.now() + 20_000;
    while (receiver.received.length < 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 800));
    expect(receiver.received).toHaveLength(1);
    expect(
      new Webhook(secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers),
    ).toMatchObject({
      data: { jobId: job.id },
    });
    await page.getByText('delivered').first().waitFor({ timeout: 15_000 });
    // Nothing runs off the side of a phone.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});
