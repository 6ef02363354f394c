import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildContact, buildJob } from '../../factories';

const TOKEN = 'inbound-secret-0123456789';
let t: TestApp;
let am: Session;
beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_INBOUND_TOKEN: TOKEN });
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: am.headers, payload });

describe('the account timeline', () => {
  it('links each entry to what it is about: the job, the conversation, the shipment’s job', async () => {
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const email = `tl.${account.id.slice(0, 8)}@client.example`;
    await buildContact(t.db, { accountId: account.id, emails: [email] });
    const job = await buildJob(t.db, { accountId: account.id });
    const conv = await t.request({
      method: 'POST',
      url: '/api/v1/inbound/email',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
      payload: `From: ${email}\r\nTo: orders@shop.example\r\nSubject: Timeline\r\nMessage-ID: <tl-${account.id}@client.example>\r\n\r\nHi\r\n`,
    });
    const conversationId = conv.json().conversationId;
    const shipment = await api('POST', '/shipments', {
      jobId: job.id,
      carrier: 'local',
      address: { name: 'Dock', line1: '1 Main St', city: 'Austin', region: 'TX', postalCode: '78701' },
      packages: [{ weightLb: 12 }],
      notifyClient: false,
    });
    expect(shipment.statusCode, shipment.body).toBe(201);

    const res = await api('GET', `/accounts/${account.id}/timeline?limit=50`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { kind: string; link: string | null }[];
    const linkOf = (kind: string) => items.find((e) => e.kind === kind)?.link;
    expect(linkOf('job.create')).toBe(`/jobs/${job.id}`);
    expect(linkOf('message.received')).toBe(`/inbox/${conversationId}`);
    expect(items.find((e) => e.kind.startsWith('shipment.'))?.link).toBe(`/jobs/${job.id}`);
    expect(linkOf('account.create')).toBe(`/accounts/${account.id}`);
  });
});
