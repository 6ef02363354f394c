import nodemailer from 'nodemailer';
import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { smtpPeer, waitFor } from '../../../../test/helpers/smtp';
import { buildAccount, buildContact, buildJob } from '../../factories';
import { smtpListenerPort } from './wire';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  parseBusinessHours,
} from '../../platform/calendar/business-hours';
import { conversations, inboxMessages } from './tables';

const TOKEN = 'inbound-secret-0123456789';
let t: TestApp;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let am: Session;
let port: number;

beforeAll(async () => {
  peer = await smtpPeer();
  t = await createTestApp({
    SMTP_URL: peer.url,
    MAIL_FROM: 'Shop <shop@shop.example>',
    JOBJACKET_REPLY_DOMAIN: 'reply.shop.example',
    JOBJACKET_SMTP_LISTEN_PORT: '0',
    JOBJACKET_INBOUND_TOKEN: TOKEN,
    JOBJACKET_TIMEZONE: 'America/Chicago',
  });
  await t.ctx.queue.work();
  am = await t.signIn('account_manager');
  port = smtpListenerPort(t.ctx)!;
});
afterAll(async () => {
  await t.close();
  await peer.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });

async function client(over: { ownerId?: string } = {}) {
  const account = await buildAccount(t.db, {
    name: `Inbox Client ${Math.random().toString(36).slice(2, 7)}`,
    ownerId: over.ownerId ?? am.userId,
  });
  const email = `dana.${account.id.slice(0, 8)}@client.example`;
  const contact = await buildContact(t.db, { accountId: account.id, firstName: 'Dana', emails: [email] });
  return { account, contact, email };
}

const clientTransport = () =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });

const messagesOf = (conversationId: string) =>
  t.db.select().from(inboxMessages).where(eq(inboxMessages.conversationId, conversationId));

describe('e-mail in and out over real SMTP', () => {
  it('threads a client e-mail into the account, sends the reply with threading headers, and threads the answer back', async () => {
    const { account, contact, email } = await client();
    const sent = await clientTransport().sendMail({
      from: `Dana <${email.toUpperCase()}>`,
      to: 'orders@shop.example',
      subject: 'Postcards for the spring drop',
      text: 'Can you quote 5,000 postcards?',
      attachments: [{ filename: 'list.csv', content: 'name,zip\nA,78701\n' }],
    });
    const conv = await waitFor(async () => {
      const [row] = await t.db.select().from(conversations).where(eq(conversations.contactId, contact.id));
      return row;
    }, 'the conversation');
    expect(conv).toMatchObject({ accountId: account.id, assigneeId: am.userId, status: 'open' });
    const detail = (await api('GET', `/conversations/${conv.id}`, am)).json();
    expect(detail.account.id).toBe(account.id);
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]).toMatchObject({ direction: 'in', messageId: sent.messageId, source: 'smtp' });
    expect(detail.messages[0].attachments).toEqual([expect.objectContaining({ filename: 'list.csv' })]);
    expect(detail.firstResponse.dueAt).not.toBeNull();
    const att = await api('GET', `/messages/${detail.messages[0].id}/attachments/0`, am);
    expect(att.body).toContain('78701');
    const raw = await api('GET', `/messages/${detail.messages[0].id}/raw`, am);
    expect(raw.body).toContain('Can you quote 5,000 postcards?');

    await api('PUT', '/inbox/signature', am, { text: 'Sam at {{shop.name}}' });
    const reply = await api('POST', `/conversations/${conv.id}/messages`, am, {
      templateKey: 'inbox.acknowledge',
      body: 'Quote attached, {{contact.firstName}}.',
      attachments: [
        {
          filename: 'quote.txt',
          contentType: 'text/plain',
          contentBase64: Buffer.from('$420').toString('base64'),
        },
      ],
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const out = await peer.message(email, 'Postcards for the spring drop');
    expect(out.subject).toBe('Re: Postcards for the spring drop');
    expect(out.inReplyTo).toBe(sent.messageId);
    expect(out.references).toContain(sent.messageId);
    expect(out.text).toContain('Hello Dana');
    expect(out.text).toContain('Quote attached, Dana.');
    expect(out.text).toContain('Sam at Jobjacket Print & Mail');
    expect(out.attachments.map((a) => a.filename)).toEqual(['quote.txt']);
    const replyTo = out.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(/^reply\+[a-f0-9]+@reply\.shop\.example$/);
    const afterReply = (await api('GET', `/conversations/${conv.id}`, am)).json();
    expect(afterReply.status).toBe('waiting_on_client');
    expect(afterReply.firstResponse.metAt).not.toBeNull();
    expect(afterReply.resolution.paused).toBe(true);
    await waitFor(
      async () =>
        (await api('GET', `/conversations/${conv.id}`, am)).json().messages[1].status === 'sent'
          ? true
          : undefined,
      'sent status',
    );

    // The client answers with an ordinary mail client: In-Reply-To + References of our reply.
    await clientTransport().sendMail({
      from: email,
      to: replyTo,
      subject: `Re: ${out.subject}`,
      text: 'Thanks, go ahead.',
      inReplyTo: out.messageId,
      references: [sent.messageId!, out.messageId!],
    });
    await waitFor(async () => ((await messagesOf(conv.id)).length === 3 ? true : undefined), 'the answer');
    const final = (await api('GET', `/conversations/${conv.id}`, am)).json();
    expect(final.status).toBe('waiting_on_us');
    expect(final.messages.map((m: { direction: string }) => m.direction)).toEqual(['in', 'out', 'in']);
    const all = (await api('GET', `/conversations?view=all&accountId=${account.id}`, am)).json();
    expect(all.items).toHaveLength(1);
  });

  it('threads by the reply token alone, and by a job number in the subject', async () => {
    const { account, email } = await client();
    const job = await buildJob(t.db, { accountId: account.id });
    await clientTransport().sendMail({
      from: email,
      to: 'orders@shop.example',
      subject: `Question about ${job.number}`,
      text: 'When does it ship?',
    });
    const first = await waitFor(
      async () => (await t.db.select().from(conversations).where(eq(conversations.jobId, job.id)))[0],
      'job conversation',
    );
    await clientTransport().sendMail({
      from: email,
      to: 'orders@shop.example',
      subject: `Also ${job.number}: the proof`,
      text: 'And the proof?',
    });
    await waitFor(
      async () => ((await messagesOf(first.id)).length === 2 ? true : undefined),
      'second message on the job',
    );
    await clientTransport().sendMail({
      from: 'someone.else@elsewhere.example',
      to: `reply+${first.replyToken}@reply.shop.example`,
      subject: 'fwd',
      text: 'Forwarded',
    });
    await waitFor(
      async () => ((await messagesOf(first.id)).length === 3 ? true : undefined),
      'token-threaded message',
    );
  });

  it('puts unknown senders in the unmatched queue; linking once remembers the address', async () => {
    const { contact, account } = await client();
    const stranger = `new.buyer.${account.id.slice(0, 6)}@gmail.example`;
    await clientTransport().sendMail({
      from: stranger,
      to: 'orders@shop.example',
      subject: 'Hello from a new address',
      text: 'hi',
    });
    const unmatched = await waitFor(async () => {
      const page = (await api('GET', '/conversations?view=unmatched', am)).json();
      return page.items.find((c: { fromAddress: string }) => c.fromAddress === stranger);
    }, 'unmatched');
    expect(unmatched.account).toBeNull();
    const linked = await api('POST', `/conversations/${unmatched.id}/link`, am, { contactId: contact.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().account.id).toBe(account.id);
    await clientTransport().sendMail({
      from: stranger,
      to: 'orders@shop.example',
      subject: 'A new topic',
      text: 'again',
    });
    const next = await waitFor(async () => {
      const [row] = await t.db.select().from(conversations).where(eq(conversations.subject, 'A new topic'));
      return row;
    }, 'second conversation');
    expect(next.accountId).toBe(account.id);
    expect(next.contactId).toBe(contact.id);
  });
});

describe('inbound endpoint', () => {
  const rfc822 = (from: string, id: string) =>
    Buffer.from(
      `From: ${from}\r\nTo: orders@shop.example\r\nSubject: Via the provider\r\nMessage-ID: <${id}@client.example>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hi <img src="https://tracker.example/p.gif"> <a href="javascript:alert(1)">x</a><script>alert(2)</script></p>\r\n`,
    );

  it('needs the inbound token and a raw message; a retry stores the message once', async () => {
    const { email } = await client();
    const body = rfc822(email, `prov-${Date.now()}`);
    const post = (headers: Record<string, string>, payload: Buffer | string = body) =>
      t.request({
        method: 'POST',
        url: '/api/v1/inbound/email',
        headers: { 'content-type': 'message/rfc822', ...headers },
        payload,
      });
    const before = (await t.db.select().from(inboxMessages)).length;
    for (const res of [await post({}), await post({ authorization: 'Bearer wrong-token-0000000000' })]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const notMail = await post({ authorization: `Bearer ${TOKEN}` }, 'just some words');
    expect(notMail.statusCode).toBe(400);
    const json = await t.request({
      method: 'POST',
      url: '/api/v1/inbound/email',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    expect((await t.db.select().from(inboxMessages)).length).toBe(before);

    const ok = await post({ 'x-inbound-token': TOKEN });
    expect(ok.statusCode, ok.body).toBe(202);
    expect(ok.json().status).toBe('new');
    const again = await post({ authorization: `Bearer ${TOKEN}` });
    expect(again.json()).toMatchObject({ status: 'duplicate', conversationId: ok.json().conversationId });
    const detail = (await api('GET', `/conversations/${ok.json().conversationId}`, am)).json();
    const html: string = detail.messages[0].safeHtml;
    expect(html).not.toMatch(/script|javascript:|tracker\.example/);
    expect(detail.messages[0].remoteImagesBlocked).toBe(true);
  });

  it('records a bounce of a reply on the message', async () => {
    const { email } = await client();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/inbound/email',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
      payload: rfc822(email, `b-${Date.now()}`),
    });
    const id = res.json().conversationId;
    await api('POST', `/conversations/${id}/messages`, am, { body: 'Hello' });
    const ours = (await messagesOf(id)).find((m) => m.direction === 'out')!;
    const dsn = [
      'From: MAILER-DAEMON@mx.client.example',
      'To: shop@shop.example',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <dsn-${Date.now()}@mx.client.example>`,
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      '550 5.1.1 mailbox unavailable',
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${ours.messageId}`,
      '--b--',
      '',
    ].join('\r\n');
    const b = await t.request({
      method: 'POST',
      url: '/api/v1/inbound/email',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
      payload: dsn,
    });
    expect(b.json().status).toBe('bounce');
    const msg = (await api('GET', `/conversations/${id}`, am))
      .json()
      .messages.find((m: { direction: string }) => m.direction === 'out');
    expect(msg.status).toBe('bounced');
    expect(msg.error).toContain('mailbox unavailable');
  });
});

describe('calls and meetings', () => {
  it('logs a call with a follow-up that shows on My day', async () => {
    const { account, contact } = await client();
    const bad = await api('POST', '/calls', am, {
      accountId: account.id,
      direction: 'sideways',
      durationMinutes: -1,
      summary: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('problem+json');
    const other = await client();
    const wrong = await api('POST', '/calls', am, {
      accountId: account.id,
      contactId: other.contact.id,
      direction: 'inbound',
      durationMinutes: 5,
      summary: 'x',
    });
    expect(wrong.statusCode).toBe(400);
    const res = await api('POST', '/calls', am, {
      accountId: account.id,
      contactId: contact.id,
      direction: 'inbound',
      durationMinutes: 12,
      summary: 'Wants a rush on the brochures',
      followUp: { task: 'Send the rush quote', dueOn: '2020-01-01' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const day = (await api('GET', '/inbox/my-day', am)).json();
    expect(day.followUps.map((c: { id: string }) => c.id)).toContain(res.json().id);
    const done = await api('PATCH', `/calls/${res.json().id}`, am, { followUpDone: true });
    expect(done.json().followUp.doneAt).not.toBeNull();
    const timeline = (await api('GET', `/accounts/${account.id}/timeline`, am)).json();
    expect(timeline.items.map((e: { kind: string }) => e.kind)).toContain('call.logged');
  });

  it('schedules a meeting whose .ics parses and shows the right time in the attendee’s zone', async () => {
    const { account, contact, email } = await client();
    const bad = await api('POST', '/meetings', am, {
      accountId: account.id,
      title: 'x',
      startsAt: '2026-05-04T15:00:00Z',
      endsAt: '2026-05-04T14:00:00Z',
      attendees: [],
    });
    expect(bad.statusCode).toBe(400);
    const res = await api('POST', '/meetings', am, {
      accountId: account.id,
      title: 'Press check, spring catalogue',
      startsAt: '2026-05-04T15:00:00Z',
      endsAt: '2026-05-04T16:00:00Z',
      place: 'Plant 2, Austin; dock door 3',
      agenda: 'Colour on the cover,\nfolding',
      attendees: [{ name: 'Dana', email, contactId: contact.id, timeZone: 'America/Los_Angeles' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const ics = await api('GET', `/meetings/${res.json().id}/invite.ics`, am);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.body)).getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe('Press check, spring catalogue');
    expect(event.location).toBe('Plant 2, Austin; dock door 3');
    expect(event.description).toBe('Colour on the cover,\nfolding');
    const start = event.startDate.toJSDate();
    const inLA = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(start);
    expect(inLA).toBe('08:00');
    expect(event.attendees[0]!.getFirstValue()).toBe(`mailto:${email}`);
    const invite = await peer.message(email, 'Press check');
    expect(invite.subject).toContain('8:00');
    expect(invite.subject).toContain('PDT');
    expect(invite.attachments[0]!.contentType).toBe('text/calendar');
  });
});

describe('business hours', () => {
  const h = parseBusinessHours('1-5 08:00-17:00', 'America/Chicago', ['2026-05-25']);
  it('counts only working time, across nights, weekends and holidays', () => {
    // Friday 16:00 Chicago + 2 h → Monday 09:00 (Memorial Day Monday is a holiday → Tuesday 09:00).
    expect(addBusinessMinutes(new Date('2026-05-22T21:00:00Z'), 120, h).toISOString()).toBe(
      '2026-05-26T14:00:00.000Z',
    );
    expect(
      businessMinutesBetween(new Date('2026-05-22T21:00:00Z'), new Date('2026-05-26T14:00:00Z'), h),
    ).toBe(120);
    // Saturday counts nothing; a Monday starts at eight.
    expect(addBusinessMinutes(new Date('2026-05-16T18:00:00Z'), 30, h).toISOString()).toBe(
      '2026-05-18T13:30:00.000Z',
    );
  });
});
