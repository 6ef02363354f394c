import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildContact, buildUser } from '../../src/server/factories';
import { ingestEmail } from '../../src/server/modules/inbox/ingest';
import { inboundOf } from '../../src/server/modules/inbox/wire';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const hostile = [
  'From: Rene <rene@harbor.example>',
  'To: orders@shop.example',
  'Subject: Artwork for the gala invitations',
  'Message-ID: <hostile-1@harbor.example>',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Hello, the artwork is attached.</p>',
  '<script>window.parent.__pwned = "script"; alert("script")</script>',
  '<img src="x" onerror="window.parent.__pwned = \'onerror\'; alert(\'onerror\')">',
  '<a id="evil" href="javascript:window.parent.__pwned=\'link\';alert(\'link\')">Open the proof</a>',
  '<svg onload="alert(\'svg\')"></svg>',
  '<img src="https://tracker.example/open.gif">',
  '',
].join('\r\n');

describe('shared inbox', () => {
  it('shows an HTML e-mail with <script>, onerror= and javascript: links, none of them active', async () => {
    const password = 'correct horse battery';
    const am = await buildUser(h.ctx.db, {
      email: 'sam@inbox.test',
      name: 'Sam Inbox',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, { name: 'Harbor Museum', ownerId: am.id });
    await buildContact(h.ctx.db, {
      accountId: account.id,
      firstName: 'Rene',
      emails: ['rene@harbor.example'],
    });
    const result = await h.ctx.db.transaction((tx) =>
      ingestEmail({ db: tx, ...inboundOf(h.ctx), raw: Buffer.from(hostile), source: 'http' }),
    );
    expect(result.status).toBe('new');

    const page = await signIn(h, 'sam@inbox.test', password);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${h.base}/inbox`);
    await page.getByText('Artwork for the gala invitations').first().waitFor();
    await page.keyboard.press('j'); // j opens the first conversation
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    const frameEl = page.getByTestId('message-html');
    await frameEl.waitFor();
    expect(await frameEl.getAttribute('sandbox')).not.toContain('allow-scripts');
    const frame = page.frameLocator('[data-testid="message-html"]');
    await frame.getByText('the artwork is attached').waitFor();
    const link = frame.locator('a', { hasText: 'Open the proof' });
    const href = await link.getAttribute('href');
    expect(href === null || !/^\s*javascript:/i.test(href)).toBe(true);
    await link.click({ force: true }).catch(() => undefined);
    await page.waitForTimeout(500);
    const inside = await frame.locator('body').evaluate((body) => ({
      scripts: body.ownerDocument.querySelectorAll('script').length,
      handlers: [...body.querySelectorAll('*')].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith('on')),
      ).length,
      remote: [...body.querySelectorAll('img')].filter((i) => /^https?:/.test(i.getAttribute('src') ?? ''))
        .length,
    }));
    expect(inside).toEqual({ scripts: 0, handlers: 0, remote: 0 });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null)).toBeNull();
    expect(dialogs).toEqual([]);
    await page.getByText('Remote images are blocked.').waitFor();

    // r focuses the reply box; e resolves.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  });
});
