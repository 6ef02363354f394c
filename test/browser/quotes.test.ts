import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildContact,
  buildPortal,
  buildPortalUser,
  buildUser,
} from '../../src/server/factories';
import { updateStage } from '../../src/server/modules/jobs';
import { systemActor } from '../../src/server/platform/actor';
import { clockOn } from '../../src/server/platform/service-context';
import { exampleBrochure, setUpExampleCostModel } from '../helpers/estimating';
import { smtpPeer } from '../helpers/smtp';
import { signIn, staffApi as harnessApi, startHarness, type Harness } from './harness';

// Quotes end to end in Chromium: the AM prices and sends, the client answers on a phone from the e-mailed link.
let h: Harness;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let am: Page;
let foldId: string;
const password = 'correct horse battery';

/** Calls the staff API as the page's signed-in user. */
const staffApi = (page: Page, method: string, url: string, data?: unknown) =>
  harnessApi(h, page, method, url, data);

const signInAs = async (role: 'admin' | 'account_manager') => {
  const email = `${role}@quotes.test`;
  await buildUser(h.ctx.db, { email, role, password, name: role === 'admin' ? 'Ada Admin' : 'Avery AM' });
  return signIn(h, email, password);
};

async function accountWithContact(name: string, email: string, poRequired = false) {
  const account = await buildAccount(h.ctx.db, { name, poRequired });
  const contact = await buildContact(h.ctx.db, {
    accountId: account.id,
    firstName: 'Zoë',
    lastName: 'Øster',
    emails: [email],
  });
  return { account, contact };
}

beforeAll(async () => {
  peer = await smtpPeer();
  h = await startHarness({ SMTP_URL: peer.url, MAIL_FROM: 'Print shop <shop@example.test>' });
  await h.ctx.queue.work();
  const admin = await signInAs('admin');
  // The helper reads a response's status code and JSON, as this adapter of the browser's requests gives them.
  ({ foldId } = await setUpExampleCostModel(
    (method, url, payload) => staffApi(admin, method, url, payload) as never,
  ));
  await admin.context().close();
  am = await signInAs('account_manager');
});
afterAll(async () => {
  await h?.close();
  await peer?.close();
});

/** The page as one tall viewport (a full-page capture would repeat the fixed header and menu). */
async function tallScreenshot(page: Page, file: string, width = 1400) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height });
  mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: file });
}

describe('quotes in the browser', () => {
  it('an AM quotes a brochure at three quantities and sends it; the client accepts 5,000 on a phone; the job has its price', async () => {
    await accountWithContact('Nguyễn → Zoë Øster', 'zoe@oster.example');
    await am.getByRole('link', { name: 'Quotes' }).click();
    await am.getByRole('link', { name: 'New quote' }).click();
    await am.getByRole('heading', { name: 'New quote' }).waitFor();
    await am.getByRole('combobox', { name: 'Account' }).fill('Nguyễn');
    await am.getByRole('option', { name: 'Nguyễn → Zoë Øster' }).click();
    await am.getByRole('combobox', { name: 'Contact' }).click();
    await am.getByRole('option', { name: 'Zoë Øster <zoe@oster.example>' }).click();
    await am.getByLabel('Title').fill('Spring brochures');
    await am.getByLabel('Terms').fill('Half on acceptance, half on delivery.');
    await am
      .getByLabel('Notes for the client')
      .fill('Prices include folding; postage is extra if we mail them.');
    await am.getByLabel('Internal notes').fill('Zoë wants the 5,000 but will ask about 8,000.');
    const item = am.getByRole('region', { name: 'Item 1' });
    await item.getByRole('combobox', { name: 'Product type' }).click();
    await am.getByRole('option', { name: 'Folded brochure' }).click();
    await item.getByLabel('Description').fill('Tri-fold brochure, 11×8.5 flat');
    await item.getByLabel('Flat width').fill('11');
    await item.getByLabel('Flat height').fill('8.5');
    await item.getByLabel('Inks front').fill('4');
    await item.getByLabel('Inks back').fill('4');
    await item.getByText('Typed', { exact: true }).click();
    await item.getByLabel('Paper name').fill('100 lb gloss text 19×25');
    await item.getByLabel('Sheet width (in)').fill('19');
    await item.getByLabel('Sheet height (in)').fill('25');
    await item.getByLabel('Price per 1,000 sheets ($)').fill('95.00');
    await item.getByLabel('Letter fold').check();
    await item.getByLabel('Quantity 1').fill('2500');
    await item.getByLabel('Quantity 2').fill('5000');
    await item.getByLabel('Quantity 3').fill('8000');
    await am.getByRole('button', { name: 'Save quote' }).click();

    const prices = am.getByRole('table', {
      name: /Item 1: Tri-fold brochure, 11×8\.5 flat — prices by quantity/,
    });
    for (const [quantity, total] of [
      ['2,500', '\\$648\\.37'],
      ['5,000', '\\$845\\.89'],
      ['8,000', '\\$1,082\\.75'],
    ] as const)
      await prices.getByRole('row', { name: new RegExp(`${quantity} .* ${total} `) }).waitFor();
    const heading = am.getByRole('heading', { level: 2 });
    await heading.getByText('Draft').waitFor();
    const number = /Q-\d{4}-\d+/.exec(await heading.innerText())![0];
    // The working of a quantity opens under it.
    await am.getByRole('button', { name: 'Working of 5,000' }).click();
    await am
      .getByRole('table', { name: 'Working of 5,000' })
      .getByRole('row', { name: /Cost \$558\.16/ })
      .waitFor();

    await am.getByRole('button', { name: 'Send', exact: true }).click();
    const dialog = am.getByRole('dialog');
    await dialog.getByLabel('Message (optional)').fill('As discussed on the phone — thank you, Zoë.');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    const shown = await dialog.getByLabel("The client's link").inputValue();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await heading.getByText('Sent').waitFor();

    // The link the real SMTP peer received, opened on a phone.
    const mail = await peer.message('zoe@oster.example', number);
    const path = /\/quote\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
    expect(path, mail.text).toBeDefined();
    expect(shown.endsWith(path!)).toBe(true);
    const phone = await (await h.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto(`${h.base}${path}`);
    await phone.getByRole('heading', { name: 'Spring brochures' }).waitFor();
    await phone.getByText(new RegExp(`${number} · valid until`)).waitFor();
    await phone.getByText('Half on acceptance, half on delivery.').waitFor();
    expect(await phone.getByText('Zoë wants the 5,000').count()).toBe(0);
    expect(await phone.getByRole('link', { name: 'The quote as PDF' }).getAttribute('href')).toBe(
      `/api/v1/quote-links/${path!.split('/quote/')[1]}/quote.pdf`,
    );
    // Accepting without choosing the quantity is refused by the server, and the page says why.
    await phone.getByLabel('Your name').fill('Zoë Øster');
    await phone.getByRole('button', { name: 'Accept the quote' }).click();
    await phone
      .getByRole('alert')
      .getByText(/Choose a quantity of item 1/)
      .waitFor();
    // An unsigned answer is not sent.
    await phone.getByLabel('Your name').fill('');
    await phone.getByRole('radio', { name: '5,000 for $845.89' }).click();
    await phone.getByRole('button', { name: 'Accept the quote' }).click();
    await phone.getByText('Type your name to sign your answer').waitFor();
    await phone.getByLabel('Your name').fill('Zoë Øster');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: 'docs/screenshots/quote-client.png', fullPage: true });
    await phone.getByRole('button', { name: 'Accept the quote' }).click();
    await phone.getByText('Accepted — thank you').waitFor();
    await phone.getByText('Accepted by Zoë Øster').waitFor();
    await phone.getByText('5,000 · $845.89').waitFor();
    expect(await phone.getByRole('button', { name: 'Accept the quote' }).count()).toBe(0);

    await am.reload();
    await heading.getByText('Accepted').waitFor();
    const outcome = am.getByRole('alert').filter({ hasText: 'By Zoë Øster through the e-mailed link' });
    const jobLink = outcome.getByRole('link', { name: /^Job / });
    await jobLink.waitFor();
    await prices.getByRole('row', { name: /5,000 accepted/ }).waitFor();
    await tallScreenshot(am, 'docs/screenshots/quote.png');
    await am.setViewportSize({ width: 1400, height: 900 });

    await jobLink.click();
    await am.getByText('1. Folded brochure × 5,000').first().waitFor();
    await am.getByRole('button', { name: 'Edit item 1' }).click();
    expect(await am.getByRole('dialog').getByLabel('Price ($)').inputValue()).toBe('$781.42');
    await am.keyboard.press('Escape');

    // Prepress starts; the client then wants 500 more: a change order moves the price to $850.00.
    const jobId = new URL(am.url()).pathname.split('/').pop()!;
    const job = (await staffApi(am, 'GET', `/jobs/${jobId}`)).json();
    const today = new Date().toISOString().slice(0, 10);
    await updateStage({
      db: h.ctx.db,
      actor: systemActor,
      clock: clockOn(today),
      jobId,
      stageId: job.stages[0].id,
      input: { status: 'in_progress' },
    });
    await am.reload();
    await am.getByRole('button', { name: 'Edit item 1' }).click();
    const itemDialog = am.getByRole('dialog', { name: `Item 1 of ${job.number}` });
    await itemDialog.getByLabel('Quantity').fill('5500');
    await itemDialog.getByLabel('Price ($)').fill('850');
    await itemDialog.getByLabel('Reason for the change').fill('500 more for the open day');
    await itemDialog.getByLabel('Asked for by').click();
    await am.getByRole('option', { name: 'Zoë Øster' }).click();
    await itemDialog.getByRole('button', { name: 'Save item' }).click();
    await itemDialog.waitFor({ state: 'hidden' });
    await am.getByText(/Change orders · price \+\$68\.58 in all/).waitFor();

    // The job ships; billing exports it for QuickBooks at its final price, in the documented layout.
    const shipment = await staffApi(am, 'POST', '/shipments', {
      jobId,
      carrier: 'ups',
      service: 'Ground',
      address: {
        name: 'Zoë Øster',
        line1: '200 Dock Rd',
        city: 'Springfield',
        region: 'IL',
        postalCode: '62701',
      },
      packages: [{ weightLb: 24, lengthIn: 12, widthIn: 9, heightIn: 6, contents: 'Brochures' }],
      items: [{ itemId: job.items[0].id, quantity: 5500 }],
    });
    expect(shipment.statusCode, shipment.body).toBe(201);
    const shipped = await staffApi(am, 'PATCH', `/shipments/${shipment.json().id}`, {
      status: 'shipped',
      trackingNumber: '1Z5R89390357567127',
    });
    expect(shipped.statusCode, shipped.body).toBe(200);
    await buildUser(h.ctx.db, {
      email: 'manager@quotes.test',
      role: 'manager',
      password,
      name: 'Mo Manager',
    });
    const manager = await signIn(h, 'manager@quotes.test', password);
    await manager.getByRole('link', { name: 'Billing' }).click();
    const ready = manager.getByRole('row', { name: new RegExp(job.number) });
    await expect.poll(() => ready.textContent()).toContain('$850.00');
    await manager.getByRole('checkbox', { name: new RegExp(job.number) }).check();
    await manager.getByRole('button', { name: 'Export for QuickBooks Online' }).click();
    const done = manager.getByTestId('export-done');
    await expect.poll(() => done.textContent()).toMatch(/1 job\(s\), \$850\.00/);
    const href = await done.getByRole('link', { name: 'Download the CSV' }).getAttribute('href');
    const csv = (await (await manager.request.get(`${h.base}${href}`)).text()).replace(/^\uFEFF/, '');
    const documented = /Headers QuickBooks Online maps without asking: `([^`]+)`/s
      .exec(readFileSync('docs/billing.md', 'utf8'))![1]!
      .replace(/\s+/g, ' ');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header!.split(',').join(', ')).toBe(documented);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(job.number);
    expect(rows[0]).toContain('850.00');
    await manager.context().close();
  });

  it('an AM records an acceptance taken by phone for an account that requires a PO: the PO is required', async () => {
    const { account, contact } = await accountWithContact(
      'Øster Holdings — PO only',
      'po@oster.example',
      true,
    );
    const created = await staffApi(am, 'POST', '/quotes', {
      accountId: account.id,
      contactId: contact.id,
      title: 'Autumn flyers',
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      items: [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const quote = created.json();
    expect((await staffApi(am, 'POST', `/quotes/${quote.id}/send`, {})).statusCode).toBe(200);

    // My day reminds the AM of the quotes waiting on the client.
    await am.goto(`${h.base}/my-day`);
    const waiting = am.getByRole('region', { name: 'Quotes waiting on the client' });
    await waiting.getByRole('link', { name: new RegExp(`${quote.number} · Autumn flyers`) }).waitFor();

    // From the list, filtered to sent quotes, by keyboard.
    await am.goto(`${h.base}/quotes`);
    await am.getByRole('combobox', { name: 'Status' }).click();
    await am.getByRole('option', { name: 'Sent' }).click();
    const row = am.getByRole('row', { name: new RegExp(`${quote.number} v1 Autumn flyers`) });
    await row.getByText('$648.37 – $1,082.75').waitFor();
    await row.focus();
    await am.keyboard.press('Enter');
    await am.waitForURL(`**/quotes/${quote.id}`);

    await am.getByRole('button', { name: 'Record answer' }).click();
    const dialog = am.getByRole('dialog');
    await dialog.getByLabel('Phone').check();
    await dialog.getByRole('radio', { name: '2,500 for $648.37' }).click();
    const po = dialog.getByRole('textbox', { name: 'Client PO number' });
    await po.waitFor();
    await dialog.getByRole('button', { name: 'Record acceptance' }).click();
    await dialog.getByText('Required for this account').waitFor();
    await dialog
      .getByRole('alert')
      .getByText(/requires a PO number/)
      .waitFor();
    expect((await staffApi(am, 'GET', `/quotes/${quote.id}`)).json()).toMatchObject({
      status: 'sent',
      job: null,
    });

    await po.fill('PO-4471');
    await dialog.getByRole('button', { name: 'Record acceptance' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await am
      .getByRole('alert')
      .getByText(/By Zoë Øster through phone .*, PO PO-4471\./)
      .waitFor();
    const saved = (await staffApi(am, 'GET', `/quotes/${quote.id}`)).json();
    expect(saved).toMatchObject({ status: 'accepted', decisionChannel: 'phone', clientPo: 'PO-4471' });
    expect(saved.job).not.toBeNull();
    await am.getByRole('link', { name: `Job ${saved.job.number}` }).waitFor();
  });

  it('a buyer answers a quote in the portal on a phone: the job has the chosen price', async () => {
    const { account, contact } = await accountWithContact(
      'Øster Portal College',
      'buyer-quote@oster.example',
    );
    const portal = await buildPortal(h.ctx.db, {
      accountId: account.id,
      slug: 'oster-quotes',
      name: 'Øster',
    });
    await buildPortalUser(h.ctx.db, portal.id, {
      email: 'bea@oster.example',
      name: 'Nguyễn Thị Bé',
      role: 'buyer',
      password,
    });
    const quote = (
      await staffApi(am, 'POST', '/quotes', {
        accountId: account.id,
        contactId: contact.id,
        title: 'Open day brochures',
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        clientNotes: 'Folded and boxed in 250s.',
        items: [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
      })
    ).json();
    expect((await staffApi(am, 'POST', `/quotes/${quote.id}/send`, {})).statusCode).toBe(200);

    const buyer = await (await h.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await buyer.goto(`${h.base}/p/oster-quotes`);
    await buyer.getByLabel('E-mail').fill('bea@oster.example');
    await buyer.getByRole('textbox', { name: 'Password' }).fill(password);
    await buyer.getByRole('button', { name: 'Sign in' }).click();
    await buyer.getByRole('heading', { name: 'Catalogue' }).waitFor();
    await buyer.getByRole('button', { name: 'Menu', exact: true }).click();
    await buyer.getByRole('link', { name: 'Quotes' }).click();
    const card = buyer.getByRole('region', { name: `Quote ${quote.number} Open day brochures` });
    await card.getByText('Folded and boxed in 250s.').waitFor();
    await card.getByText('Signed as Nguyễn Thị Bé').waitFor();
    await card.getByRole('radio', { name: '8,000 for $1,082.75' }).click();
    expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await buyer.screenshot({ path: 'docs/screenshots/portal-quotes.png', fullPage: true });
    await card.getByRole('button', { name: 'Accept the quote' }).click();
    await card.getByText('Accepted by Nguyễn Thị Bé').waitFor();
    await card.getByText('8,000 · $1,082.75').waitFor();

    const saved = (await staffApi(am, 'GET', `/quotes/${quote.id}`)).json();
    expect(saved).toMatchObject({
      status: 'accepted',
      decisionChannel: 'portal',
      decidedBy: 'Nguyễn Thị Bé',
    });
    const job = (await staffApi(am, 'GET', `/jobs/${saved.job.id}`)).json();
    expect(job.items[0]).toMatchObject({ quantity: 8000 });
    await buyer.context().close();
  });

  it('an admin prices a print-on-demand product by the engine; the buyer sees the price of the quantity typed', async () => {
    const { account } = await accountWithContact('Øster Engine College', 'engine@oster.example');
    const portal = await buildPortal(h.ctx.db, {
      accountId: account.id,
      slug: 'oster-engine',
      name: 'Øster',
    });
    await buildPortalUser(h.ctx.db, portal.id, { email: 'eve@oster.example', role: 'buyer', password });
    await buildUser(h.ctx.db, { email: 'admin2@quotes.test', role: 'admin', password, name: 'Ada Two' });
    const admin = await signIn(h, 'admin2@quotes.test', password);
    await admin.goto(`${h.base}/portals/${portal.id}/products`);
    await admin.getByRole('button', { name: 'New product' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New product' });
    await dialog.getByText('Print on demand', { exact: true }).click();
    await dialog.getByLabel('SKU').fill('BRO-ENG');
    await dialog.getByLabel(/^Name/).fill('Open day brochure');
    await dialog.getByRole('combobox', { name: 'Product type' }).click();
    await admin.getByRole('option', { name: 'Folded brochure' }).click();
    await dialog.getByLabel('Priced by the estimating engine').check();
    expect(await dialog.getByLabel('Unit price').count()).toBe(0);
    const item = dialog.getByRole('region', { name: 'What the engine prices' });
    await item.getByLabel('Flat width').fill('11');
    await item.getByLabel('Flat height').fill('8.5');
    await item.getByLabel('Inks front').fill('4');
    await item.getByLabel('Inks back').fill('4');
    await item.getByText('Typed', { exact: true }).click();
    await item.getByLabel('Paper name').fill('100 lb gloss text 19×25');
    await item.getByLabel('Sheet width (in)').fill('19');
    await item.getByLabel('Sheet height (in)').fill('25');
    await item.getByLabel('Price per 1,000 sheets ($)').fill('95.00');
    await item.getByLabel('Letter fold').check();
    expect(await item.getByLabel('Quantity 1').count()).toBe(0);
    await dialog.getByLabel('Minimum quantity').fill('250');
    await dialog.getByLabel('In multiples of').fill('250');
    await dialog.getByRole('button', { name: 'Create product' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByRole('row', { name: /BRO-ENG Open day brochure .*Estimating engine/ }).waitFor();
    await admin.context().close();

    const buyer = await (await h.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await buyer.goto(`${h.base}/p/oster-engine`);
    await buyer.getByLabel('E-mail').fill('eve@oster.example');
    await buyer.getByRole('textbox', { name: 'Password' }).fill(password);
    await buyer.getByRole('button', { name: 'Sign in' }).click();
    await buyer.getByText('Priced by quantity').waitFor();
    await buyer
      .getByRole('link', { name: /Open day brochure/ })
      .first()
      .click();
    await buyer.getByRole('textbox', { name: 'Quantity', exact: true }).fill('5000');
    // The worked example's 5,000 at the shop's 40 % markup: $781.42 before tax.
    await buyer.getByText('$781.42').waitFor();
    await buyer.getByText(/for 5,000 \(\$0\.16 each\)/).waitFor();
    await buyer.screenshot({ path: 'docs/screenshots/portal-engine-price.png', fullPage: true });
    await buyer.context().close();
  });

  it('revising a sent quote says it makes a new version; the new version lists the old one, whose link is dead', async () => {
    const { account, contact } = await accountWithContact('Zoë Øster Revisions', 'rev@oster.example');
    const created = await staffApi(am, 'POST', '/quotes', {
      accountId: account.id,
      contactId: contact.id,
      title: 'Winter catalogue',
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      items: [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
    });
    const v1 = created.json();
    const sent = (await staffApi(am, 'POST', `/quotes/${v1.id}/send`, {})).json();

    await am.goto(`${h.base}/quotes/${v1.id}`);
    await am.getByRole('link', { name: 'Revise' }).click();
    await am.getByText(`${v1.number} v1 has been sent to the client`).waitFor();
    await am.getByLabel('Title').fill('Winter catalogue, revised');
    await am.getByRole('region', { name: 'Item 1' }).getByLabel('Quantity 3').fill('');
    await am.getByRole('button', { name: 'Save as version 2' }).click();
    const heading = am.getByRole('heading', { level: 2 });
    await heading.getByText(`${v1.number} v2 · Winter catalogue, revised`).waitFor();
    await heading.getByText('Draft').waitFor();
    expect(await am.getByRole('button', { name: 'Working of 8,000' }).count()).toBe(0);
    await am.getByRole('link', { name: `${v1.number} v1` }).click();
    await am.getByRole('heading', { level: 2 }).getByText('Revised').waitFor();
    await am.getByText('This version was revised').waitFor();
    expect(await am.getByRole('button', { name: 'Record answer' }).count()).toBe(0);

    const client = await (await h.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await client.goto(sent.link.replace(/^https?:\/\/[^/]+/, h.base));
    await client.getByRole('heading', { name: 'This quote link cannot be opened' }).waitFor();
  });
});
