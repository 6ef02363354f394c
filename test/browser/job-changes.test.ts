import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildContact, buildJob, buildMaterial, buildUser } from '../../src/server/factories';
import { systemActor } from '../../src/server/platform/actor';
import { addDays } from '../../src/server/platform/calendar/working-days';
import { clockOn } from '../../src/server/platform/service-context';
import { updateStage } from '../../src/server/modules/jobs';
import { jobItems, jobs } from '../../src/server/schema';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
const password = 'correct horse battery';
const today = new Date().toISOString().slice(0, 10);
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const shipping = (line1: string, isDefault = false) =>
  ({ kind: 'shipping', line1, city: 'Albany', region: 'NY', postalCode: '12207', isDefault }) as never;

describe('a job that changes while it runs', () => {
  it('an AM records a change order on a job in production: re-planned, re-priced, press told', async () => {
    const am = await buildUser(h.ctx.db, {
      email: 'am@change.test',
      name: 'Jo Account',
      role: 'account_manager',
      password,
    });
    await buildUser(h.ctx.db, {
      email: 'press@change.test',
      name: 'Pat Press',
      role: 'production',
      department: 'press',
      password,
    });
    const account = await buildAccount(h.ctx.db, {
      name: 'Lakeside College',
      ownerId: am.id,
      addresses: [shipping('1 Harbour Rd', true), shipping('9 Mill St')],
    });
    await buildContact(h.ctx.db, {
      accountId: account.id,
      firstName: 'Nguyễn',
      lastName: '→ Zoë Øster',
      emails: ['zoe@lakeside.example'],
    });
    const job = await buildJob(h.ctx.db, {
      accountId: account.id,
      title: 'Fall viewbook',
      ownerId: am.id,
      dueDate: addDays(today, 30),
      items: [
        { productType: 'booklet', quantity: 5000, pages: 16, proof: 'none', priceCents: 120_000 },
        { productType: 'envelope', quantity: 5000, proof: 'none', priceCents: 30_000 },
      ],
    });
    // Prepress finished the booklet's first stage: production has started.
    const clock = clockOn(today);
    const first = { db: h.ctx.db, actor: systemActor, clock, jobId: job.id, stageId: job.stages[0]!.id };
    await updateStage({ ...first, input: { status: 'in_progress' } });
    await updateStage({ ...first, input: { status: 'done' } });

    const page = await signIn(h, 'am@change.test', password);
    await page.goto(`${h.base}/jobs/${job.id}`);
    const pressRow = page
      .getByRole('row')
      .filter({ has: page.getByText('Press', { exact: true }) })
      .first();
    const plannedBefore = (await pressRow.textContent())!.match(/\d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}/)![0];

    // The header: a later due date, asked for by the client; the dialog says it is a change order.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${job.number}` });
    await dialog.getByText('is in production').waitFor();
    await dialog.getByLabel('Due date').fill(addDays(today, 45));
    await dialog.getByLabel('Ship to').click();
    await page.getByRole('option', { name: /9 Mill St/ }).click();
    await dialog.getByLabel('Reason for the change').fill('The open day moved to November');
    await dialog.getByLabel('Asked for by').click();
    await page.getByRole('option', { name: 'Nguyễn → Zoë Øster' }).click();
    await dialog.getByLabel('E-mail the client a confirmation').check();
    await page.screenshot({ path: 'docs/screenshots/job-edit-dialog.png' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Ships to 9 Mill St', { exact: false }).waitFor();
    const plannedAfter = (await pressRow.textContent())!.match(/\d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}/)![0];
    expect(plannedAfter > plannedBefore).toBe(true);
    await page.getByRole('row').filter({ hasText: 'Prepress' }).first().getByText('Done').waitFor();

    // An item: 7,500 copies at $1,650.00 — the price difference lands on the job.
    await page.getByRole('button', { name: 'Edit item 1' }).click();
    const itemDialog = page.getByRole('dialog', { name: `Item 1 of ${job.number}` });
    await itemDialog.getByLabel('Quantity').fill('7500');
    await itemDialog.getByLabel('Price ($)').fill('1650');
    await itemDialog.getByLabel('Reason for the change').fill('The board wants more copies');
    await itemDialog.getByLabel('Asked for by').click();
    await page.getByRole('option', { name: 'Jo Account' }).click();
    await itemDialog.getByRole('button', { name: 'Save item' }).click();
    await itemDialog.waitFor({ state: 'hidden' });
    const orders = page.getByRole('table', { name: 'Change orders' });
    await orders.getByText('CO-2').waitFor();
    expect(await orders.getByRole('row').filter({ hasText: 'CO-2' }).textContent()).toContain('+$450.00');
    expect(await orders.getByRole('row').filter({ hasText: 'CO-1' }).textContent()).toContain(
      'Nguyễn → Zoë Øster (client)',
    );
    await page.getByText('Booklet × 7,500, 16 pages').waitFor();
    await page.getByText(/Change orders · price \+\$450\.00 in all/).waitFor();
    await orders.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/job-change-order.png' });

    // Press still has open stages on the job: its operator hears of both change orders.
    const press = await signIn(h, 'press@change.test', password);
    await press.getByRole('button', { name: /Notifications, [1-9]\d* unread/ }).click();
    await press.getByRole('menuitem', { name: new RegExp(`CO-2 on ${job.number}`) }).click();
    await press.waitForURL(new RegExp(`/jobs/${job.id}$`));
  });

  it('Reorder on an account that requires a PO asks for the PO and a new due date', async () => {
    const am = await buildUser(h.ctx.db, {
      email: 'am2@change.test',
      name: 'Sam Account',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, {
      name: 'State Records Office',
      ownerId: am.id,
      poRequired: true,
    });
    const job = await buildJob(h.ctx.db, {
      accountId: account.id,
      title: 'Records forms',
      ownerId: am.id,
      clientPo: 'PO-4471',
      dueDate: addDays(today, 10),
      items: [{ productType: 'flat_sheet', quantity: 2000, proof: 'none' }],
    });
    const page = await signIn(h, 'am2@change.test', password);
    await page.goto(`${h.base}/jobs/${job.id}`);
    await page.getByRole('button', { name: 'Reorder' }).click();
    const dialog = page.getByRole('dialog', { name: `Reorder ${job.number}` });
    await dialog.getByLabel('Client PO (required)').waitFor();
    // Prefilled with today plus the lead time the earlier job had (10 days); the PO with the earlier one.
    expect(await dialog.getByLabel('New due date').inputValue()).toBe(addDays(today, 10));
    expect(await dialog.getByLabel('Client PO (required)').inputValue()).toBe('PO-4471');
    await dialog.getByLabel('Client PO (required)').fill('');
    await dialog.getByRole('button', { name: 'Create reorder' }).click();
    await dialog.getByText('State Records Office requires a PO on every job').waitFor();
    await dialog.getByLabel('Client PO (required)').fill('PO-5100');
    await dialog.getByLabel('New due date').fill(addDays(today, 21));
    await dialog.getByRole('button', { name: 'Create reorder' }).dblclick();
    await page.waitForURL((url) => !url.pathname.endsWith(job.id));
    await page.getByText(`due ${addDays(today, 21)} · AM Sam Account · PO PO-5100`).waitFor();
    // The double click made one job.
    const made = await h.ctx.db.select().from(jobs).where(eq(jobs.accountId, account.id));
    expect(made.map((j) => j.clientPo).sort()).toEqual(['PO-4471', 'PO-5100']);
  });

  it('the new-job form takes every spec from the keyboard, with contact and ship-to from the account', async () => {
    await buildUser(h.ctx.db, {
      email: 'am3@change.test',
      name: 'Lee Account',
      role: 'account_manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, {
      name: 'Harbour Schools',
      addresses: [shipping('5 Quay St'), shipping('7 Dock Rd', true)],
    });
    const contact = await buildContact(h.ctx.db, {
      accountId: account.id,
      firstName: 'Ana',
      lastName: 'Primary',
      isPrimary: true,
    });
    await buildMaterial(h.ctx.db, { name: '100# Gloss Text 12×18' });
    const page = await signIn(h, 'am3@change.test', password);
    await page.goto(`${h.base}/jobs/new?accountId=${account.id}`);
    const contactField = page.getByLabel('Contact', { exact: true }).first();
    await expect.poll(() => contactField.inputValue(), { timeout: 20_000 }).toBe('Ana Primary');
    expect(await page.getByLabel('Ship to', { exact: true }).first().inputValue()).toContain('7 Dock Rd');
    await page.getByLabel('Title').fill('Open day flyer');
    await page.getByLabel('Due date').fill(addDays(today, 20));
    await page.getByLabel('Quantity').first().fill('2500');
    await page.getByLabel('Finished width').fill('8.5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('11');
    await page.getByLabel('Stock', { exact: true }).first().fill('Gloss');
    await page.getByRole('option', { name: '100# Gloss Text 12×18' }).click();
    await page.getByLabel('Weight').fill('100lb');
    await page.getByLabel('Spot colours').first().fill('PMS 186 C');
    await page.keyboard.press('Enter');
    await page.getByLabel('Fold').fill('Tri-fold');
    await page.getByRole('checkbox', { name: 'Score' }).press('Space');
    await page.getByLabel('Packaging').fill('Bands of 100');
    await page.getByLabel('Price ($)').fill('875.50');
    await page.screenshot({ path: 'docs/screenshots/new-job-spec.png', fullPage: true });
    await page.getByRole('button', { name: 'Create job' }).click();
    await page.getByRole('heading', { name: /J-\d{4}-\d{5} · Open day flyer/ }).waitFor();
    const [job] = await h.ctx.db.select().from(jobs).where(eq(jobs.accountId, account.id));
    expect(job).toMatchObject({ contactId: contact.id, shipTo: { line1: '7 Dock Rd' } });
    const [item] = await h.ctx.db.select().from(jobItems).where(eq(jobItems.jobId, job!.id));
    expect(item).toMatchObject({
      quantity: 2500,
      packaging: 'Bands of 100',
      priceCents: 87_550,
      spec: {
        finishedSize: { width: 8.5, height: 11, unit: 'in' },
        stock: { name: '100# Gloss Text 12×18', weight: '100lb' },
        inks: { front: 4, back: 0, spots: ['PMS 186 C'] },
        finishing: { fold: 'Tri-fold', score: true },
      },
    });
  });
});
