import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAccount,
  buildContact,
  buildJob,
  buildMaterial,
  buildUser,
  buildVendor,
} from '../../src/server/factories';
import { actorOf } from '../../src/server/modules/users/auth';
import { updateStage } from '../../src/server/modules/jobs/stages';
import { clockOn } from '../../src/server/platform/service-context';
import { signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('materials to shipment', () => {
  it('a manager orders a job’s shortage, receives it, ships the job with a tracking number and sees it on the account timeline', async () => {
    const password = 'correct horse battery';
    const manager = await buildUser(h.ctx.db, {
      email: 'ops@supply.test',
      name: 'Morgan Ops',
      role: 'manager',
      password,
    });
    const vendor = await buildVendor(h.ctx.db, { name: 'Prairie Paper', email: 'po@prairie.example' });
    await buildMaterial(h.ctx.db, {
      sku: 'CVR-100-GLS',
      name: '100# Gloss Cover 12×18',
      preferredVendorId: vendor.id,
      unitCostCents: 12,
      onHand: 300,
    });
    const account = await buildAccount(h.ctx.db, { name: 'Harbor Museum', ownerId: manager.id });
    const contact = await buildContact(h.ctx.db, {
      accountId: account.id,
      firstName: 'Rene',
      emails: ['rene@harbor.example'],
    });
    const job = await buildJob(h.ctx.db, {
      accountId: account.id,
      contactId: contact.id,
      ownerId: manager.id,
      title: 'Gala invitations',
      items: [{ productType: 'postcard', quantity: 1000, description: 'Gala invitation 5×7', proof: 'none' }],
    });
    const actor = actorOf(manager as never, 'session');
    for (const stage of job.stages.filter((s) => s.department.code !== 'shipping')) {
      await updateStage({
        db: h.ctx.db,
        actor,
        jobId: job.id,
        stageId: stage.id,
        input: { status: 'done' },
        clock: clockOn(new Date().toISOString().slice(0, 10)),
      });
    }

    const page = await signIn(h, 'ops@supply.test', password);
    await page.goto(`${h.base}/jobs/${job.id}`);
    await page.getByRole('combobox', { name: 'Add material' }).click();
    await page.getByRole('option', { name: /CVR-100-GLS/ }).click();
    await page.getByLabel('Spoilage %').fill('0');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const materials = page.getByRole('table', { name: 'Materials' });
    await materials.getByText('700 short').waitFor();
    expect(await materials.getByText('To order').count()).toBe(1);

    await page.getByRole('link', { name: 'Order shortages' }).click();
    await page.getByLabel(`Order CVR-100-GLS for ${job.number}`).check();
    await page.getByRole('button', { name: 'Order 1 selected' }).click();
    await page.getByRole('heading', { name: /PO-\d{4}-\d{5}/ }).waitFor();
    await page.getByText('2 ream').waitFor();
    await page.getByRole('button', { name: 'Send to vendor' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send' }).click();
    await page
      .getByText(/to po@prairie\.example/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Receive' }).click();
    const receive = page.getByRole('dialog');
    expect(await receive.getByLabel('Good CVR-100-GLS').inputValue()).toBe('1000');
    await receive.getByRole('button', { name: 'Record receipt' }).click();
    await page.getByText('Received', { exact: true }).first().waitFor();

    await page.getByRole('link', { name: new RegExp(job.number) }).click();
    await materials.getByText('Received').waitFor();

    await page.getByRole('button', { name: 'New shipment' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Tracking number').fill('1Z5R89390357567128');
    await form.getByText(/check digit/i).waitFor();
    await form.getByLabel('Tracking number').fill('1Z5R89390357567127');
    await form.getByText(/Valid/).waitFor();
    await form.getByLabel('Address line 1').fill('1 Harbor Way');
    await form.getByLabel('City').fill('Galveston');
    await form.getByLabel('State').fill('TX');
    await form.getByLabel('ZIP').fill('77550');
    await form.getByLabel('Weight (lb)').fill('14');
    await form.getByRole('button', { name: 'Plan shipment' }).click();
    const shipments = page.getByRole('table', { name: 'Shipments' });
    await shipments.getByText('Planned', { exact: true }).waitFor();
    const number = (await shipments.getByText(/SH-\d{4}-\d{5}/).textContent())!;
    await page.getByRole('button', { name: `Ship: ${number}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ship' }).click();
    await shipments.getByText('Shipped', { exact: true }).waitFor();
    expect(await shipments.getByRole('link', { name: '1Z5R89390357567127' }).getAttribute('href')).toContain(
      '1Z5R89390357567127',
    );

    await page.goto(`${h.base}/accounts/${account.id}`);
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByText(`${number} of ${job.number} shipped by UPS (1Z5R89390357567127)`).waitFor();
  });
});
