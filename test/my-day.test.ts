import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildContact, buildJob } from '../src/server/factories';
import { createTestApp, type Session, type TestApp } from './helpers/app';
import { seedPrepressWork, seedPurchasing } from './helpers/my-day';

const TOKEN = 'inbound-secret-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_INBOUND_TOKEN: TOKEN });
});
afterAll(() => t.close());

const get = (url: string, who: Session) =>
  t.request({ method: 'GET', url: `/api/v1${url}`, headers: who.headers });
const plus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('My day for production', () => {
  it("lists the department's open stages, blocked first, ten of them with the total", async () => {
    const { jobs, blocked } = await seedPrepressWork(t.db, 12);
    const printer = await t.signIn('production', { department: 'prepress' });
    const res = await get('/my-day', printer);
    expect(res.statusCode, res.body).toBe(200);
    const day = res.json();
    expect(day.purchasing).toBeNull();
    expect(day.department.department).toMatchObject({ code: 'prepress', name: 'Prepress' });
    expect(day.department.stages.total).toBe(12);
    expect(day.department.stages.items).toHaveLength(10);
    expect(day.department.stages.items[0]).toMatchObject({
      status: 'blocked',
      blockedReason: 'Waiting for the client’s logo',
      job: { id: blocked.id, number: blocked.number },
    });
    const numbers = day.department.stages.items.map((s: { job: { number: string } }) => s.job.number);
    expect(numbers.slice(1)).toEqual(jobs.slice(0, 9).map((j) => j.number));

    // A pressman sees the press, not prepress; a production user without a department is told so.
    const press = (await get('/my-day', await t.signIn('production', { department: 'press' }))).json();
    expect(press.department.department.code).toBe('press');
    expect(press.department.stages.items.every((s: { status: string }) => s.status !== 'blocked')).toBe(true);
    const nowhere = (await get('/my-day', await t.signIn('production', { department: 'gone' }))).json();
    expect(nowhere.department).toBeNull();
  });
});

describe('My day for purchasing', () => {
  it('lists shortages, late orders, orders due this week and this week’s receipts', async () => {
    const s = await seedPurchasing(t.db, 'MD1');
    const buyer = await t.signIn('purchasing');
    const day = (await get('/my-day', buyer)).json();
    expect(day.department).toBeNull();
    const p = day.purchasing;
    expect(p.shortages.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ job: expect.objectContaining({ id: s.job.id }) })]),
    );
    const numbers = (section: { items: { number: string }[] }) => section.items.map((o) => o.number);
    expect(numbers(p.late)).toEqual(['PO-MD1-LATE']);
    expect(p.late.total).toBe(1);
    expect(numbers(p.dueSoon)).toEqual(['PO-MD1-DUE']);
    expect(
      p.receipts.items.map((r: { purchaseOrder: { number: string } }) => r.purchaseOrder.number),
    ).toEqual(['PO-MD1-DUE']);
  });
});

describe('My day for an account manager', () => {
  it('puts the message whose clock runs out first on top and shows follow-ups coming up this week', async () => {
    const am = await t.signIn('account_manager');
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const email = `md.${account.id.slice(0, 8)}@client.example`;
    const contact = await buildContact(t.db, { accountId: account.id, emails: [email] });
    const inbound = async (subject: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/inbound/email',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
          payload: `From: ${email}\r\nTo: orders@shop.example\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}-${account.id}@client.example>\r\n\r\nHi\r\n`,
        })
      ).json().conversationId as string;
    await inbound('Older question');
    const urgent = await inbound('Newer but urgent');
    await t.request({
      method: 'PATCH',
      url: `/api/v1/conversations/${urgent}`,
      headers: am.headers,
      payload: { priority: 'urgent' },
    });
    const call = async (task: string, dueOn: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/calls',
          headers: am.headers,
          payload: {
            accountId: account.id,
            contactId: contact.id,
            direction: 'outbound',
            durationMinutes: 2,
            summary: task,
            followUp: { task, dueOn },
          },
        })
      ).json().id as string;
    const soon = await call('Check the proof came through', plus(3));
    const later = await call('Quarterly review', plus(30));
    const overdue = await call('Chase the PO', plus(-2));

    const inbox = (await get('/inbox/my-day', am)).json();
    expect(inbox.unanswered.map((c: { subject: string }) => c.subject)).toEqual([
      'Newer but urgent',
      'Older question',
    ]);
    const followUps = inbox.followUps.map((c: { id: string }) => c.id);
    expect(followUps).toEqual([overdue, soon]);
    expect(followUps).not.toContain(later);

    await buildJob(t.db, { accountId: account.id, ownerId: am.userId, dueDate: plus(3) });
    const day = (await get('/my-day', am)).json();
    expect(day.department).toBeNull();
    expect(day.purchasing).toBeNull();
    expect(day.dueThisWeek).toHaveLength(1);
  });
});
