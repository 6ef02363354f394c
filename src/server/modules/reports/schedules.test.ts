import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { smtpPeer, waitFor } from '../../../../test/helpers/smtp';
import { buildAccount, buildContact, buildJob } from '../../factories';
import type { AppContext } from '../../platform/context';
import { Mailer } from '../../platform/mail';
import { Queue } from '../../platform/queue';
import { deliverDueSchedules, registerReportQueues, REPORT_SCHEDULE_QUEUE } from './deliver';
import { reportDeliveries, reportSchedules } from './tables';

let t: TestApp;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let am: Session;
let accountId: string;
const workers: Queue[] = [];

/** Another worker process on the same database: its own queue (pg-boss) and mailer. */
async function worker(): Promise<AppContext> {
  const queue = new Queue(t.ctx.database, { supervise: false, pollingIntervalSeconds: 0.5 });
  const mailer = new Mailer(t.db, queue, {
    smtpUrl: peer.url,
    from: 'Shop <shop@example.test>',
    files: t.ctx.files,
  });
  const ctx = { ...t.ctx, queue, mailer };
  registerReportQueues(ctx);
  await queue.start();
  await queue.work();
  workers.push(queue);
  return ctx;
}

beforeAll(async () => {
  peer = await smtpPeer();
  t = await createTestApp({
    SMTP_URL: peer.url,
    MAIL_FROM: 'Shop <shop@example.test>',
    JOBJACKET_TIMEZONE: 'America/Chicago',
  });
  await t.ctx.queue.work();
  am = await t.signIn('account_manager');
  const account = await buildAccount(t.db, { name: 'Harbor School District', ownerId: am.userId });
  accountId = account.id;
  await buildJob(t.db, { accountId });
});
afterAll(async () => {
  for (const q of workers) await q.stop();
  await t.close();
  await peer.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

let n = 0;
async function schedule(over: object = {}) {
  n += 1;
  const res = await api('POST', '/report-schedules', am, {
    name: `Harbor monthly ${n}`,
    reportId: 'client-jobs-completed',
    parameters: { accountId, period: 'last_30_days' },
    formats: ['xlsx', 'pdf'],
    recipientUserIds: [am.userId],
    recipientEmails: [`buyer${n}@harbor.example`],
    frequency: 'daily',
    time: '07:00',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const mailsTo = (to: string) => peer.received.filter((m) => JSON.stringify(m.to).includes(to));
const deliveries = async (id: string) =>
  t.db.select().from(reportDeliveries).where(eq(reportDeliveries.scheduleId, id));

describe('report schedules', () => {
  it('saves a timetable in the shop time zone, checks it, changes it and deletes it', async () => {
    const s = await schedule({ frequency: 'weekly', weekday: 1, time: '07:00' });
    expect(s).toMatchObject({
      reportTitle: 'Jobs completed, and whether on time',
      timeZone: 'America/Chicago',
      description: 'Every Monday at 07:00 (America/Chicago)',
      formats: ['xlsx', 'pdf'],
      ownerId: am.userId,
    });
    const next = new Date(s.nextRunAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getUTCDay()).toBe(1);
    expect([12, 13]).toContain(next.getUTCHours()); // 07:00 in Chicago, CDT or CST

    const noDay = await api('POST', '/report-schedules', am, { ...s, id: undefined, weekday: null });
    expect(noDay.statusCode).toBe(400);
    const bad = await api('POST', '/report-schedules', am, {
      name: 'x',
      reportId: 'client-jobs-completed',
      parameters: { accountId },
      formats: ['csv'],
      frequency: 'monthly',
      time: '07:00',
      recipientEmails: [],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('monthDay');
    const noParams = await api('POST', '/report-schedules', am, {
      name: 'x',
      reportId: 'client-jobs-completed',
      formats: ['csv'],
      frequency: 'daily',
      time: '07:00',
      recipientEmails: ['a@b.example'],
    });
    expect(noParams.statusCode).toBe(400);
    expect(noParams.json().errors[0].path).toBe('accountId');

    const monthly = await api('PATCH', `/report-schedules/${s.id}`, am, {
      frequency: 'monthly',
      monthDay: 'last',
    });
    expect(monthly.statusCode, monthly.body).toBe(200);
    expect(monthly.json()).toMatchObject({
      description: 'Monthly on the last day at 07:00 (America/Chicago)',
      weekday: null,
    });

    const stranger = await t.signIn('account_manager');
    expect((await api('GET', `/report-schedules/${s.id}`, stranger)).statusCode).toBe(404);
    expect((await api('GET', '/report-schedules', stranger)).json().items).toEqual([]);
    const manager = await t.signIn('manager');
    expect(
      (await api('GET', '/report-schedules', manager)).json().items.map((x: { id: string }) => x.id),
    ).toContain(s.id);

    expect((await api('DELETE', `/report-schedules/${s.id}`, am)).statusCode).toBe(204);
    expect((await api('GET', `/report-schedules/${s.id}`, am)).statusCode).toBe(404);
  });

  it('delivers each slot exactly once with two workers and a restart, the files attached, over real SMTP', async () => {
    const s = await schedule();
    const slot1 = new Date(s.nextRunAt);
    const a = t.ctx;
    const b = await worker();
    const at1 = new Date(slot1.getTime() + 30_000);
    const first = await Promise.all([deliverDueSchedules(a, at1), deliverDueSchedules(b, at1)]);
    expect(first[0] + first[1]).toBe(1);

    const restarted = await worker(); // a fresh process finds nothing left to do for that slot
    expect(await deliverDueSchedules(restarted, at1)).toBe(0);
    expect(await deliverDueSchedules(a, new Date(at1.getTime() + 60_000))).toBe(0);

    const [row] = await t.db.select().from(reportSchedules).where(eq(reportSchedules.id, s.id));
    const slot2 = row!.nextRunAt!;
    expect(slot2.getTime() - slot1.getTime()).toBe(86_400_000);
    const at2 = new Date(slot2.getTime() + 5_000);
    const second = await Promise.all([
      deliverDueSchedules(b, at2),
      deliverDueSchedules(a, at2),
      deliverDueSchedules(restarted, at2),
    ]);
    expect(second.reduce((x, y) => x + y, 0)).toBe(1);

    const history = (await api('GET', `/report-schedules/${s.id}/deliveries`, am)).json().items;
    expect(history.map((d: { dueAt: string }) => d.dueAt)).toEqual([
      slot2.toISOString(),
      slot1.toISOString(),
    ]);
    expect(history[0]).toMatchObject({
      kind: 'scheduled',
      status: 'sent',
      recipients: [am.email, 'buyer2@harbor.example'],
      files: [{ filename: expect.stringMatching(/\.xlsx$/) }, { filename: expect.stringMatching(/\.pdf$/) }],
    });

    const buyer = 'buyer2@harbor.example';
    await waitFor(
      async () => (mailsTo(buyer).length >= 2 && mailsTo(am.email).length >= 2) || undefined,
      'four e-mails',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo(buyer)).toHaveLength(2);
    expect(mailsTo(am.email)).toHaveLength(2);
    const mail = mailsTo(buyer)[0]!;
    expect(mail.subject).toContain('Jobs completed, and whether on time');
    expect(mail.text).toContain('Account: Harbor School District');
    expect(mail.attachments.map((x) => x.contentType)).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/pdf',
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(mail.attachments[0]!.content as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Parameters')).toBeDefined();
  });

  it('delivers once when the queue runs the tick on several workers at once', async () => {
    const s = await schedule({ recipientUserIds: [] });
    const b = await worker();
    await t.db
      .update(reportSchedules)
      .set({ nextRunAt: new Date(Date.now() - 60_000) })
      .where(eq(reportSchedules.id, s.id));
    for (const ctx of [t.ctx, b, t.ctx, b]) {
      await t.db.transaction((tx) => ctx.queue.send(tx, REPORT_SCHEDULE_QUEUE, {}));
    }
    await waitFor(async () => ((await deliveries(s.id)).length ? true : undefined), 'a delivery');
    const buyer = s.recipientEmails[0];
    await waitFor(async () => mailsTo(buyer).length || undefined, 'the e-mail');
    await new Promise((r) => setTimeout(r, 3000));
    expect(await deliveries(s.id)).toHaveLength(1);
    expect(mailsTo(buyer)).toHaveLength(1);
  });

  it('retries a failing schedule, then records the failed slot and tells its owner', async () => {
    const s = await schedule({ recipientUserIds: [] });
    const due = new Date(Date.now() - 60_000);
    await t.db
      .update(reportSchedules)
      .set({ nextRunAt: due, parameters: { accountId, period: 'custom' } })
      .where(eq(reportSchedules.id, s.id));
    for (let i = 0; i < 2; i++) await deliverDueSchedules(t.ctx, new Date());
    const [retrying] = await t.db.select().from(reportSchedules).where(eq(reportSchedules.id, s.id));
    expect(retrying).toMatchObject({ failures: 2, nextRunAt: due });
    expect(retrying!.lastError).toContain('custom period');
    expect(await deliveries(s.id)).toEqual([]);

    await deliverDueSchedules(t.ctx, new Date());
    const [failed] = await deliveries(s.id);
    expect(failed).toMatchObject({ status: 'failed', dueAt: due });
    const [after] = await t.db.select().from(reportSchedules).where(eq(reportSchedules.id, s.id));
    expect(after!.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    const notice = await peer.message(am.email, 'Scheduled report failed');
    expect(notice.text).toContain(s.name);
    expect(mailsTo(s.recipientEmails[0])).toHaveLength(0);
  });

  it("M6 — pauses a deactivated owner's schedule instead of e-mailing their reports to outside addresses", async () => {
    const leaver = await t.signIn('account_manager');
    const res = await api('POST', '/report-schedules', leaver, {
      name: 'Leaver weekly',
      reportId: 'client-jobs-completed',
      parameters: { accountId, period: 'last_30_days' },
      formats: ['csv'],
      recipientEmails: ['outside@elsewhere.example'],
      frequency: 'daily',
      time: '07:00',
    });
    expect(res.statusCode, res.body).toBe(201);
    const admin = await t.signIn('admin');
    const off = await api('PATCH', `/users/${leaver.userId}`, admin, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    await t.db
      .update(reportSchedules)
      .set({ nextRunAt: new Date(Date.now() - 60_000) })
      .where(eq(reportSchedules.id, res.json().id));
    await deliverDueSchedules(t.ctx, new Date());
    const [paused] = await t.db.select().from(reportSchedules).where(eq(reportSchedules.id, res.json().id));
    expect(paused).toMatchObject({ active: false, lastError: expect.stringContaining('deactivated') });
    await deliverDueSchedules(t.ctx, new Date(Date.now() + 2 * 86_400_000));
    expect(mailsTo('outside@elsewhere.example')).toHaveLength(0);
    expect((await deliveries(res.json().id)).map((d) => d.status)).toEqual(['failed']);
  });

  it('runs now without moving the timetable', async () => {
    const s = await schedule({ formats: ['csv'], recipientUserIds: [] });
    const res = await api('POST', `/report-schedules/${s.id}/run`, am);
    expect(res.statusCode, res.body).toBe(202);
    const [d] = await deliveries(s.id);
    expect(d).toMatchObject({ kind: 'manual', status: 'sent' });
    const mail = await peer.message(s.recipientEmails[0]);
    expect(mail.attachments[0]!.filename).toMatch(/^client-jobs-completed-\d{4}-\d\d-\d\d\.csv$/);
    expect((await api('GET', `/report-schedules/${s.id}`, am)).json().nextRunAt).toBe(s.nextRunAt);
  });

  it('moves a schedule to another time zone, and refuses a zone nobody knows', async () => {
    const s = await schedule({ frequency: 'daily', time: '07:00' });
    const res = await api('PATCH', `/report-schedules/${s.id}`, am, {
      timeZone: 'Europe/London',
      time: '08:30',
      formats: ['docx', 'csv'],
      recipientEmails: ['new.reader@harbor.example'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const changed = res.json();
    expect(changed).toMatchObject({
      timeZone: 'Europe/London',
      description: 'Every day at 08:30 (Europe/London)',
      formats: ['docx', 'csv'],
      recipientEmails: ['new.reader@harbor.example'],
    });
    const next = new Date(changed.nextRunAt);
    expect([7, 8]).toContain(next.getUTCHours()); // 08:30 in London, BST or GMT
    expect(next.getUTCMinutes()).toBe(30);
    const bad = await api('PATCH', `/report-schedules/${s.id}`, am, { timeZone: 'Mars/Olympus_Mons' });
    expect(bad.statusCode).toBe(400);
    const created = await schedule({ timeZone: 'Asia/Tokyo' });
    expect(created.description).toBe('Every day at 07:00 (Asia/Tokyo)');
  });

  it("e-mails the contacts picked from the report's account at their current first address", async () => {
    const dana = await buildContact(t.db, { accountId, firstName: 'Dana', emails: ['dana@harbor.example'] });
    const eli = await buildContact(t.db, { accountId, firstName: 'Eli', emails: ['eli@harbor.example'] });
    const other = await buildContact(t.db, { emails: ['someone@elsewhere.example'] });
    const noMail = await buildContact(t.db, { accountId, emails: [] });
    const s = await schedule({
      formats: ['csv'],
      recipientUserIds: [],
      recipientEmails: [],
      recipientContactIds: [dana.id, eli.id],
    });
    expect(s.recipientContactIds).toEqual([dana.id, eli.id]);

    // Only current contacts of the report's account, with an address, and only for a client report.
    for (const over of [
      { recipientContactIds: [other.id] },
      { recipientContactIds: [noMail.id] },
      { reportId: 'wip-by-department', parameters: {}, recipientContactIds: [dana.id] },
    ]) {
      const res = await api('POST', '/report-schedules', am, {
        name: 'x',
        reportId: 'client-jobs-completed',
        parameters: { accountId, period: 'last_30_days' },
        formats: ['csv'],
        frequency: 'daily',
        time: '07:00',
        ...over,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].path).toBe('recipientContactIds');
    }
    const moved = await api('PATCH', `/report-schedules/${s.id}`, am, {
      parameters: { accountId: (await buildAccount(t.db)).id },
    });
    expect(moved.statusCode).toBe(400);

    // Dana's address changes and Eli leaves: the delivery follows the contact list of the day.
    await api('PATCH', `/contacts/${dana.id}`, am, { emails: ['dana.new@harbor.example'] });
    await api('DELETE', `/contacts/${eli.id}`, am);
    expect((await api('POST', `/report-schedules/${s.id}/run`, am)).statusCode).toBe(202);
    const mail = await peer.message('dana.new@harbor.example', s.name);
    expect(mail.attachments[0]!.filename).toMatch(/^client-jobs-completed-.*\.csv$/);
    const [d] = await deliveries(s.id);
    expect(d!.recipients).toEqual(['dana.new@harbor.example']);
  });

  it('sends a client pack: one workbook with a sheet per report, or one PDF per report, in one e-mail', async () => {
    const s = await schedule({ reportId: 'client-pack', formats: ['xlsx', 'pdf'], recipientUserIds: [] });
    expect(s.reportTitle).toBe('Client report pack');
    expect((await api('POST', `/report-schedules/${s.id}/run`, am)).statusCode).toBe(202);
    const mail = await peer.message(s.recipientEmails[0], 'Client report pack');
    expect(mail.attachments.map((a) => a.filename)).toEqual([
      expect.stringMatching(/^client-pack-.*\.xlsx$/),
      ...[
        'client-orders',
        'client-budget-spend',
        'client-inventory',
        'client-low-stock',
        'client-jobs-completed',
        'client-shipments',
      ].map((id) => expect.stringMatching(new RegExp(`^${id}-.*\\.pdf$`))),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(mail.attachments[0]!.content as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Portal orders by cost centre, u',
      'Spend against budget by cost ce',
      'Inventory on hand, usage and mo',
      'Low stock',
      'Jobs completed, and whether on ',
      'Shipments with tracking',
      'Parameters',
    ]);
  });
});
