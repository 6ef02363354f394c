import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ConversationListQuery, ConversationSummary, Message } from '../../../shared/inbox';
import type { Actor } from '../../platform/actor';
import type { BusinessHours } from '../../platform/calendar/business-hours';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import { selectConversations, selectMessages, type ConversationRow } from './repo';
import { sanitizeEmailHtml } from './sanitize';
import { shopBusinessHours, type InboxSettings } from './settings';
import { presentTargets } from './targets';
import { conversations, inboxMessages } from './tables';

/** Conversation rows as the API shows them, with message counts, previews and target clocks. */
export async function presentConversations(
  db: Db,
  rows: ConversationRow[],
  hours: BusinessHours,
  now = new Date(),
): Promise<ConversationSummary[]> {
  const ids = rows.map((r) => r.c.id);
  const stats = new Map<string, { n: number; preview: string }>();
  if (ids.length) {
    const result = (await db.execute(sql`
      select distinct on (conversation_id) conversation_id as id,
        count(*) over (partition by conversation_id)::int as n, left(text, 200) as preview
      from inbox_messages where conversation_id in ${ids}
      order by conversation_id, at desc`)) as unknown as {
      rows: { id: string; n: number; preview: string }[];
    };
    for (const r of result.rows) stats.set(r.id, { n: r.n, preview: r.preview });
  }
  return rows.map(({ c, account, contact, assignee, job }) => ({
    id: c.id,
    subject: c.subject,
    status: c.status,
    priority: c.priority,
    account: account?.id ? account : null,
    contact: contact?.id
      ? {
          id: contact.id,
          name: `${contact.first} ${contact.last}`,
          email:
            c.fromAddress && contact.emails.some((e) => e.toLowerCase() === c.fromAddress)
              ? c.fromAddress
              : (contact.emails[0] ?? null),
        }
      : null,
    fromAddress: c.fromAddress,
    assignee: assignee?.id ? assignee : null,
    job: job?.id ? job : null,
    tags: c.tags,
    lastMessageAt: c.lastMessageAt.toISOString(),
    lastInboundAt: c.lastInboundAt?.toISOString() ?? null,
    preview: (stats.get(c.id)?.preview ?? '').replace(/\s+/g, ' ').trim(),
    messageCount: stats.get(c.id)?.n ?? 0,
    ...presentTargets(c, now, hours),
    createdAt: c.createdAt.toISOString(),
  }));
}

/** The stored conversation (for services that change it). */
export async function getConversationRow(db: Db, id: string) {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  if (!row) throw notFound('Conversation');
  return row;
}

/** One conversation as the API shows it. */
export async function getConversation(opts: { db: Db; settings: InboxSettings; id: string }) {
  const { db, id } = opts;
  const rows = await selectConversations(db).where(eq(conversations.id, id));
  if (!rows.length) throw notFound('Conversation');
  return (await presentConversations(db, rows, await shopBusinessHours(db, opts.settings)))[0]!;
}

/** The shared inbox's views: mine, unassigned, unmatched senders, everything open, or all. */
export async function listConversations(opts: {
  db: Db;
  actor: Actor;
  settings: InboxSettings;
  query: z.output<typeof ConversationListQuery>;
}): Promise<Page<ConversationSummary>> {
  const { db, actor, query: q } = opts;
  const after = q.cursor ? decodeCursor(q.cursor, 2) : null;
  const view: Record<typeof q.view, SQL | undefined> = {
    mine: and(
      eq(conversations.assigneeId, actor.id ?? '00000000-0000-0000-0000-000000000000'),
      ne(conversations.status, 'resolved'),
    ),
    unassigned: and(isNull(conversations.assigneeId), ne(conversations.status, 'resolved')),
    unmatched: isNull(conversations.accountId),
    open: ne(conversations.status, 'resolved'),
    all: undefined,
  };
  const rows = await selectConversations(db)
    .where(
      and(
        view[q.view],
        q.status ? eq(conversations.status, q.status) : undefined,
        q.accountId ? eq(conversations.accountId, q.accountId) : undefined,
        q.jobId ? eq(conversations.jobId, q.jobId) : undefined,
        q.tag ? sql`${q.tag} = any(${conversations.tags})` : undefined,
        after
          ? or(
              lt(conversations.lastMessageAt, new Date(String(after[0]))),
              and(
                eq(conversations.lastMessageAt, new Date(String(after[0]))),
                lt(conversations.id, String(after[1])),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1)?.c;
  return {
    items: await presentConversations(db, page, await shopBusinessHours(db, opts.settings)),
    nextCursor:
      rows.length > q.limit && last ? encodeCursor([last.lastMessageAt.toISOString(), last.id]) : null,
  };
}

/** A user's client messages waiting on us, oldest first (My day). */
export async function unansweredConversations(opts: { db: Db; settings: InboxSettings; userId: string }) {
  const { db } = opts;
  const rows = await selectConversations(db)
    .where(
      and(
        eq(conversations.assigneeId, opts.userId),
        inArray(conversations.status, ['open', 'waiting_on_us']),
        isNotNull(conversations.lastInboundAt),
      ),
    )
    .orderBy(asc(conversations.lastInboundAt))
    .limit(100);
  return presentConversations(db, rows, await shopBusinessHours(db, opts.settings));
}

/** Messages of a conversation, oldest first, with delivery status and sanitised HTML. */
export async function listMessages(opts: {
  db: Db;
  conversationId: string;
  remoteImages?: boolean;
}): Promise<Message[]> {
  const rows = await selectMessages(opts.db)
    .where(eq(inboxMessages.conversationId, opts.conversationId))
    .orderBy(asc(inboxMessages.at), asc(inboxMessages.createdAt));
  return rows.map(({ m, mail, author }) => {
    const safe = m.html ? sanitizeEmailHtml(m.html, { remoteImages: opts.remoteImages ?? false }) : null;
    return {
      id: m.id,
      conversationId: m.conversationId,
      direction: m.direction,
      messageId: m.messageId,
      inReplyTo: m.inReplyTo,
      references: m.references,
      from: m.fromAddress,
      fromName: m.fromName,
      to: m.to,
      cc: m.cc,
      subject: m.subject,
      text: m.text,
      safeHtml: safe?.html ?? null,
      remoteImagesBlocked: safe?.remoteImagesBlocked ?? false,
      attachments: m.attachments.map((a, index) => ({
        index,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
      })),
      status: m.direction === 'in' ? 'received' : m.bouncedAt ? 'bounced' : (mail?.status ?? 'queued'),
      error: m.bounceReason ?? mail?.error ?? null,
      author,
      source: m.source,
      at: m.at.toISOString(),
    };
  });
}

/** One stored message (raw source and attachments are read through it). */
export async function getMessageRow(db: Db, id: string) {
  const [row] = await db.select().from(inboxMessages).where(eq(inboxMessages.id, id));
  if (!row) throw notFound('Message');
  return row;
}

/** Conversation ids of a set of message ids (for threading by Message-ID, In-Reply-To and References). */
export async function conversationByMessageIds(db: Db, messageIds: string[]) {
  if (!messageIds.length) return null;
  const [row] = await db
    .select({ id: inboxMessages.conversationId })
    .from(inboxMessages)
    .where(inArray(inboxMessages.messageId, messageIds))
    .orderBy(desc(inboxMessages.at))
    .limit(1);
  return row?.id ?? null;
}

// Queries other modules (escalations) use instead of reading the conversations table.

/** What a conversation links to — its client and job — or null when there is no such conversation. */
export async function findConversationLinks(db: Db, id: string) {
  const [row] = await db
    .select({
      id: conversations.id,
      subject: conversations.subject,
      accountId: conversations.accountId,
      jobId: conversations.jobId,
    })
    .from(conversations)
    .where(eq(conversations.id, id));
  return row ?? null;
}

/** The subjects of a set of conversations, by id. */
export async function conversationSubjects(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .select({ id: conversations.id, subject: conversations.subject })
    .from(conversations)
    .where(inArray(conversations.id, unique));
  return new Map(rows.map((r) => [r.id, r.subject]));
}

/**
 * Open conversations of known clients, not waiting on the client, past their first-response or resolution
 * due time at `now` — a page in id order after `afterId`, for a caller that filters what it has acted on.
 */
export async function conversationsPastTarget(
  db: Db,
  opts: { now: Date; afterId: string | null; limit: number },
) {
  const { now } = opts;
  return db
    .select({
      id: conversations.id,
      subject: conversations.subject,
      priority: conversations.priority,
      firstResponseAt: conversations.firstResponseAt,
      firstResponseDueAt: conversations.firstResponseDueAt,
    })
    .from(conversations)
    .where(
      and(
        isNotNull(conversations.accountId),
        ne(conversations.status, 'resolved'),
        ne(conversations.status, 'waiting_on_client'),
        or(
          and(isNull(conversations.firstResponseAt), lt(conversations.firstResponseDueAt, now)),
          lt(conversations.resolutionDueAt, now),
        ),
        opts.afterId ? gt(conversations.id, opts.afterId) : undefined,
      ),
    )
    .orderBy(asc(conversations.id))
    .limit(opts.limit);
}
