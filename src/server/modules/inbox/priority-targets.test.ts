import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { businessMinutesBetween, type BusinessHours } from '../../platform/calendar/business-hours';
import { buildAccount, buildContact } from '../../factories';
import { shopBusinessHours } from './settings';
import { shiftBusinessMinutes } from './targets';

const TOKEN = 'inbound-secret-0123456789';
let t: TestApp;
let am: Session;
let hours: BusinessHours;

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_INBOUND_TOKEN: TOKEN, JOBJACKET_TIMEZONE: 'America/Chicago' });
  am = await t.signIn('account_manager');
  hours = await shopBusinessHours(t.db, {
    businessHours: t.ctx.config.JOBJACKET_BUSINESS_HOURS,
    timeZone: 'America/Chicago',
  });
});
afterAll(() => t.close());

const api = (method: 'GET' | 'PATCH', url: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: am.headers, payload });

async function newQuery() {
  const account = await buildAccount(t.db, { ownerId: am.userId });
  const email = `q.${account.id.slice(0, 8)}@client.example`;
  await buildContact(t.db, { accountId: account.id, emails: [email] });
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/inbound/email',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
    payload: `From: ${email}\r\nTo: orders@shop.example\r\nSubject: Need it sooner\r\nMessage-ID: <p-${account.id}@client.example>\r\n\r\nHello\r\n`,
  });
  expect(res.statusCode, res.body).toBe(202);
  return (await api('GET', `/conversations/${res.json().conversationId}`)).json();
}
const minutes = (from: string, to: string) => businessMinutesBetween(new Date(from), new Date(to), hours);

describe('priority and response targets', () => {
  it('raising a query to urgent brings both due moments forward to the urgent targets; lowering moves them on', async () => {
    const c = await newQuery();
    expect(c.priority).toBe('normal');
    const start = c.createdAt as string;
    expect(minutes(start, c.firstResponse.dueAt)).toBe(240);
    expect(minutes(start, c.resolution.dueAt)).toBe(1440);

    const urgent = await api('PATCH', `/conversations/${c.id}`, { priority: 'urgent' });
    expect(urgent.statusCode, urgent.body).toBe(200);
    expect(minutes(start, urgent.json().firstResponse.dueAt)).toBe(60);
    expect(minutes(start, urgent.json().resolution.dueAt)).toBe(480);

    const low = (await api('PATCH', `/conversations/${c.id}`, { priority: 'low' })).json();
    expect(minutes(start, low.firstResponse.dueAt)).toBe(480);
    expect(minutes(start, low.resolution.dueAt)).toBe(2400);
  });

  it('keeps a clock that is already met: a replied query keeps its first response', async () => {
    const c = await newQuery();
    await t.request({
      method: 'POST',
      url: `/api/v1/conversations/${c.id}/messages`,
      headers: am.headers,
      payload: { body: 'Looking now' },
    });
    const replied = (await api('GET', `/conversations/${c.id}`)).json();
    const raised = (await api('PATCH', `/conversations/${c.id}`, { priority: 'high' })).json();
    expect(raised.firstResponse.dueAt).toBe(replied.firstResponse.dueAt);
    expect(minutes(c.createdAt, raised.resolution.dueAt)).toBe(960);
  });

  it('shifts back across nights and weekends by business minutes', () => {
    const due = new Date('2026-03-09T15:00:00Z'); // a Monday, 10:00 in Chicago
    const back = shiftBusinessMinutes(due, -180, hours);
    expect(businessMinutesBetween(back, due, hours)).toBe(180);
    expect(back < due).toBe(true);
    expect(shiftBusinessMinutes(back, 180, hours).toISOString()).toBe(due.toISOString());
  });
});
