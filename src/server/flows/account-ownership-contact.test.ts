import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/helpers/app';
import { buildAccount, buildContact, buildUser } from '../factories';

const TOKEN = 'inbound-secret-0123456789';
let t: TestApp;
let am: Session;
let manager: Session;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_INBOUND_TOKEN: TOKEN, JOBJACKET_REPLY_DOMAIN: 'reply.shop.example' });
  am = await t.signIn('account_manager');
  manager = await t.signIn('manager');
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });
const uid = () => Math.random().toString(36).slice(2, 8);

describe('account ownership', () => {
  it("makes an account manager's new account theirs, so it is in My accounts", async () => {
    const res = await api('POST', '/accounts', am, { name: `Mine ${uid()}`, segment: 'corporate' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().owner.id).toBe(am.userId);
    const mine = (await api('GET', '/accounts?owner=me&limit=200', am)).json();
    expect(mine.items.map((a: { id: string }) => a.id)).toContain(res.json().id);
  });

  it('lets only admins and managers choose or change the owner', async () => {
    const other = await buildUser(t.db, { role: 'account_manager' });
    const refused = await api('POST', '/accounts', am, {
      name: `Theirs ${uid()}`,
      segment: 'corporate',
      ownerId: other.id,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('problem+json');

    const chosen = await api('POST', '/accounts', manager, {
      name: `Chosen ${uid()}`,
      segment: 'corporate',
      ownerId: other.id,
    });
    expect(chosen.statusCode, chosen.body).toBe(201);
    expect(chosen.json().owner.id).toBe(other.id);
    const unowned = await api('POST', '/accounts', admin, { name: `Nobody ${uid()}`, segment: 'other' });
    expect(unowned.json().owner).toBeNull();

    const id = chosen.json().id;
    expect((await api('PATCH', `/accounts/${id}`, am, { ownerId: am.userId })).statusCode).toBe(403);
    // An account manager saving the form sends the owner unchanged: that is not a change of owner.
    const same = await api('PATCH', `/accounts/${id}`, am, { ownerId: other.id, notes: 'kept' });
    expect(same.statusCode, same.body).toBe(200);
    const moved = await api('PATCH', `/accounts/${id}`, admin, { ownerId: manager.userId });
    expect(moved.json().owner.id).toBe(manager.userId);
  });

  it('refuses an owner who is not an active account manager or manager, writing nothing', async () => {
    const printer = await buildUser(t.db, { role: 'production' });
    const buyer = await buildUser(t.db, { role: 'purchasing' });
    const gone = await buildUser(t.db, { role: 'account_manager' });
    await api('PATCH', `/users/${gone.id}`, admin, { active: false });
    for (const ownerId of [printer.id, buyer.id, admin.userId, gone.id, crypto.randomUUID()]) {
      const name = `Bad owner ${uid()}`;
      const res = await api('POST', '/accounts', admin, { name, segment: 'corporate', ownerId });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].path).toBe('ownerId');
      const found = (await api('GET', `/accounts?q=${encodeURIComponent(name)}`, admin)).json();
      expect(found.items).toHaveLength(0);
    }
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const patch = await api('PATCH', `/accounts/${account.id}`, admin, { ownerId: printer.id });
    expect(patch.statusCode).toBe(400);
  });
});

describe('import owners', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const importCsv = (who: Session, csv: string) =>
    api('POST', '/accounts/import', who, { filename: 'a.csv', contentBase64: b64(csv) });

  it('matches the owner column by e-mail or name and defaults to the importer', async () => {
    const n = uid();
    const named = await buildUser(t.db, { role: 'account_manager', name: `Olive Owner ${n}` });
    const mailed = await buildUser(t.db, { role: 'manager' });
    const csv = [
      'Account,Segment,Owner',
      `ByName ${n},Corporate,olive owner ${n}`,
      `ByMail ${n},Corporate,${mailed.email.toUpperCase()}`,
      `Blank ${n},Corporate,`,
    ].join('\n');
    const res = await importCsv(manager, csv);
    expect(res.statusCode, res.body).toBe(201);
    const owner = async (name: string) =>
      (await api('GET', `/accounts?q=${encodeURIComponent(name)}`, admin)).json().items[0].owner?.id;
    expect(await owner(`ByName ${n}`)).toBe(named.id);
    expect(await owner(`ByMail ${n}`)).toBe(mailed.id);
    expect(await owner(`Blank ${n}`)).toBe(manager.userId);

    const byAm = await importCsv(am, `Account,Segment\nAm Import ${n},Corporate\n`);
    expect(byAm.statusCode, byAm.body).toBe(201);
    expect(await owner(`Am Import ${n}`)).toBe(am.userId);
  });

  it('gives a row error for an unknown owner or one who may not own accounts', async () => {
    const n = uid();
    const printer = await buildUser(t.db, { role: 'production', name: `Pressman ${n}` });
    const csv = [
      'Account,Segment,Owner',
      `Unknown ${n},Corporate,nobody-${n}@example.test`,
      `Printer ${n},Corporate,${printer.email}`,
    ].join('\n');
    const res = await importCsv(admin, csv);
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { path: string; message: string }[];
    expect(errors).toEqual([
      { path: 'rows.2.ownerEmail', message: expect.stringContaining('is not a Jobjacket user') },
      { path: 'rows.3.ownerEmail', message: expect.stringContaining('not an account manager') },
    ]);
  });
});

describe('last contact', () => {
  async function client() {
    const account = await buildAccount(t.db, { name: `Contact Co ${uid()}`, ownerId: am.userId });
    const email = `dana.${account.id.slice(0, 8)}@client.example`;
    const contact = await buildContact(t.db, { accountId: account.id, emails: [email] });
    return { account, contact, email };
  }
  const lastContact = async (id: string) =>
    (await api('GET', `/accounts/${id}`, am)).json().health.lastContactAt as string | null;

  it('is written by a client e-mail in, a reply out, a call and a meeting', async () => {
    const { account, contact, email } = await client();
    expect(await lastContact(account.id)).toBeNull();

    const inbound = await t.request({
      method: 'POST',
      url: '/api/v1/inbound/email',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
      payload: `From: ${email}\r\nTo: orders@shop.example\r\nSubject: Hello\r\nMessage-ID: <lc-${uid()}@client.example>\r\n\r\nHi\r\n`,
    });
    expect(inbound.statusCode, inbound.body).toBe(202);
    const afterIn = await lastContact(account.id);
    expect(afterIn).not.toBeNull();

    const before = new Date().toISOString();
    const reply = await api('POST', `/conversations/${inbound.json().conversationId}/messages`, am, {
      body: 'On it',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect((await lastContact(account.id))! >= before).toBe(true);

    // A call logged late for last week does not move the last contact back.
    const call = await api('POST', '/calls', am, {
      accountId: account.id,
      contactId: contact.id,
      direction: 'outbound',
      durationMinutes: 5,
      summary: 'Last week',
      occurredAt: '2020-01-02T15:00:00Z',
    });
    expect(call.statusCode, call.body).toBe(201);
    expect((await lastContact(account.id))! >= before).toBe(true);
  });

  it('takes a call or a meeting on an account nobody wrote to', async () => {
    const a = await client();
    const call = await api('POST', '/calls', am, {
      accountId: a.account.id,
      direction: 'inbound',
      durationMinutes: 3,
      summary: 'Quick question',
      occurredAt: '2021-03-04T15:00:00Z',
    });
    expect(call.statusCode, call.body).toBe(201);
    expect(new Date((await lastContact(a.account.id))!).toISOString()).toBe('2021-03-04T15:00:00.000Z');

    const b = await client();
    const meeting = await api('POST', '/meetings', am, {
      accountId: b.account.id,
      title: 'Kick-off',
      startsAt: '2022-05-06T14:00:00Z',
      endsAt: '2022-05-06T15:00:00Z',
      attendees: [{ name: 'Dana', email: b.email, contactId: b.contact.id }],
      sendInvites: false,
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    expect(new Date((await lastContact(b.account.id))!).toISOString()).toBe('2022-05-06T14:00:00.000Z');
  });
});
