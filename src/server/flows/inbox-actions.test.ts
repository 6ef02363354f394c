import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/helpers/app';
import { smtpPeer } from '../../../test/helpers/smtp';
import { buildAccount, buildContact, buildJob } from '../factories';
import { accounts, contacts } from '../modules/accounts/tables';

// The inbox's hand-offs (issue 23): attachment → job files, unknown sender → contact and account, an
// unmatched thread escalated, a meeting rescheduled and cancelled, a reply quoting what it answers.

const TOKEN = 'inbound-secret-actions-0123456789';
let t: TestApp;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let am: Session;
let production: Session;
let purchasing: Session;

beforeAll(async () => {
  peer = await smtpPeer();
  t = await createTestApp({
    SMTP_URL: peer.url,
    MAIL_FROM: 'Shop <shop@shop.example>',
    JOBJACKET_REPLY_DOMAIN: 'reply.shop.example',
    JOBJACKET_INBOUND_TOKEN: TOKEN,
    JOBJACKET_TIMEZONE: 'America/Chicago',
  });
  await t.ctx.queue.work();
  am = await t.signIn('account_manager');
  production = await t.signIn('production');
  purchasing = await t.signIn('purchasing');
});
afterAll(async () => {
  await t?.close();
  await peer?.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Session, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: who.headers, payload });
const rnd = () => Math.random().toString(36).slice(2, 8);
const encodedWord = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A raw e-mail with attachments, as a client's mail program would send it. */
function rawMail(o: {
  from: string;
  name?: string;
  subject: string;
  text: string;
  files?: { name: string; type: string; content: Buffer }[];
}) {
  const b = `b-${rnd()}`;
  const lines = [
    `From: ${o.name ? `${encodedWord(o.name)} ` : ''}<${o.from}>`,
    'To: orders@shop.example',
    `Subject: ${o.subject}`,
    `Message-ID: <${rnd()}.${Date.now()}@client.example>`,
    'Date: Tue, 01 Dec 2026 15:14:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.text,
    ...(o.files ?? []).flatMap((f) => [
      `--${b}`,
      `Content-Type: ${f.type}; name="${f.name}"`,
      `Content-Disposition: attachment; filename="${f.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      f.content.toString('base64'),
    ]),
    `--${b}--`,
    '',
  ];
  return lines.join('\r\n');
}

async function receive(mail: Parameters<typeof rawMail>[0]) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/inbound/email',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'message/rfc822' },
    payload: rawMail(mail),
  });
  expect(res.statusCode, res.body).toBe(202);
  const id: string = res.json().conversationId;
  const detail = (await api('GET', `/conversations/${id}`, am)).json();
  return { id, detail, messageId: detail.messages.at(-1).id as string };
}

async function client() {
  const account = await buildAccount(t.db, { name: `Client ${rnd()}`, ownerId: am.userId });
  const email = `dana.${rnd()}@client-${rnd()}.example`;
  const contact = await buildContact(t.db, { accountId: account.id, firstName: 'Dana', emails: [email] });
  return { account, contact, email };
}

const timeline = async (accountId: string) =>
  (await api('GET', `/accounts/${accountId}/timeline?limit=50`, am)).json().items as {
    kind: string;
    title: string;
  }[];

describe('an e-mail attachment saved to a job', () => {
  it('saves a PDF as the job’s artwork (the conversation’s job by default), versions it, and refuses what is not a PDF', async () => {
    const { account, email } = await client();
    const job = await buildJob(t.db, {
      accountId: account.id,
      items: [{ productType: 'postcard', quantity: 500 }],
    });
    const other = await buildJob(t.db, { accountId: account.id });
    const { id, messageId } = await receive({
      from: email,
      subject: 'Artwork attached',
      text: 'Here is the artwork.',
      files: [
        { name: 'postcard.pdf', type: 'application/pdf', content: PDF },
        { name: 'fake.pdf', type: 'application/pdf', content: Buffer.from('<html>not a pdf</html>') },
      ],
    });
    const save = (i: number, body: object, who = am) =>
      api('POST', `/messages/${messageId}/attachments/${i}/save-to-job`, who, body);
    // No job on the conversation yet: say which.
    const noJob = await save(0, { kind: 'artwork' });
    expect(noJob.statusCode).toBe(400);
    expect(noJob.json().errors[0].path).toBe('jobId');
    await api('PATCH', `/conversations/${id}`, am, { jobId: job.id });

    const first = await save(0, { kind: 'artwork', itemId: job.items[0]!.id });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      name: 'postcard.pdf',
      kind: 'artwork',
      version: 1,
      size: PDF.length,
    });
    expect(first.json().itemId).toBe(job.items[0]!.id);
    const again = await save(0, { kind: 'artwork', itemId: job.items[0]!.id });
    expect(again.json().version).toBe(2);
    const files = (await api('GET', `/jobs/${job.id}/files`, am)).json().items;
    expect(files.map((f: { name: string; version: number }) => `${f.name} v${f.version}`)).toEqual([
      'postcard.pdf v2',
      'postcard.pdf v1',
    ]);
    const bytes = await api('GET', `/jobs/${job.id}/files/${first.json().id}/content`, am);
    expect(Buffer.from(bytes.rawPayload).equals(PDF)).toBe(true);

    // Another job of the same client, chosen; as a proof.
    const proof = await save(0, { kind: 'proof', jobId: other.id });
    expect(proof.statusCode, proof.body).toBe(201);
    expect(proof.json()).toMatchObject({ kind: 'proof', version: 1 });

    // Two people saving the same attachment at once: two versions, never two v3s.
    const pair = await Promise.all([
      save(0, { kind: 'artwork', itemId: job.items[0]!.id }),
      save(0, { kind: 'artwork', itemId: job.items[0]!.id }),
    ]);
    expect(pair.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(pair.map((r) => r.json().version).sort()).toEqual([3, 4]);

    const fake = await save(1, { kind: 'artwork' });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().detail).toContain('not PDF');
    expect((await api('GET', `/jobs/${job.id}/files`, am)).json().items).toHaveLength(4);

    const stranger = await buildJob(t.db);
    const foreign = await save(0, { kind: 'artwork', jobId: stranger.id });
    expect(foreign.statusCode).toBe(400);
    expect((await save(0, { kind: 'artwork', jobId: crypto.randomUUID() })).statusCode).toBe(400);
    expect((await save(7, { kind: 'artwork' })).statusCode).toBe(404);
    expect((await save(0, { kind: 'other' })).statusCode).toBe(400);
    for (const who of [production, purchasing])
      expect((await save(0, { kind: 'artwork' }, who)).statusCode).toBe(403);

    const kinds = (await timeline(account.id)).map((e) => e.kind);
    expect(kinds).toContain('conversation.attachment_saved');
    expect(kinds).toContain('job.file');
  });

  it('refuses to save an unknown sender’s attachment until the sender is linked to a client', async () => {
    const { messageId } = await receive({
      from: `who.${rnd()}@nowhere.example`,
      subject: 'A file',
      text: 'Attached.',
      files: [{ name: 'a.pdf', type: 'application/pdf', content: PDF }],
    });
    const job = await buildJob(t.db);
    const res = await api('POST', `/messages/${messageId}/attachments/0/save-to-job`, am, {
      kind: 'artwork',
      jobId: job.id,
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('an unknown sender made a contact and account', () => {
  it('suggests the account by e-mail domain, and makes a new account and contact from “Nguyễn → Zoë Øster”', async () => {
    const domain = `county-${rnd()}.example`;
    const known = await buildAccount(t.db, { name: `County ${rnd()}`, ownerId: am.userId });
    await buildContact(t.db, { accountId: known.id, firstName: 'Ann', emails: [`ann@${domain}`] });
    const { id } = await receive({
      from: `zoe@${domain}`,
      name: 'Nguyễn → Zoë Øster',
      subject: 'New business cards',
      text: 'Hello',
    });
    const s = (await api('GET', `/conversations/${id}/sender`, am)).json();
    expect(s).toMatchObject({
      address: `zoe@${domain}`,
      displayName: 'Nguyễn → Zoë Øster',
      firstName: 'Nguyễn → Zoë',
      lastName: 'Øster',
      domain,
      freeMail: false,
    });
    expect(s.accounts).toEqual([{ id: known.id, name: known.name, contacts: 1 }]);

    // Into the suggested account.
    const joined = await api('POST', `/conversations/${id}/sender`, am, {
      firstName: 'Zoë',
      lastName: 'Øster',
      accountId: known.id,
    });
    expect(joined.statusCode, joined.body).toBe(201);
    expect(joined.json().account).toEqual({ id: known.id, name: known.name, created: false });
    expect(joined.json().conversation).toMatchObject({
      account: { id: known.id },
      assignee: { id: am.userId },
    });
    expect(joined.json().contact.name).toBe('Zoë Øster');
    const twice = await api('POST', `/conversations/${id}/sender`, am, {
      firstName: 'Zoë',
      lastName: 'Øster',
      accountId: known.id,
    });
    expect(twice.statusCode).toBe(409);
  });

  it('makes a new account when none matches; two people at once make one', async () => {
    const name = `Øster & Nguyễn Design ${rnd()}`;
    const from = `zoe@oster-${rnd()}.example`;
    const { id } = await receive({ from, name: 'Nguyễn → Zoë Øster', subject: 'Hi', text: 'Hi' });
    const s = (await api('GET', `/conversations/${id}/sender`, am)).json();
    expect(s.accounts).toEqual([]);
    expect(s.newAccountName).toMatch(/^Oster /);
    const body = { firstName: 'Nguyễn → Zoë', lastName: 'Øster', newAccount: { name, segment: 'corporate' } };
    const [a, b] = await Promise.all([
      api('POST', `/conversations/${id}/sender`, am, body),
      api('POST', `/conversations/${id}/sender`, am, body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const made = (a.statusCode === 201 ? a : b).json();
    expect(made.account).toMatchObject({ name, created: true });
    expect(await t.db.select().from(accounts).where(eq(accounts.name, name))).toHaveLength(1);
    const people = await t.db.select().from(contacts).where(eq(contacts.accountId, made.account.id));
    expect(people.map((p) => [p.firstName, p.lastName, p.emails])).toEqual([
      ['Nguyễn → Zoë', 'Øster', [from]],
    ]);
    const account = (await api('GET', `/accounts/${made.account.id}`, am)).json();
    expect(account.owner?.id ?? account.ownerId).toBe(am.userId);
    // The address is remembered: the next e-mail matches at once.
    const next = await receive({ from, subject: 'Another', text: 'More' });
    expect(next.detail.account.id).toBe(made.account.id);
    const kinds = (await timeline(made.account.id)).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['account.create', 'contact.create', 'conversation.linked']),
    );
  });

  it('says what is wrong: no account chosen, a taken name, a public mail domain, and who may not', async () => {
    const { id } = await receive({ from: `pat.lee.${rnd()}@gmail.com`, subject: 'Hi', text: 'Hi' });
    const s = (await api('GET', `/conversations/${id}/sender`, am)).json();
    expect(s).toMatchObject({
      freeMail: true,
      accounts: [],
      newAccountName: '',
      lastName: expect.any(String),
    });
    const none = await api('POST', `/conversations/${id}/sender`, am, { firstName: 'Pat', lastName: 'Lee' });
    expect(none.statusCode).toBe(400);
    const taken = await buildAccount(t.db, { name: `Taken ${rnd()}` });
    const dup = await api('POST', `/conversations/${id}/sender`, am, {
      firstName: 'Pat',
      lastName: 'Lee',
      newAccount: { name: taken.name, segment: 'other' },
    });
    expect(dup.statusCode).toBe(409);
    expect((await api('GET', `/conversations/${id}`, am)).json().account).toBeNull();
    for (const who of [production, purchasing]) {
      expect((await api('GET', `/conversations/${id}/sender`, who)).statusCode).toBe(403);
      const res = await api('POST', `/conversations/${id}/sender`, who, {
        firstName: 'Pat',
        lastName: 'Lee',
        newAccount: { name: `X ${rnd()}`, segment: 'other' },
      });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('escalating an unmatched thread', () => {
  it('needs the sender’s client; named in the same request, it is made first, and a refused escalation leaves nothing behind', async () => {
    const { id } = await receive({
      from: `angry.${rnd()}@bigco-${rnd()}.example`,
      subject: 'Wrong colours',
      text: '!',
    });
    const escalation = { title: 'Wrong colours on 5,000 cards', severity: 'S2', category: 'quality' };
    const bare = await api('POST', `/conversations/${id}/escalate`, am, escalation);
    expect(bare.statusCode).toBe(409);
    const name = `BigCo ${rnd()}`;
    const sender = { firstName: 'Ang', lastName: 'Ry', newAccount: { name, segment: 'corporate' } };
    const badOwner = await api('POST', `/conversations/${id}/escalate`, am, {
      ...escalation,
      ownerId: crypto.randomUUID(),
      sender,
    });
    expect(badOwner.statusCode).toBe(400);
    expect(await t.db.select().from(accounts).where(eq(accounts.name, name))).toHaveLength(0);
    const ok = await api('POST', `/conversations/${id}/escalate`, am, { ...escalation, sender });
    expect(ok.statusCode, ok.body).toBe(201);
    const [made] = await t.db.select().from(accounts).where(eq(accounts.name, name));
    expect(ok.json()).toMatchObject({ title: escalation.title, severity: 'S2', account: { id: made!.id } });
    expect((await api('GET', `/conversations/${id}`, am)).json().account.id).toBe(made!.id);
    // Matched now: escalating again needs no sender.
    const second = await api('POST', `/conversations/${id}/escalate`, am, { ...escalation, title: 'Again' });
    expect(second.statusCode, second.body).toBe(201);
    for (const who of [production, purchasing])
      expect((await api('POST', `/conversations/${id}/escalate`, who, escalation)).statusCode).toBe(403);
  });
});

const icsOf = (mail: { attachments: { filename?: string; content: Buffer }[] }) => {
  const a = mail.attachments.find((x) => x.filename === 'invite.ics')!;
  const cal = new ICAL.Component(ICAL.parse(a.content.toString('utf8')));
  const ev = cal.getFirstSubcomponent('vevent')!;
  return {
    method: cal.getFirstPropertyValue('method'),
    uid: ev.getFirstPropertyValue('uid'),
    sequence: Number(ev.getFirstPropertyValue('sequence')),
    status: ev.getFirstPropertyValue('status'),
    start: (ev.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
  };
};

describe('a meeting rescheduled and cancelled', () => {
  it('sends the updated invitation with the same UID and a higher SEQUENCE, then METHOD:CANCEL', async () => {
    const { account, contact, email } = await client();
    const created = await api('POST', '/meetings', am, {
      accountId: account.id,
      title: `Press check ${rnd()}`,
      startsAt: '2026-12-14T15:00:00.000Z',
      endsAt: '2026-12-14T16:00:00.000Z',
      place: 'Plant 2',
      attendees: [{ name: 'Zoë Øster', email, contactId: contact.id, timeZone: 'Europe/Oslo' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    const invite = icsOf(await peer.message(email, `Invitation: ${m.title}`));
    expect(invite).toMatchObject({ method: 'REQUEST', sequence: 0, start: '2026-12-14T15:00:00.000Z' });

    const moved = await api('PATCH', `/meetings/${m.id}`, am, {
      startsAt: '2026-12-15T17:30:00.000Z',
      endsAt: '2026-12-15T18:30:00.000Z',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ startsAt: '2026-12-15T17:30:00.000Z', sequence: 1 });
    const mail = await peer.message(email, `Rescheduled: ${m.title}`);
    expect(mail.text).toContain('Was Monday, December 14, 2026');
    const update = icsOf(mail);
    expect(update).toMatchObject({ method: 'REQUEST', uid: invite.uid, status: 'CONFIRMED' });
    expect(update.sequence).toBeGreaterThan(invite.sequence);
    expect(update.start).toBe('2026-12-15T17:30:00.000Z');
    const download = await api('GET', `/meetings/${m.id}/invite.ics`, am);
    expect(download.body).toContain('SEQUENCE:1');

    const wrong = await api('PATCH', `/meetings/${m.id}`, am, { endsAt: '2026-12-15T17:00:00.000Z' });
    expect(wrong.statusCode).toBe(400);
    const both = await api('PATCH', `/meetings/${m.id}`, am, { cancel: true, place: 'x' });
    expect(both.statusCode).toBe(400);
    for (const who of [production, purchasing])
      expect((await api('PATCH', `/meetings/${m.id}`, who, { place: 'Plant 3' })).statusCode).toBe(403);

    // A change not e-mailed still raises SEQUENCE (a later download must replace the event).
    const quiet = await api('PATCH', `/meetings/${m.id}`, am, { place: 'Plant 3', sendUpdates: false });
    expect(quiet.json()).toMatchObject({ place: 'Plant 3', sequence: 2 });
    const cancelled = await api('PATCH', `/meetings/${m.id}`, am, { cancel: true });
    expect(cancelled.json()).toMatchObject({ sequence: 3, cancelledAt: expect.any(String) });
    const cancel = icsOf(await peer.message(email, `Cancelled: ${m.title}`));
    expect(cancel).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: invite.uid, sequence: 3 });
    expect(peer.received.filter((r) => (r.subject ?? '').startsWith(`Updated: ${m.title}`))).toEqual([]);
    const late = await api('PATCH', `/meetings/${m.id}`, am, { startsAt: '2026-12-16T17:30:00.000Z' });
    expect(late.statusCode).toBe(409);

    const entries = await timeline(account.id);
    expect(entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['meeting.scheduled', 'meeting.rescheduled', 'meeting.cancelled']),
    );
    expect(entries.find((e) => e.kind === 'meeting.rescheduled')!.title).toContain('moved from');
  });
});

describe('a reply quoting the message it answers', () => {
  it('quotes with “On …, … wrote:” and > lines, a blockquote in HTML, and threads to it', async () => {
    const { email } = await client();
    const { id, detail } = await receive({
      from: email,
      name: 'Zoë Øster',
      subject: 'Can you rush it?',
      text: 'Can you rush the cards?\n> an older quote\nThanks',
    });
    const res = await api('POST', `/conversations/${id}/messages`, am, {
      body: 'Yes, by Friday.',
      signature: false,
    });
    expect(res.statusCode, res.body).toBe(201);
    const out = await peer.message(email, 'Can you rush it?');
    expect(out.inReplyTo).toBe(detail.messages[0].messageId);
    expect(out.text).toMatch(
      /Yes, by Friday\.\n\nOn \w{3}, \w{3} \d{1,2}, \d{4} at \d{1,2}:\d{2}\s[AP]M, Zoë Øster wrote:\n/,
    );
    expect(out.text).toContain('> Can you rush the cards?\n>> an older quote\n> Thanks');
    expect(out.html).toContain('<blockquote type="cite"');
    expect(out.html).toContain('Can you rush the cards?');

    const unquoted = await api('POST', `/conversations/${id}/messages`, am, {
      body: 'No quote here.',
      quote: false,
      signature: false,
    });
    expect(unquoted.json().text).toBe('No quote here.');
    const other = await receive({ from: email, subject: 'Other', text: 'x' });
    const foreign = await api('POST', `/conversations/${id}/messages`, am, {
      body: 'x',
      answers: other.messageId,
    });
    expect(foreign.statusCode).toBe(400);
  });
});
