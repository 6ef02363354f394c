import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { BusinessHours } from '../../platform/calendar/business-hours';
import { systemActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import type { FileStore } from '../../platform/files';
import type { Clock } from '../../platform/service-context';
import { conversationByMessageIds } from './conversation-queries';
import { findJobByNumber, findSender, type Sender } from './repo';
import { shopBusinessHours, type InboxSettings } from './settings';
import { dueMoments, statusChange } from './targets';
import { conversations, inboxMessages, type StoredAttachment } from './tables';

export type InboundSource = 'smtp' | 'imap' | 'http';
export type InboundResult = {
  status: 'threaded' | 'new' | 'unmatched' | 'duplicate' | 'bounce';
  conversationId: string | null;
  messageId: string | null;
};

const REPLY_TOKEN = /\breply\+([a-z0-9]{8,64})@/i;
const JOB_NUMBER = /\bJ-\d{2,4}-\d{4,6}\b/i;
const MESSAGE_ID = /<[^<>\s]+@[^<>\s]+>/g;

/** A new reply token: the secret in `reply+TOKEN@…` that threads answers back to their conversation. */
export const newReplyToken = () => randomBytes(12).toString('hex');

const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : [])
    .flatMap((a) => a.value)
    .map((v) => v.address?.toLowerCase())
    .filter((a): a is string => Boolean(a));

const idsOf = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.match(MESSAGE_ID) ?? []);

/** Delivery status notifications (RFC 3464) and the usual mailer-daemon reports. */
function isBounce(mail: ParsedMail) {
  const type = mail.headers.get('content-type') as
    { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value === 'multipart/report' && type.params?.['report-type'] === 'delivery-status') return true;
  const from = addressesOf(mail.from)[0] ?? '';
  return /^(mailer-daemon|postmaster)@/i.test(from) && /undeliver|failure|returned/i.test(mail.subject ?? '');
}

/**
 * Refuses a message beyond the configured size or number of MIME parts before it is parsed: a message of
 * thousands of tiny parts costs the parser and the store far more than its bytes suggest. Parts are counted
 * by their boundary lines (`--` then a token), an upper bound that needs no parse.
 */
function refuseOversized(raw: Buffer, settings: Pick<InboxSettings, 'maxMessageBytes' | 'maxParts'>) {
  if (raw.length > settings.maxMessageBytes)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The message is larger than ${settings.maxMessageBytes / 1024 / 1024} MB (JOBJACKET_MAIL_MAX_MB)`,
    );
  let parts = 0;
  for (let at = raw.indexOf('\n--'); at >= 0; at = raw.indexOf('\n--', at + 3)) {
    const next = raw[at + 3];
    if (next !== undefined && next > 0x20 && ++parts > settings.maxParts)
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The message has more than ${settings.maxParts} MIME parts (JOBJACKET_MAIL_MAX_PARTS); it was not stored`,
      );
  }
}

/**
 * The one pipeline for inbound e-mail (SMTP listener, IMAP poller, HTTP endpoint): parse, keep the raw
 * message and attachments, thread by reply token, Message-ID / In-Reply-To / References or a job number in
 * the subject, link the sender's contact and account, and put unknown senders in the unmatched queue.
 * Receiving the same Message-ID twice stores it once.
 */
export async function ingestEmail(opts: {
  db: Db;
  clock: Clock;
  files: FileStore;
  settings: InboxSettings;
  raw: Buffer;
  source: InboundSource;
  envelopeTo?: string[];
}): Promise<InboundResult> {
  const { db, raw, settings } = opts;
  refuseOversized(raw, settings);
  const mail = await simpleParser(raw, { skipImageLinks: true });
  const now = opts.clock.now();
  const messageId =
    mail.messageId?.match(MESSAGE_ID)?.[0] ??
    `<${createHash('sha256').update(raw).digest('hex')}@no-message-id>`;
  const [seen] = await db
    .select({ id: inboxMessages.id, conversationId: inboxMessages.conversationId })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.direction, 'in'), eq(inboxMessages.messageId, messageId)));
  if (seen) return { status: 'duplicate', conversationId: seen.conversationId, messageId: seen.id };

  if (isBounce(mail)) {
    const ours = [...new Set(raw.toString('latin1').match(MESSAGE_ID) ?? [])].filter((id) =>
      id.endsWith(`@${settings.replyDomain}>`),
    );
    if (ours.length) {
      const reason = (mail.text ?? '').trim().slice(0, 2000) || mail.subject || 'Delivery failed';
      const bounced = await db
        .update(inboxMessages)
        .set({ bouncedAt: now, bounceReason: reason, updatedAt: now })
        .where(and(eq(inboxMessages.direction, 'out'), inArray(inboxMessages.messageId, ours)))
        .returning({
          id: inboxMessages.id,
          conversationId: inboxMessages.conversationId,
          accountId: inboxMessages.accountId,
        });
      for (const b of bounced) {
        await recordAudit(db, systemActor, {
          action: 'message.bounced',
          entityType: 'message',
          entityId: b.id,
          accountId: b.accountId,
          summary: `A reply could not be delivered: ${reason.split('\n')[0]!.slice(0, 200)}`,
        });
      }
      if (bounced.length)
        return { status: 'bounce', conversationId: bounced[0]!.conversationId, messageId: bounced[0]!.id };
    }
  }

  // Bytes first (as everywhere): a rolled-back transaction leaves only unreferenced files.
  const rawFile = await opts.files.put(raw);
  const attachments: StoredAttachment[] = [];
  for (const a of mail.attachments) {
    if (a.related && a.contentDisposition !== 'attachment') continue; // inline images of the HTML body
    const file = await opts.files.put(a.content);
    attachments.push({
      filename: a.filename ?? 'attachment',
      contentType: a.contentType,
      size: a.size,
      storageKey: file.key,
    });
  }

  const from = mail.from?.value[0];
  const fromAddress = from?.address?.toLowerCase() ?? 'unknown@invalid';
  const recipients = [
    ...addressesOf(mail.to),
    ...addressesOf(mail.cc),
    ...(opts.envelopeTo ?? []).map((a) => a.toLowerCase()),
  ];
  const token = recipients.map((r) => REPLY_TOKEN.exec(r)?.[1]).find(Boolean);
  const refs = [...new Set([...idsOf(mail.inReplyTo), ...idsOf(mail.references)])];
  const subject = (mail.subject ?? '(no subject)').trim().slice(0, 500) || '(no subject)';
  const sender = await findSender(db, fromAddress);

  let conversationId: string | null = null;
  let how: InboundResult['status'] = 'threaded';
  if (token) {
    const [c] = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.replyToken, token.toLowerCase()));
    conversationId = c?.id ?? null;
  }
  conversationId ??= await conversationByMessageIds(db, refs);
  let jobId: string | null = null;
  const jobNumber = JOB_NUMBER.exec(subject)?.[0]?.toUpperCase();
  if (!conversationId && jobNumber && sender) {
    const job = await findJobByNumber(db, jobNumber);
    if (job && job.accountId === sender.accountId) {
      jobId = job.id;
      const [open] = await db
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.jobId, job.id), ne(conversations.status, 'resolved')))
        .orderBy(desc(conversations.lastMessageAt))
        .limit(1);
      conversationId = open?.id ?? null;
    }
  }

  const hours = await shopBusinessHours(db, settings);
  if (conversationId) {
    const [c] = await db
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversationId))
      .for('update');
    const next = c!.status === 'open' && !c!.firstResponseAt ? 'open' : 'waiting_on_us';
    const change = statusChange(c!, next, now, hours);
    if (c!.status === 'resolved') {
      const due = await dueMoments(db, hours, c!.priority, sender?.segment ?? null, now);
      change.resolutionDueAt = due.resolutionDueAt;
    }
    await db
      .update(conversations)
      .set({ ...change, lastMessageAt: now, lastInboundAt: now, updatedAt: now })
      .where(eq(conversations.id, conversationId));
  } else {
    how = sender ? 'new' : 'unmatched';
    conversationId = await newConversation(db, hours, { sender, fromAddress, subject, jobId, now });
  }
  const [c] = await db.select().from(conversations).where(eq(conversations.id, conversationId));

  const [row] = await db
    .insert(inboxMessages)
    .values({
      conversationId,
      accountId: c!.accountId,
      direction: 'in',
      source: opts.source,
      messageId,
      inReplyTo: idsOf(mail.inReplyTo)[0] ?? null,
      references: idsOf(mail.references).slice(-50),
      fromAddress,
      fromName: from?.name || null,
      to: addressesOf(mail.to),
      cc: addressesOf(mail.cc),
      subject,
      text: (mail.text ?? '').slice(0, 1_000_000),
      html: typeof mail.html === 'string' ? mail.html.slice(0, 2_000_000) : null,
      rawKey: rawFile.key,
      attachments,
      at: now,
    })
    .returning({ id: inboxMessages.id });
  await recordAudit(db, systemActor, {
    action: 'message.received',
    entityType: 'conversation',
    entityId: conversationId,
    accountId: c!.accountId,
    summary: `E-mail from ${from?.name ? `${from.name} <${fromAddress}>` : fromAddress}: ${subject}`,
  });
  await emit(
    db,
    systemActor,
    'conversation.message_received',
    { entityType: 'conversation', entityId: conversationId, accountId: c!.accountId },
    {
      conversationId,
      messageId: row!.id,
      assigneeId: c!.assigneeId,
      from: from?.name || fromAddress,
      subject,
    },
  );
  return { status: how, conversationId, messageId: row!.id };
}

async function newConversation(
  db: Db,
  hours: BusinessHours,
  o: { sender: Sender | null; fromAddress: string; subject: string; jobId: string | null; now: Date },
) {
  const due = await dueMoments(db, hours, 'normal', o.sender?.segment ?? null, o.now);
  const [row] = await db
    .insert(conversations)
    .values({
      accountId: o.sender?.accountId ?? null,
      contactId: o.sender?.contactId ?? null,
      fromAddress: o.fromAddress,
      subject: o.subject.replace(/^((re|fw|fwd|aw)\s*:\s*)+/i, '') || o.subject,
      assigneeId: o.sender?.ownerId ?? null,
      jobId: o.jobId,
      replyToken: newReplyToken(),
      lastMessageAt: o.now,
      lastInboundAt: o.now,
      ...due,
      createdAt: o.now,
      updatedAt: o.now,
    })
    .returning({ id: conversations.id });
  return row!.id;
}
