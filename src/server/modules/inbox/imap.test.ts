import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app';
import { DOVECOT, dovecotServer } from '../../../../test/helpers/imap';
import { buildAccount, buildContact } from '../../factories';
import { IMAP_FAILED_KEYWORD, pollImap } from './channels';
import { inboundOf } from './wire';
import { conversations, inboxMessages } from './tables';

if (!DOVECOT)
  console.warn('IMAP polling test skipped: dovecot is not installed (apt-get install dovecot-imapd)');

describe.skipIf(!DOVECOT)('IMAP polling against a real dovecot', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof dovecotServer>>;
  let mailbox: ImapFlow;

  beforeAll(async () => {
    server = await dovecotServer();
    t = await createTestApp({ JOBJACKET_DEMO: '0', LOG_LEVEL: 'silent' });
    mailbox = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      auth: { user: server.user, pass: server.pass },
      logger: false,
    });
    await mailbox.connect();
  });
  afterAll(async () => {
    await mailbox?.logout().catch(() => undefined);
    await t?.close();
    await server?.close();
  });

  const poll = () => pollImap(t.ctx.database, inboundOf(t.ctx), server.url);
  const deliver = async (raw: string) => {
    const appended = await mailbox.append('INBOX', raw);
    if (!appended || !appended.uid) throw new Error('APPEND returned no UID');
    return { uid: appended.uid };
  };
  const flagsOf = async (uid: number) => {
    const lock = await mailbox.getMailboxLock('INBOX');
    try {
      const msg = await mailbox.fetchOne(String(uid), { flags: true }, { uid: true });
      return msg ? [...(msg.flags ?? [])] : [];
    } finally {
      lock.release();
    }
  };
  const conversationOf = async (messageId: string) => {
    const [m] = await t.db.select().from(inboxMessages).where(eq(inboxMessages.messageId, messageId));
    if (!m) return null;
    const [c] = await t.db.select().from(conversations).where(eq(conversations.id, m.conversationId));
    return c ?? null;
  };

  async function client(name: string) {
    const account = await buildAccount(t.db, { name: `${name} ${Math.random().toString(36).slice(2, 7)}` });
    const email = `buyer.${account.id.slice(0, 8)}@client.example`;
    await buildContact(t.db, { accountId: account.id, emails: [email] });
    return { account, email };
  }
  const mail = (o: { from: string; subject: string; id: string; inReplyTo?: string; body?: string }) =>
    [
      `From: ${o.from}`,
      'To: orders@shop.example',
      `Subject: ${o.subject}`,
      `Message-ID: ${o.id}`,
      ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
      'Date: Mon, 02 Nov 2026 09:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      o.body ?? 'Please see below.',
      '',
    ].join('\r\n');

  it('threads each client’s mail into its own account’s conversation, and imports a message only once', async () => {
    const acme = await client('Acme');
    const globex = await client('Globex');
    const first = `<first.${acme.account.id}@client.example>`;
    const a = await deliver(mail({ from: acme.email, subject: 'Proof for the flyers', id: first }));
    await deliver(
      mail({
        from: globex.email,
        subject: 'Invoice question',
        id: `<q.${globex.account.id}@client.example>`,
      }),
    );

    expect(await poll()).toEqual({ imported: 2, failed: [] });
    const acmeConversation = await conversationOf(first);
    expect(acmeConversation).toMatchObject({ accountId: acme.account.id, subject: 'Proof for the flyers' });
    expect(await conversationOf(`<q.${globex.account.id}@client.example>`)).toMatchObject({
      accountId: globex.account.id,
    });
    expect(await flagsOf(a.uid)).toContain('\\Seen');

    // The client answers in the same thread; the next poll takes only the new message.
    const answer = `<answer.${acme.account.id}@client.example>`;
    await deliver(
      mail({ from: acme.email, subject: 'Re: Proof for the flyers', id: answer, inReplyTo: first }),
    );
    expect(await poll()).toEqual({ imported: 1, failed: [] });
    expect((await conversationOf(answer))?.id).toBe(acmeConversation!.id);
    expect(await poll()).toEqual({ imported: 0, failed: [] });
    const thread = await t.db
      .select()
      .from(inboxMessages)
      .where(eq(inboxMessages.conversationId, acmeConversation!.id));
    expect(thread).toHaveLength(2);
  });

  it('does not let a message the pipeline cannot store stop the poll, nor retries it on every poll', async () => {
    const { account, email } = await client('Initech');
    const before = `<before.${account.id}@client.example>`;
    const after = `<after.${account.id}@client.example>`;
    await deliver(mail({ from: email, subject: 'Order 1', id: before }));
    // A NUL byte in the subject: PostgreSQL text cannot hold it, so storing this message fails.
    const bad = await deliver(
      mail({ from: email, subject: '=?utf-8?B?QnJva2VuIAA=?=', id: `<bad.${account.id}@client.example>` }),
    );
    await deliver(mail({ from: email, subject: 'Order 2', id: after }));

    const result = await poll();
    expect(result.imported).toBe(2);
    expect(result.failed.map((f) => f.uid)).toEqual([bad.uid]);
    expect((await conversationOf(before))?.accountId).toBe(account.id);
    expect((await conversationOf(after))?.accountId).toBe(account.id);
    const flags = await flagsOf(bad.uid);
    expect(flags).toEqual(expect.arrayContaining(['\\Flagged', IMAP_FAILED_KEYWORD]));
    expect(flags).not.toContain('\\Seen'); // left for a person to read in the mailbox

    expect(await poll()).toEqual({ imported: 0, failed: [] });
  });
});
