import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { smtpPeer } from '../../../../test/helpers/smtp';
import { buildAccount, buildContact, buildJob } from '../../factories';
import type { Shipment } from '../../../shared/shipping';
import { inArray } from 'drizzle-orm';
import { domainEvents } from '../../platform/events';

let t: TestApp;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let am: Session;
let manager: Session;
const dir = mkdtempSync(path.join(tmpdir(), 'jj-ship-'));

beforeAll(async () => {
  peer = await smtpPeer();
  t = await createTestApp({ SMTP_URL: peer.url, MAIL_FROM: 'Shop <shop@example.test>' });
  await t.ctx.queue.work();
  am = await t.signIn('account_manager');
  manager = await t.signIn('manager');
});
afterAll(async () => {
  await t.close();
  await peer.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

const address = {
  name: 'Acme Corp',
  attention: 'Receiving',
  line1: '200 Dock Rd',
  city: 'Austin',
  region: 'TX',
  postalCode: '78702',
};
const box = { weightLb: 22.5, lengthIn: 12, widthIn: 9, heightIn: 6, contents: 'Postcards' };

function pdfText(buffer: Buffer, name: string) {
  const file = path.join(dir, name);
  writeFileSync(file, buffer);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString();
}

/** A job whose stages before shipping are done, with a contact who hears about the shipment. */
async function jobReadyToShip() {
  const account = await buildAccount(t.db, { name: `Ship Client ${Math.random().toString(36).slice(2, 7)}` });
  const contact = await buildContact(t.db, {
    accountId: account.id,
    firstName: 'Dana',
    emails: [`dana.${account.id.slice(0, 6)}@client.example`],
  });
  const job = await buildJob(t.db, {
    accountId: account.id,
    contactId: contact.id,
    items: [{ productType: 'postcard', quantity: 2500, description: '6×9 postcard', proof: 'none' }],
  });
  for (const stage of job.stages) {
    if (stage.department.code === 'shipping') continue;
    const res = await api('PATCH', `/jobs/${job.id}/stages/${stage.id}`, manager, { status: 'done' });
    expect(res.statusCode, res.body).toBe(200);
  }
  return { account, contact, job };
}

describe('tracking numbers', () => {
  it('says when a number is mistyped, and when it belongs to another carrier', async () => {
    const ok = (
      await api('POST', '/shipments/check-tracking', am, {
        carrier: 'ups',
        trackingNumber: '1Z5R 8939 0357 5671 27',
      })
    ).json();
    expect(ok).toMatchObject({ ok: true, normalized: '1Z5R89390357567127' });
    expect(ok.url).toContain('1Z5R89390357567127');
    const typo = (
      await api('POST', '/shipments/check-tracking', am, {
        carrier: 'ups',
        trackingNumber: '1Z5R89390357567128',
      })
    ).json();
    expect(typo.ok).toBe(false);
    expect(typo.message).toMatch(/check digit/i);
    const fedex = (
      await api('POST', '/shipments/check-tracking', am, { carrier: 'ups', trackingNumber: '986578788855' })
    ).json();
    expect(fedex.message).toMatch(/FedEx/);
  });
});

describe('shipping a job', () => {
  it('plans, packs and ships with a checked tracking number; tells the client; delivery completes the shipping stage', async () => {
    const { account, contact, job } = await jobReadyToShip();
    const bad = await api('POST', '/shipments', am, {
      jobId: job.id,
      carrier: 'ups',
      trackingNumber: '1Z5R89390357567128',
      address,
      packages: [box],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'trackingNumber' });
    expect(bad.json().errors[0].message).toMatch(/check digit/i);

    const created = await api('POST', '/shipments', am, {
      jobId: job.id,
      carrier: 'ups',
      service: 'Ground',
      address,
      packages: [box, { ...box, weightLb: 20 }],
      items: [{ itemId: job.items[0]!.id, quantity: 2500 }],
    });
    expect(created.statusCode).toBe(201);
    const shipment: Shipment = created.json();
    expect(shipment).toMatchObject({
      status: 'planned',
      totalWeightLb: 42.5,
      items: [{ description: '6×9 postcard' }],
    });

    const noTracking = await api('PATCH', `/shipments/${shipment.id}`, am, { status: 'shipped' });
    expect(noTracking.statusCode).toBe(400);
    expect(noTracking.json().errors[0].path).toBe('trackingNumber');
    expect((await api('PATCH', `/shipments/${shipment.id}`, am, { status: 'packed' })).json().status).toBe(
      'packed',
    );
    const shipped = await api('PATCH', `/shipments/${shipment.id}`, am, {
      status: 'shipped',
      trackingNumber: '1Z5R89390357567127',
    });
    expect(shipped.json()).toMatchObject({
      status: 'shipped',
      trackingUrl: expect.stringContaining('1Z5R89390357567127'),
    });

    const notice = await peer.message(contact.emails[0]!, job.number);
    expect(notice.text).toContain('Hello Dana');
    expect(notice.text).toContain('https://');
    expect(notice.text).toContain('1Z5R89390357567127');

    const slip = await t.request({
      method: 'GET',
      url: `/api/v1/shipments/${shipment.id}/packing-slip.pdf`,
      headers: am.headers,
    });
    expect(slip.headers['content-type']).toBe('application/pdf');
    const slipText = pdfText(slip.rawPayload, 'slip.pdf');
    expect(slipText).toContain('Packing slip');
    expect(slipText).toContain('6×9 postcard');
    expect(slipText).toContain('200 Dock Rd');

    const delivered = await api('PATCH', `/shipments/${shipment.id}`, am, { status: 'delivered' });
    expect(delivered.json().status).toBe('delivered');
    const after = (await api('GET', `/jobs/${job.id}`, am)).json();
    expect(
      after.stages.find((s: { department: { code: string } }) => s.department.code === 'shipping').status,
    ).toBe('done');
    expect(after.status).toBe('completed');

    const timeline = (await api('GET', `/accounts/${account.id}/timeline`, am))
      .json()
      .items.map((e: { title: string }) => e.title);
    expect(timeline).toEqual(
      expect.arrayContaining([expect.stringContaining(`${shipment.number} of ${job.number} shipped by UPS`)]),
    );
    expect(timeline).toEqual(
      expect.arrayContaining([expect.stringContaining(`${shipment.number} of ${job.number} delivered`)]),
    );
  });

  it('finishes the job’s shipping stage only when its last shipment is delivered; each move is an event', async () => {
    const { job } = await jobReadyToShip();
    const plan = async () =>
      (
        await api('POST', '/shipments', am, { jobId: job.id, carrier: 'pickup', address, packages: [box] })
      ).json();
    const [first, second] = [await plan(), await plan()];
    const shippingStage = async () =>
      (await api('GET', `/jobs/${job.id}`, am))
        .json()
        .stages.find((s: { department: { code: string } }) => s.department.code === 'shipping').status;
    await api('PATCH', `/shipments/${first.id}`, am, { status: 'shipped' });
    expect(await shippingStage()).toBe('in_progress');
    await api('PATCH', `/shipments/${first.id}`, am, { status: 'delivered' });
    expect(await shippingStage()).toBe('in_progress');
    await api('PATCH', `/shipments/${second.id}`, am, {
      status: 'exception',
      exceptionReason: 'Not collected',
    });
    await api('PATCH', `/shipments/${second.id}`, am, { status: 'delivered' });
    expect(await shippingStage()).toBe('done');
    const events = await t.db
      .select({ type: domainEvents.type, entityId: domainEvents.entityId, payload: domainEvents.payload })
      .from(domainEvents)
      .where(inArray(domainEvents.entityId, [first.id, second.id]))
      .orderBy(domainEvents.seq);
    expect(events.map((e) => [e.entityId === first.id ? 'first' : 'second', e.type])).toEqual([
      ['first', 'shipment.shipped'],
      ['first', 'shipment.delivered'],
      ['second', 'shipment.exception'],
      ['second', 'shipment.delivered'],
    ]);
    expect(events[1]!.payload).toMatchObject({ jobId: job.id, jobHasOpenShipments: true });
    expect(events[2]!.payload).toMatchObject({ reason: 'Not collected' });
    expect(events[3]!.payload).toMatchObject({ jobHasOpenShipments: false });
  });
  it('uses the template the shop edited, and refuses unknown merge fields', async () => {
    const admin = await t.signIn('admin');
    const wrong = await api('PUT', '/mail-templates/shipment.shipped', admin, {
      subject: '{{job.numbr}} shipped',
      body: 'x',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().detail).toContain('{{job.numbr}}');
    const saved = await api('PUT', '/mail-templates/shipment.shipped', admin, {
      subject: 'On its way: {{job.number}}',
      body: 'Hi {{contact.firstName}}, follow it here: {{shipment.trackingLink}}',
    });
    expect(saved.json()).toMatchObject({ customised: true });
    const { contact, job } = await jobReadyToShip();
    const s = (
      await api('POST', '/shipments', am, {
        jobId: job.id,
        carrier: 'fedex',
        trackingNumber: '986578788855',
        address,
        packages: [box],
      })
    ).json();
    await api('PATCH', `/shipments/${s.id}`, am, { status: 'shipped' });
    const notice = await peer.message(contact.emails[0]!, `On its way: ${job.number}`);
    expect(notice.text).toContain('Hi Dana, follow it here: https://');
  });

  it('needs proof for a local delivery, a reason for an exception, and pallets for freight', async () => {
    const { job } = await jobReadyToShip();
    const local = (
      await api('POST', '/shipments', am, {
        jobId: job.id,
        carrier: 'local',
        address,
        packages: [box],
        notifyClient: false,
      })
    ).json();
    await api('PATCH', `/shipments/${local.id}`, am, { status: 'shipped' });
    const noProof = await api('PATCH', `/shipments/${local.id}`, am, { status: 'delivered' });
    expect(noProof.statusCode).toBe(400);
    expect(noProof.json().errors[0].path).toBe('proofOfDelivery.receivedBy');
    const proved = await api('PATCH', `/shipments/${local.id}`, am, {
      status: 'delivered',
      proofOfDelivery: { receivedBy: 'J. Ortiz at the front desk' },
    });
    expect(proved.json().proofOfDelivery).toMatchObject({ receivedBy: 'J. Ortiz at the front desk' });
    expect((await api('PATCH', `/shipments/${local.id}`, am, { status: 'planned' })).statusCode).toBe(409);

    const noPallets = await api('POST', '/shipments', am, {
      jobId: job.id,
      carrier: 'freight',
      address,
      packages: [box],
    });
    expect(noPallets.json().errors[0].path).toBe('freight');
    const freight = (
      await api('POST', '/shipments', am, {
        jobId: job.id,
        carrier: 'freight',
        trackingNumber: 'PRO 4471-22',
        address,
        packages: [
          { weightLb: 640, lengthIn: 48, widthIn: 40, heightIn: 50, contents: 'Catalogs on pallet' },
        ],
        freight: { pallets: 1, freightClass: '60', nmfc: '161700' },
      })
    ).json();
    const noReason = await api('PATCH', `/shipments/${freight.id}`, am, { status: 'exception' });
    expect(noReason.statusCode).toBe(400);
    const exception = await api('PATCH', `/shipments/${freight.id}`, am, {
      status: 'exception',
      exceptionReason: 'Carrier missed pickup',
    });
    expect(exception.json()).toMatchObject({ status: 'exception', exceptionReason: 'Carrier missed pickup' });
    expect(
      (await api('GET', '/shipments?view=exceptions', am)).json().items.map((s: Shipment) => s.id),
    ).toContain(freight.id);
    const bol = await t.request({
      method: 'GET',
      url: `/api/v1/shipments/${freight.id}/bill-of-lading.pdf`,
      headers: am.headers,
    });
    const text = pdfText(bol.rawPayload, 'bol.pdf');
    expect(text).toContain('Bill of lading');
    expect(text).toContain('161700');
    expect(text).toContain('Consignee');
  });
});
