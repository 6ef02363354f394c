import { and, asc, desc, eq, isNotNull, isNull, lt, lte, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { Call, CallListQuery, CreateCall, UpdateCall } from '../../../shared/inbox';
import { recordAudit } from '../../platform/audit';
import { emitContacted } from './contacted';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import type { ServiceContext } from '../../platform/service-context';
import { checkParties } from './check-parties';
import { selectCalls, type CallRow } from './repo';
import { calls, conversations } from './tables';

const presentCall = ({ c, account, contact, user }: CallRow): Call => ({
  id: c.id,
  account,
  contact: contact?.id ? { id: contact.id, name: `${contact.first} ${contact.last}` } : null,
  conversationId: c.conversationId,
  direction: c.direction,
  durationMinutes: c.durationMinutes,
  summary: c.summary,
  occurredAt: c.occurredAt.toISOString(),
  followUp:
    c.followUpTask && c.followUpDueOn
      ? { task: c.followUpTask, dueOn: c.followUpDueOn, doneAt: c.followUpDoneAt?.toISOString() ?? null }
      : null,
  loggedBy: user,
});

/** One logged call. */
export async function getCall(db: Db, id: string) {
  const [row] = await selectCalls(db).where(eq(calls.id, id));
  if (!row) throw notFound('Call');
  return presentCall(row);
}

/** The calls logged on a conversation, oldest first. */
export async function callsOfConversation(db: Db, conversationId: string) {
  const rows = await selectCalls(db)
    .where(eq(calls.conversationId, conversationId))
    .orderBy(asc(calls.occurredAt));
  return rows.map(presentCall);
}

/** Logs a phone call; a follow-up task with a due date lands on the caller's My day. */
export async function logCall(opts: ServiceContext & { input: z.output<typeof CreateCall> }) {
  const { db, actor, input } = opts;
  const now = opts.clock.now();
  await checkParties(db, input.accountId, [input.contactId], input.conversationId);
  const [row] = await db
    .insert(calls)
    .values({
      accountId: input.accountId,
      contactId: input.contactId ?? null,
      conversationId: input.conversationId ?? null,
      direction: input.direction,
      durationMinutes: input.durationMinutes,
      summary: input.summary,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : now,
      followUpTask: input.followUp?.task ?? null,
      followUpDueOn: input.followUp?.dueOn ?? null,
      userId: actor.id,
    })
    .returning();
  if (input.conversationId) {
    // A call answers the client as much as an e-mail does.
    await db
      .update(conversations)
      .set({ lastMessageAt: now, updatedAt: now })
      .where(eq(conversations.id, input.conversationId));
    await db
      .update(conversations)
      .set({ firstResponseAt: now })
      .where(and(eq(conversations.id, input.conversationId), isNull(conversations.firstResponseAt)));
  }
  await recordAudit(db, actor, {
    action: 'call.logged',
    entityType: 'call',
    entityId: row!.id,
    accountId: input.accountId,
    summary: `${input.direction === 'inbound' ? 'Call from the client' : 'Call to the client'} (${input.durationMinutes} min): ${input.summary.slice(0, 140)}`,
    after: { ...input },
  });
  await emitContacted(db, actor, input.accountId, row!.occurredAt, 'call', now);
  return getCall(db, row!.id);
}

/** Marks a call's follow-up done (or not), or corrects its summary. */
export async function updateCall(opts: ServiceContext & { id: string; input: z.output<typeof UpdateCall> }) {
  const { db, actor, id, input } = opts;
  const now = opts.clock.now();
  const [before] = await db.select().from(calls).where(eq(calls.id, id)).for('update');
  if (!before) throw notFound('Call');
  if (input.followUpDone !== undefined && !before.followUpTask)
    throw invalid('This call has no follow-up', [{ path: 'followUpDone', message: 'No follow-up task' }]);
  await db
    .update(calls)
    .set({
      ...(input.summary ? { summary: input.summary } : {}),
      ...(input.followUpDone !== undefined ? { followUpDoneAt: input.followUpDone ? now : null } : {}),
      updatedAt: now,
    })
    .where(eq(calls.id, id));
  await recordAudit(db, actor, {
    action: input.followUpDone ? 'call.follow-up-done' : 'call.updated',
    entityType: 'call',
    entityId: id,
    accountId: before.accountId,
    summary: input.followUpDone ? `Follow-up done: ${before.followUpTask}` : 'Call notes changed',
    before: { summary: before.summary, followUpDoneAt: before.followUpDoneAt },
    after: input,
  });
  return getCall(db, id);
}

const followUpDueBy = (userId: string | null, by: string) =>
  and(
    eq(calls.userId, userId ?? '00000000-0000-0000-0000-000000000000'),
    isNotNull(calls.followUpTask),
    isNull(calls.followUpDoneAt),
    lte(calls.followUpDueOn, by),
  );

/** Logged calls, newest first, or the actor's follow-ups due by today. */
export async function listCalls(
  opts: ServiceContext & { query: z.output<typeof CallListQuery> },
): Promise<Page<Call>> {
  const { db, query: q } = opts;
  const after = q.cursor ? decodeCursor(q.cursor, 2) : null;
  const rows = await selectCalls(db)
    .where(
      and(
        q.accountId ? eq(calls.accountId, q.accountId) : undefined,
        q.followUpsDue === 'true' ? followUpDueBy(opts.actor.id, opts.clock.today()) : undefined,
        after
          ? or(
              lt(calls.occurredAt, new Date(String(after[0]))),
              and(eq(calls.occurredAt, new Date(String(after[0]))), lt(calls.id, String(after[1]))),
            )
          : undefined,
      ),
    )
    .orderBy(desc(calls.occurredAt), desc(calls.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1)?.c;
  return {
    items: page.map(presentCall),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.occurredAt.toISOString(), last.id]) : null,
  };
}

/** Open follow-ups of a user due by a date, soonest first. */
export async function followUpsDue(db: Db, userId: string, by: string) {
  const rows = await selectCalls(db)
    .where(followUpDueBy(userId, by))
    .orderBy(asc(calls.followUpDueOn))
    .limit(100);
  return rows.map(presentCall);
}
