import { and, asc, desc, eq, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ConversationListQuery,
  ConversationSummary,
  LinkSender,
  Message,
  UpdateConversation,
} from '../../../shared/inbox';
import type { Actor } from '../../platform/actor';
import { recordAudit, changedFields } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import type { FileStore } from '../../platform/files';
import type { Mailer } from '../../platform/mail';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import { accounts, contacts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { mailMessages } from '../../platform/mail-tables';
import { users } from '../users/tables';
import type { BusinessHours } from '../../platform/calendar/business-hours';
import { sanitizeEmailHtml } from './sanitize';
import { dueMoments, loadBusinessHours, presentTargets, statusChange } from './targets';
import { conversations, inboxKnownSenders, inboxMessages } from './tables';

/** What the inbox needs from the running server. */
export type InboxDeps = {
  mailer: Mailer;
  files: FileStore;
  replyDomain: string;
  publicUrl: string;
  shopName: string;
  timeZone: string;
  businessHours: string;
  hours: (db: Db) => Promise<BusinessHours>;
};

/** Builds the inbox's dependencies from the configuration. */
export function inboxDeps(ctx: {
  mailer: Mailer;
  files: FileStore;
  config: {
    JOBJACKET_REPLY_DOMAIN?: string;
    MAIL_FROM: string;
    publicUrl: string;
    JOBJACKET_SHOP_NAME: string;
    JOBJACKET_TIMEZONE: string;
    JOBJACKET_BUSINESS_HOURS: string;
  };
}): InboxDeps {
  const c = ctx.config;
  const fromDomain = /@([^>\s]+)>?\s*$/.exec(c.MAIL_FROM)?.[1] ?? 'localhost';
  return {
    mailer: ctx.mailer,
    files: ctx.files,
    replyDomain: c.JOBJACKET_REPLY_DOMAIN ?? fromDomain,
    publicUrl: c.publicUrl,
    shopName: c.JOBJACKET_SHOP_NAME,
    timeZone: c.JOBJACKET_TIMEZONE,
    businessHours: c.JOBJACKET_BUSINESS_HOURS,
    hours: (db) => loadBusinessHours(db, c.JOBJACKET_BUSINESS_HOURS, c.JOBJACKET_TIMEZONE),
  };
}

export type Sender = {
  contactId: string;
  contactName: string;
  accountId: string;
  ownerId: string | null;
  segment: 'state' | 'education' | 'corporate' | 'other';
};

/** The contact an address belongs to: one a person linked from the unmatched queue, else by contact e-mails. */
export async function findSender(db: Db, address: string): Promise<Sender | null> {
  const email = address.trim().toLowerCase();
  const select = db
    .select({
      contactId: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      accountId: accounts.id,
      ownerId: accounts.ownerId,
      segment: accounts.segment,
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId));
  const [known] = await select
    .where(eq(contacts.id, sql`(select contact_id from inbox_known_senders where address = ${email})`))
    .limit(1);
  const row =
    known ??
    (
      await select
        .where(
          and(
            isNull(contacts.archivedAt),
            isNull(accounts.archivedAt),
            sql`exists (select 1 from unnest(${contacts.emails}) e where lower(e) = ${email})`,
          ),
        )
        .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt))
        .limit(1)
    )[0];
  if (!row) return null;
  return {
    contactId: row.contactId,
    contactName: `${row.firstName} ${row.lastName}`,
    accountId: row.accountId,
    ownerId: row.ownerId,
    segment: row.segment,
  };
}

const selectConversations = (db: Db) =>
  db
    .select({
      c: conversations,
      account: { id: accounts.id, name: accounts.name },
      contact: {
        id: contacts.id,
        first: contacts.firstName,
        last: contacts.lastName,
        emails: contacts.emails,
      },
      assignee: { id: users.id, name: users.name },
      job: { id: jobs.id, number: jobs.number, title: jobs.title },
    })
    .from(conversations)
    .leftJoin(accounts, eq(accounts.id, conversations.accountId))
    .leftJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .leftJoin(jobs, eq(jobs.id, conversations.jobId));
type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectConversations>['where']>>[number];

/** Conversation rows as the API shows them, with message counts, previews and target clocks. */
export async function presentConversations(
  db: Db,
  rows: SelectedRow[],
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

export async function getConversationRow(db: Db, id: string) {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  if (!row) throw notFound('Conversation');
  return row;
}

export async function getConversation(db: Db, deps: InboxDeps, id: string) {
  const rows = await selectConversations(db).where(eq(conversations.id, id));
  if (!rows.length) throw notFound('Conversation');
  return (await presentConversations(db, rows, await deps.hours(db)))[0]!;
}

/** The shared inbox's views: mine, unassigned, unmatched senders, everything open, or all. */
export async function listConversations(
  db: Db,
  deps: InboxDeps,
  actor: Actor,
  q: z.output<typeof ConversationListQuery>,
): Promise<Page<ConversationSummary>> {
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
    items: await presentConversations(db, page, await deps.hours(db)),
    nextCursor:
      rows.length > q.limit && last ? encodeCursor([last.lastMessageAt.toISOString(), last.id]) : null,
  };
}

/** Messages of a conversation, oldest first, with delivery status and sanitised HTML. */
export async function listMessages(db: Db, conversationId: string, remoteImages = false): Promise<Message[]> {
  const rows = await db
    .select({
      m: inboxMessages,
      mail: { status: mailMessages.status, error: mailMessages.error },
      author: users.name,
    })
    .from(inboxMessages)
    .leftJoin(mailMessages, eq(mailMessages.id, inboxMessages.mailMessageId))
    .leftJoin(users, eq(users.id, inboxMessages.authorId))
    .where(eq(inboxMessages.conversationId, conversationId))
    .orderBy(asc(inboxMessages.at), asc(inboxMessages.createdAt));
  return rows.map(({ m, mail, author }) => {
    const safe = m.html ? sanitizeEmailHtml(m.html, { remoteImages }) : null;
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

export async function getMessageRow(db: Db, id: string) {
  const [row] = await db.select().from(inboxMessages).where(eq(inboxMessages.id, id));
  if (!row) throw notFound('Message');
  return row;
}

/** Status, priority, assignee, job and tags; status moves pause and resume the resolution clock. */
export async function updateConversation(
  db: Db,
  deps: InboxDeps,
  actor: Actor,
  id: string,
  input: z.output<typeof UpdateConversation>,
  now = new Date(),
) {
  const [c] = await db.select().from(conversations).where(eq(conversations.id, id)).for('update');
  if (!c) throw notFound('Conversation');
  const hours = await deps.hours(db);
  const set: Partial<typeof c> = {};
  if (input.status && input.status !== c.status)
    Object.assign(set, statusChange(c, input.status, now, hours));
  if (c.status === 'resolved' && input.status && input.status !== 'resolved') {
    const segment = c.accountId
      ? ((await db.select({ s: accounts.segment }).from(accounts).where(eq(accounts.id, c.accountId)))[0]
          ?.s ?? null)
      : null;
    set.resolutionDueAt = (
      await dueMoments(db, hours, input.priority ?? c.priority, segment, now)
    ).resolutionDueAt;
  }
  if (input.priority) set.priority = input.priority;
  if (input.assigneeId !== undefined) {
    if (input.assigneeId) {
      const [u] = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, input.assigneeId), eq(users.active, true)));
      if (!u)
        throw invalid('The assignee is not an active user', [
          { path: 'assigneeId', message: 'Unknown user' },
        ]);
    }
    set.assigneeId = input.assigneeId;
  }
  if (input.jobId !== undefined) {
    if (input.jobId) {
      const [j] = await db.select({ accountId: jobs.accountId }).from(jobs).where(eq(jobs.id, input.jobId));
      if (!j) throw invalid('The job was not found', [{ path: 'jobId', message: 'Unknown job' }]);
      if (c.accountId && j.accountId !== c.accountId)
        throw invalid('The job belongs to another client', [
          { path: 'jobId', message: 'Another client’s job' },
        ]);
    }
    set.jobId = input.jobId;
  }
  if (input.tags) set.tags = [...new Set(input.tags.map((t) => t.toLowerCase()))];
  if (input.subject) set.subject = input.subject;
  const [after] = await db
    .update(conversations)
    .set({ ...set, updatedAt: now })
    .where(eq(conversations.id, id))
    .returning();
  const changed = changedFields(c as Record<string, unknown>, after as Record<string, unknown>);
  await recordAudit(db, actor, {
    action:
      after!.status === 'resolved' && c.status !== 'resolved'
        ? 'conversation.resolved'
        : 'conversation.updated',
    entityType: 'conversation',
    entityId: id,
    accountId: c.accountId,
    summary:
      after!.status === 'resolved' && c.status !== 'resolved'
        ? `Query “${c.subject}” resolved`
        : `Query “${c.subject}” changed (${changed.join(', ')})`,
    before: Object.fromEntries(changed.map((k) => [k, (c as Record<string, unknown>)[k]])),
    after: Object.fromEntries(changed.map((k) => [k, (after as Record<string, unknown>)[k]])),
  });
  return getConversation(db, deps, id);
}

/**
 * Links an unmatched conversation's sender to a contact (and so the account), and remembers the address so
 * the sender's next message matches at once. Other unmatched conversations from the same address follow.
 */
export async function linkSender(
  db: Db,
  deps: InboxDeps,
  actor: Actor,
  id: string,
  input: z.output<typeof LinkSender>,
  now = new Date(),
) {
  const [c] = await db.select().from(conversations).where(eq(conversations.id, id)).for('update');
  if (!c) throw notFound('Conversation');
  const [contact] = await db
    .select({
      id: contacts.id,
      accountId: contacts.accountId,
      ownerId: accounts.ownerId,
      segment: accounts.segment,
      name: sql<string>`${contacts.firstName} || ' ' || ${contacts.lastName}`,
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(and(eq(contacts.id, input.contactId), isNull(contacts.archivedAt)));
  if (!contact)
    throw invalid('The contact was not found', [{ path: 'contactId', message: 'Unknown contact' }]);
  const address = c.fromAddress?.toLowerCase();
  if (input.remember && address) {
    await db
      .insert(inboxKnownSenders)
      .values({ address, contactId: contact.id, createdBy: actor.id })
      .onConflictDoUpdate({ target: inboxKnownSenders.address, set: { contactId: contact.id } });
  }
  const hours = await deps.hours(db);
  const targets = await db
    .select()
    .from(conversations)
    .where(
      input.remember && address
        ? and(isNull(conversations.accountId), eq(conversations.fromAddress, address))
        : eq(conversations.id, id),
    );
  for (const t of targets.length ? targets : [c]) {
    const due = await dueMoments(db, hours, t.priority, contact.segment, t.createdAt);
    await db
      .update(conversations)
      .set({
        accountId: contact.accountId,
        contactId: contact.id,
        assigneeId: t.assigneeId ?? contact.ownerId,
        firstResponseDueAt: t.firstResponseDueAt ?? due.firstResponseDueAt,
        resolutionDueAt: t.resolutionDueAt ?? due.resolutionDueAt,
        updatedAt: now,
      })
      .where(eq(conversations.id, t.id));
    await db
      .update(inboxMessages)
      .set({ accountId: contact.accountId })
      .where(eq(inboxMessages.conversationId, t.id));
    await recordAudit(db, actor, {
      action: 'conversation.linked',
      entityType: 'conversation',
      entityId: t.id,
      accountId: contact.accountId,
      summary: `E-mail from ${address ?? 'an unknown sender'} linked to ${contact.name}${input.remember ? ' (address remembered)' : ''}`,
      after: { contactId: contact.id, remember: input.remember },
    });
  }
  return getConversation(db, deps, id);
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
