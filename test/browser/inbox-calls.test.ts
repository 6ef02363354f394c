import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildContact,
  buildInventoryItem,
  buildJob,
  buildPortal,
  buildPortalUser,
  buildProduct,
  buildUser,
} from '../../src/server/factories';
import { getAccount } from '../../src/server/modules/accounts/service';
import { ingestEmail } from '../../src/server/modules/inbox/ingest';
import { inboundOf } from '../../src/server/modules/inbox/wire';
import { todayIn } from '../../src/server/platform/clock';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const question = [
  'From: Dana Client <dana@riverside.example>',
  'To: orders@shop.example',
  'Subject: Brochure reprint — can we talk?',
  'Message-ID: <question-1@riverside.example>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello, the colours on the last run were off. Can you call me?',
  '',
].join('\r\n');

/** `YYYY-MM-DDTHH:mm`, as a datetime-local input takes it, days from now at a given hour. */
const localAt = (days: number, hour: number) => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
};

describe('calls, meetings and escalations in the browser', () => {
  it('logs a call with a follow-up, schedules a meeting whose .ics downloads, and resolves an escalation', async () => {
    const password = 'correct horse battery';
    const am = await buildUser(h.ctx.db, {
      email: 'casey@calls.test',
      name: 'Casey Calls',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, { name: 'Riverside College', ownerId: am.id });
    await buildContact(h.ctx.db, {
      accountId: account.id,
      firstName: 'Dana',
      lastName: 'Client',
      emails: ['dana@riverside.example'],
    });
    const job = await buildJob(h.ctx.db, { accountId: account.id, title: 'Prospectus brochures' });
    const { conversationId } = await h.ctx.db.transaction((tx) =>
      ingestEmail({ db: tx, ...inboundOf(h.ctx), raw: Buffer.from(question), source: 'http' }),
    );

    const page = await signIn(h, 'casey@calls.test', password);
    await page.goto(`${h.base}/inbox/${conversationId}`);
    await page
      .getByText('Hello, the colours on the last run were off. Can you call me?', { exact: true })
      .waitFor();

    // Log the call the client asked for, with a follow-up due today (the shop's today).
    const dueOn = todayIn(h.ctx.config.JOBJACKET_TIMEZONE);
    await page.getByRole('button', { name: 'Log a call' }).click();
    const callForm = page.getByRole('dialog', { name: 'Log a call' });
    await callForm.getByText('We called the client').click();
    await callForm.getByLabel('Duration (minutes)').fill('12');
    await callForm.getByLabel('Summary').fill('Agreed to reprint 500 brochures with a new proof first.');
    await callForm.getByLabel('Follow-up task').check();
    await callForm.getByRole('textbox', { name: /^Task/ }).fill('Send the new colour proof to Dana');
    await callForm.getByLabel(/^Due/).fill(dueOn);
    await callForm.getByRole('button', { name: 'Log call' }).click();
    await callForm.waitFor({ state: 'detached' });
    const call = page.getByTestId('call');
    await call.getByText('Agreed to reprint 500 brochures').waitFor();
    await call.getByText('Call to Dana Client').waitFor();
    await call.getByText(`Follow-up: Send the new colour proof to Dana (due ${dueOn})`).waitFor();

    // Tag it and link the job.
    await page.getByRole('combobox', { name: 'Tags' }).fill('reprint');
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: 'Job', exact: true }).click();
    await page.getByRole('option', { name: new RegExp(job.number) }).click();
    await page.getByRole('link', { name: job.number }).waitFor();
    await page.reload();
    await page.getByText('reprint', { exact: true }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Job', exact: true }).inputValue()).toContain(job.number);

    // The follow-up is on My day.
    await page.goto(`${h.base}/my-day`);
    await page.getByRole('link', { name: 'Send the new colour proof to Dana' }).waitFor();
    await page.getByRole('link', { name: 'Send the new colour proof to Dana' }).click();
    await page.waitForURL(`**/inbox/${conversationId}`);

    // Schedule a meeting; Dana is invited by default and reads it in Berlin time.
    await page.getByRole('button', { name: 'Schedule a meeting' }).click();
    const meetingForm = page.getByRole('dialog', { name: 'Schedule a meeting' });
    await expect
      .poll(() => meetingForm.getByLabel('Attendee 1 e-mail').inputValue())
      .toBe('dana@riverside.example');
    await meetingForm.getByLabel('Title').fill('Colour review');
    await meetingForm.getByLabel('Starts').fill(localAt(2, 10));
    await meetingForm.getByLabel('Ends').fill(localAt(2, 11));
    await meetingForm.getByLabel('Place').fill('Pressroom, 12 Mill Lane');
    await meetingForm.getByLabel('Agenda').fill('Compare the press sheet with the approved proof.');
    await meetingForm.getByLabel('Attendee 1 time zone').fill('Europe/Berlin');
    await meetingForm.getByRole('button', { name: 'Schedule' }).click();
    await meetingForm.waitFor({ state: 'detached' });
    const meeting = page.getByTestId('meeting');
    await meeting.getByText('Colour review').waitFor();
    await meeting.getByText(/Pressroom, 12 Mill Lane/).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      meeting.getByRole('link', { name: /Invitation \(\.ics\)/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('invite.ics');
    const ics = await readFile((await download.path())!, 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toMatch(/SUMMARY:Colour review/);
    expect(ics).toMatch(/mailto:dana@riverside\.example/i);

    // Notes afterwards.
    await meeting.getByLabel('Meeting notes').fill('Dana approved the press sheet; reprint goes ahead.');
    await meeting.getByRole('button', { name: 'Save notes' }).click();
    await page.getByText('Meeting notes saved').waitFor();
    await page.reload();
    await expect
      .poll(() => page.getByTestId('meeting').getByLabel('Meeting notes').inputValue())
      .toBe('Dana approved the press sheet; reprint goes ahead.');

    // Escalate the job from its page, then resolve it on the escalation's page.
    await page.goto(`${h.base}/jobs/${job.id}`);
    await page.getByRole('button', { name: 'Escalate' }).click();
    const escalate = page.getByRole('dialog', { name: 'Escalate' });
    await escalate.getByLabel('What is wrong').fill('Colours off on the last run');
    await escalate.getByRole('button', { name: 'Escalate' }).click();
    await page.waitForURL(/\/escalations\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Colours off on the last run/ }).waitFor();
    await page.getByText('Opened at Account manager').waitFor();
    await page.getByLabel('Root cause').fill('The press profile was not updated after the paper change.');
    await page.getByLabel('Corrective action').fill('Profiles are checked at every paper change.');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText(/Resolved — root cause: The press profile was not updated/).waitFor();
    await page.getByText('Profiles are checked at every paper change.').waitFor();
    expect(await page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
  });

  it('escalates a portal order from the staff order page; the escalation links back to the order', async () => {
    const password = 'correct horse battery';
    const am = await buildUser(h.ctx.db, {
      email: 'olive@orders.test',
      name: 'Olive Orders',
      role: 'account_manager',
      password,
    });
    const portal = await buildPortal(h.ctx.db);
    const account = await getAccount({ db: h.ctx.db, id: portal.account.id });
    const item = await buildInventoryItem(h.ctx.db, account.id, { onHand: 20 });
    const product = await buildProduct(h.ctx.db, portal.id, {
      kind: 'stocked',
      inventoryItemId: item.id,
      unitPriceCents: 250,
      productType: null,
    });
    const buyer = await buildPortalUser(h.ctx.db, portal.id, { password });
    // The buyer orders through the portal API, as the portal page does.
    const call = async (path: string, body: object, headers: Record<string, string> = {}) => {
      const res = await fetch(`${h.base}/api/v1/portal/${portal.slug}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return res;
    };
    const login = await call('/auth/login', { email: buyer.email, password });
    const session = {
      cookie: login.headers
        .getSetCookie()
        .find((c) => c.startsWith('jj_portal='))!
        .split(';')[0]!,
      'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken,
    };
    await call('/cart/lines', { productId: product.id, quantity: 3 }, session);
    const order = (await (
      await call(
        '/checkout',
        { costCentreId: account.costCentres[0]!.id, shipToAddressId: account.addresses[0]!.id },
        session,
      )
    ).json()) as { id: string; number: string };

    const page = await signIn(h, am.email, password);
    await page.goto(`${h.base}/orders/${order.id}`);
    await page.getByRole('button', { name: 'Escalate' }).click();
    const escalate = page.getByRole('dialog', { name: 'Escalate' });
    await escalate.getByLabel('What is wrong').fill('Buyer says the boxes arrived crushed');
    await escalate.getByRole('button', { name: 'Escalate' }).click();
    await page.waitForURL(/\/escalations\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Buyer says the boxes arrived crushed/ }).waitFor();
    await page.getByRole('link', { name: order.number, exact: true }).click();
    await page.waitForURL(`${h.base}/orders/${order.id}`);
    await page.getByText(/Escalations: ESC-\d{4}-\d+ \(S3, Account manager\)/).waitFor();
  });
});
