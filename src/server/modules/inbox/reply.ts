import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { SendReply } from '../../../shared/inbox';
import { recordAudit } from '../../platform/audit';
import { emitContacted } from './contacted';
import { invalid } from '../../platform/errors';
import type { FileStore } from '../../platform/files';
import type { Mailer } from '../../platform/mail';
import type { ServiceContext } from '../../platform/service-context';
import { defineMailTemplate, merge, renderMailTemplate } from '../mail';
import { getConversationRow, listMessages } from './conversation-queries';
import { quoteReply } from './quote';
import { replyParties } from './repo';
import { shopBusinessHours, type InboxSettings } from './settings';
import { statusChange } from './targets';
import { conversations, inboxMessages, inboxSignatures } from './tables';

const fields = [
  { name: 'contact.firstName', description: 'First name of the client contact' },
  { name: 'contact.name', description: 'Full name of the client contact' },
  { name: 'account.name', description: 'The client organisation' },
  { name: 'conversation.subject', description: 'Subject of the conversation' },
  { name: 'job.number', description: 'Number of the linked job' },
  { name: 'job.title', description: 'Title of the linked job' },
  { name: 'job.dueDate', description: 'Due date of the linked job' },
  { name: 'user.name', description: 'Your name' },
  { name: 'shop.name', description: 'The shop’s name' },
];

/** Canned replies, edited by admins and managers under Admin → E-mail templates. */
export const REPLY_TEMPLATES = ['inbox.acknowledge', 'inbox.proof-ready', 'inbox.resolved'] as const;
defineMailTemplate({
  key: 'inbox.acknowledge',
  name: 'Reply: we are on it',
  subject: 'Re: {{conversation.subject}}',
  body: 'Hello {{contact.firstName}},\n\nThank you for your message. I am looking into it and will come back to you shortly.',
  fields,
});
defineMailTemplate({
  key: 'inbox.proof-ready',
  name: 'Reply: proof ready',
  subject: 'Re: {{conversation.subject}}',
  body: 'Hello {{contact.firstName}},\n\nThe proof for {{job.number}} “{{job.title}}” is ready for your approval. The job is due {{job.dueDate}}.',
  fields,
});
defineMailTemplate({
  key: 'inbox.resolved',
  name: 'Reply: resolved',
  subject: 'Re: {{conversation.subject}}',
  body: 'Hello {{contact.firstName}},\n\nThis is now sorted. Let me know if anything else comes up.',
  fields,
});

const reSubject = (subject: string, jobNumber: string | null) => {
  const base = /^re\s*:/i.test(subject) ? subject : `Re: ${subject}`;
  return jobNumber && !subject.includes(jobNumber) ? `${base} [${jobNumber}]` : base;
};

/**
 * Sends a reply from the app: template and merge fields, signature, attachments, and threading headers
 * (Message-ID, In-Reply-To, References, a reply+TOKEN Reply-To) so the client's answer comes back here.
 * Delivery runs through the queue after commit; its status and any bounce show on the message.
 */
export async function sendReply(
  opts: ServiceContext & {
    mailer: Mailer;
    files: FileStore;
    settings: InboxSettings;
    conversationId: string;
    input: z.output<typeof SendReply>;
  },
) {
  const { db, actor, input, settings } = opts;
  const now = opts.clock.now();
  const c = await getConversationRow(db, opts.conversationId);
  await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.id, c.id))
    .for('update');
  const { contact, account, job, me } = await replyParties(db, c, actor.id);
  const values: Record<string, string> = {
    'contact.firstName': contact?.firstName ?? 'there',
    'contact.name': contact ? `${contact.firstName} ${contact.lastName}` : '',
    'account.name': account?.name ?? '',
    'conversation.subject': c.subject,
    'job.number': job?.number ?? '',
    'job.title': job?.title ?? '',
    'job.dueDate': job?.dueDate ?? '',
    'user.name': me?.name ?? actor.name,
    'shop.name': settings.shopName,
  };
  const parts: string[] = [];
  if (input.templateKey) {
    if (!(REPLY_TEMPLATES as readonly string[]).includes(input.templateKey))
      throw invalid('Unknown reply template', [
        { path: 'templateKey', message: `One of ${REPLY_TEMPLATES.join(', ')}` },
      ]);
    parts.push((await renderMailTemplate({ db, key: input.templateKey, values })).text);
  }
  if (input.body) parts.push(merge(input.body, values));
  if (input.signature && actor.id) {
    const [sig] = await db.select().from(inboxSignatures).where(eq(inboxSignatures.userId, actor.id));
    if (sig?.text.trim()) parts.push(`-- \n${merge(sig.text, values)}`);
  }
  const thread = await listMessages({ db, conversationId: c.id });
  const last = input.answers
    ? thread.find((m) => m.id === input.answers)
    : thread.filter((m) => m.messageId).at(-1);
  if (input.answers && !last)
    throw invalid('The message answered is not one of this conversation', [
      { path: 'answers', message: 'Not in this conversation' },
    ]);
  const quoted =
    input.quote && last
      ? quoteReply(
          parts.join('\n\n'),
          { text: last.text, name: last.fromName || last.from, at: new Date(last.at) },
          settings.timeZone,
        )
      : null;
  const text = quoted?.text ?? parts.join('\n\n');
  const lastInbound = (
    await db
      .select({ from: inboxMessages.fromAddress })
      .from(inboxMessages)
      .where(and(eq(inboxMessages.conversationId, c.id), eq(inboxMessages.direction, 'in')))
      .orderBy(desc(inboxMessages.at))
      .limit(1)
  )[0];
  const to = input.to?.length
    ? input.to
    : [lastInbound?.from ?? c.fromAddress ?? contact?.emails[0]].filter((a): a is string => Boolean(a));
  if (!to.length) throw invalid('Nobody to send this to', [{ path: 'to', message: 'Add a recipient' }]);

  const messageId = `<${randomUUID()}@${settings.replyDomain}>`;
  const references = last?.messageId ? [...last.references, last.messageId].slice(-20) : [];
  const subject = reSubject(c.subject, job?.number ?? null);
  const headers: Record<string, string> = {
    'Message-ID': messageId,
    'Reply-To': `reply+${c.replyToken}@${settings.replyDomain}`,
  };
  if (last?.messageId) headers['In-Reply-To'] = last.messageId;
  if (references.length) headers.References = references.join(' ');
  if (input.cc.length) headers.Cc = input.cc.join(', ');
  const attachments = input.attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    content: Buffer.from(a.contentBase64, 'base64'),
  }));
  const stored = [];
  for (const a of attachments) {
    const f = await opts.files.put(a.content);
    stored.push({
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.length,
      storageKey: f.key,
    });
  }
  const mailId = await opts.mailer.queueMail(db, {
    to: to.join(', '),
    subject,
    text,
    ...(quoted ? { html: quoted.html } : {}),
    attachments,
    headers,
  });
  const [row] = await db
    .insert(inboxMessages)
    .values({
      conversationId: c.id,
      accountId: c.accountId,
      direction: 'out',
      source: 'app',
      messageId,
      inReplyTo: last?.messageId ?? null,
      references,
      fromAddress: `reply+${c.replyToken}@${settings.replyDomain}`,
      fromName: me?.name ?? actor.name,
      to,
      cc: input.cc,
      subject,
      text,
      html: quoted?.html ?? null,
      attachments: stored,
      mailMessageId: mailId,
      authorId: actor.id,
      at: now,
    })
    .returning({ id: inboxMessages.id });
  const hours = await shopBusinessHours(db, settings);
  const fresh = await getConversationRow(db, c.id);
  await db
    .update(conversations)
    .set({
      ...statusChange(fresh, input.status, now, hours),
      firstResponseAt: fresh.firstResponseAt ?? now,
      lastMessageAt: now,
      updatedAt: now,
    })
    .where(eq(conversations.id, c.id));
  await recordAudit(db, actor, {
    action: 'message.sent',
    entityType: 'conversation',
    entityId: c.id,
    accountId: c.accountId,
    summary: `E-mail to ${to.join(', ')}: ${subject}`,
    after: { messageId, attachments: stored.length },
  });
  await emitContacted(db, actor, c.accountId, now, 'email_out', now);
  return row!.id;
}
