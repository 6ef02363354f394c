import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { exampleBrochure, setUpExampleCostModel } from '../../../../test/helpers/estimating';
import { buildAccount, buildContact } from '../../factories';
import { QUICKBOOKS_HEADER, XERO_HEADER } from './layouts';

// The invoice hand-off: an accepted quote's job, shipped, exported once in each accounting layout.
let t: TestApp;
let am: Session;
let manager: Session;
let foldId: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.signIn('admin');
  am = await t.signIn('account_manager');
  manager = await t.signIn('manager');
  ({ foldId } = await setUpExampleCostModel((method, url, payload) =>
    t.request({ method, url, headers: admin.headers, payload: payload as never }),
  ));
});
afterAll(async () => {
  await t.close();
});

const call = (who: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload: payload as never });

/** A quote accepted by phone at 5,000 ($781.42 before tax): its job. */
async function acceptedJob(name: string) {
  const account = await buildAccount(t.db, { name });
  const contact = await buildContact(t.db, { accountId: account.id });
  const quote = (
    await call(am, 'POST', '/quotes', {
      accountId: account.id,
      contactId: contact.id,
      title: 'Brochures',
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      items: [{ ...exampleBrochure(foldId), productType: 'folded_brochure' }],
    })
  ).json();
  await call(am, 'POST', `/quotes/${quote.id}/send`, {});
  const accepted = await call(am, 'POST', `/quotes/${quote.id}/accept`, {
    decision: 'accept',
    name: 'Zoë Øster',
    channel: 'phone',
    clientPo: 'PO-1',
    choices: [{ itemId: quote.items[0].id, quantity: 5000 }],
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
  return (await call(am, 'GET', `/jobs/${accepted.json().job.id}`)).json();
}

async function ship(job: { id: string; items: { id: string }[] }) {
  const created = await call(am, 'POST', '/shipments', {
    jobId: job.id,
    carrier: 'ups',
    service: 'Ground',
    address: {
      name: 'Client',
      line1: '200 Dock Rd',
      city: 'Springfield',
      region: 'IL',
      postalCode: '62701',
    },
    packages: [{ weightLb: 22.5, lengthIn: 12, widthIn: 9, heightIn: 6, contents: 'Brochures' }],
    items: [{ itemId: job.items[0]!.id, quantity: 5000 }],
  });
  expect(created.statusCode, created.body).toBe(201);
  const shipped = await call(am, 'PATCH', `/shipments/${created.json().id}`, {
    status: 'shipped',
    trackingNumber: '1Z5R89390357567127',
  });
  expect(shipped.statusCode, shipped.body).toBe(200);
}

describe('the invoice hand-off', () => {
  it('lists a shipped job at its accepted price, exports it once in the QuickBooks layout, never twice', async () => {
    const job = await acceptedJob('Nguyễn → Zoë Øster Books');
    const ready = async () =>
      (await call(manager, 'GET', '/ready-to-invoice')).json().items as { jobId: string }[];
    expect((await ready()).some((r) => r.jobId === job.id)).toBe(false); // not shipped yet
    await ship(job);
    const line = (await ready()).find((r) => r.jobId === job.id);
    expect(line).toMatchObject({
      jobNumber: job.number,
      totalCents: 78_142,
      clientPo: 'PO-1',
      unpricedItems: 0,
    });

    const batch = await call(manager, 'POST', '/invoice-exports', { format: 'quickbooks', jobIds: [job.id] });
    expect(batch.statusCode, batch.body).toBe(201);
    expect(batch.json()).toMatchObject({ format: 'quickbooks', jobCount: 1, totalCents: 78_142 });
    const csv = await call(manager, 'GET', `/invoice-exports/${batch.json().id}/invoices.csv`);
    const [header, first] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(QUICKBOOKS_HEADER.join(','));
    expect(first).toContain(job.number);
    expect(first).toContain('Nguyễn → Zoë Øster Books');
    expect(first).toContain(',5000,');
    expect(first).toContain(',781.42,');

    expect((await ready()).some((r) => r.jobId === job.id)).toBe(false);
    const again = await call(manager, 'POST', '/invoice-exports', { format: 'xero', jobIds: [job.id] });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('exported already');
  });

  it('writes the Xero layout, and two exports at once never take the same job', async () => {
    const job = await acceptedJob('Xero Client Ltd');
    await ship(job);
    const both = await Promise.all([
      call(manager, 'POST', '/invoice-exports', { format: 'xero' }),
      call(manager, 'POST', '/invoice-exports', { format: 'xero' }),
    ]);
    const made = both.filter((r) => r.statusCode === 201);
    const jobIds = made.flatMap((r) => r.json().jobs.map((j: { jobId: string }) => j.jobId));
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(jobIds).toContain(job.id);
    const batch = made.find((r) => r.json().jobs.some((j: { jobId: string }) => j.jobId === job.id))!;
    const csv = (await call(manager, 'GET', `/invoice-exports/${batch.json().id}/invoices.csv`)).body;
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(XERO_HEADER.join(','));
    expect(csv).toContain('Tax on Sales');
    expect((await call(am, 'GET', '/invoice-exports')).statusCode).toBe(403);
  });
});
