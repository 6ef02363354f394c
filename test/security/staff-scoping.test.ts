import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';

// Issue 16, staff data scoping: client e-mail, calls and meetings are read by those who correspond with
// clients (admin, manager, account manager); mailing lists (recipients' names and addresses) by those who sell
// and produce the mail. Production and purchasing see jobs, not the client's correspondence.
let t: TestApp;
let am: Session;
let production: Session;
let purchasing: Session;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp();
  am = await t.signIn('account_manager');
  production = await t.signIn('production');
  purchasing = await t.signIn('purchasing');
  const account = await t.request({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: am.headers,
    payload: { name: 'Nguyễn → Zoë Øster Printing', segment: 'corporate' },
  });
  expect(account.statusCode, account.body).toBe(201);
  accountId = account.json().id;
  const call = await t.request({
    method: 'POST',
    url: '/api/v1/calls',
    headers: am.headers,
    payload: {
      accountId,
      direction: 'inbound',
      durationMinutes: 5,
      summary: 'Confidential: the client is changing printers',
    },
  });
  expect(call.statusCode, call.body).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const get = (who: Session, url: string) => t.request({ method: 'GET', url, headers: who.headers });

describe('Staff scoping — who reads client e-mail and mailing lists', () => {
  it('refuses production and purchasing the inbox, calls, meetings and the inbox part of My day', async () => {
    for (const url of [
      '/api/v1/conversations',
      '/api/v1/calls',
      '/api/v1/meetings',
      '/api/v1/inbox/my-day',
    ]) {
      expect((await get(am, url)).statusCode, url).toBe(200);
      for (const who of [production, purchasing]) {
        const res = await get(who, url);
        expect(res.statusCode, `${who.role} ${url}`).toBe(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
  });

  it('lets production read mailing lists (it produces the mail) and refuses purchasing', async () => {
    expect((await get(production, '/api/v1/mailing-lists')).statusCode).toBe(200);
    expect((await get(am, '/api/v1/mailing-lists')).statusCode).toBe(200);
    expect((await get(purchasing, '/api/v1/mailing-lists')).statusCode).toBe(403);
  });

  it('leaves calls and e-mail out of the account timeline of those who may not read them', async () => {
    const titles = async (who: Session) => {
      const res = await get(who, `/api/v1/accounts/${accountId}/timeline`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { title: string }[]).map((e) => e.title).join('\n');
    };
    expect(await titles(am)).toContain('changing printers');
    for (const who of [production, purchasing]) {
      const seen = await titles(who);
      expect(seen).not.toContain('changing printers');
      expect(seen).toContain('Nguyễn → Zoë Øster Printing'); // the account's own entries stay
    }
  });
});
