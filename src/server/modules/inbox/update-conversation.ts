import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { LinkSender, UpdateConversation } from '../../../shared/inbox';
import { changedFields, recordAudit } from '../../platform/audit';
import { invalid, notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { getConversation } from './conversation-queries';
import { accountSegment, findLinkableContact, isActiveUser, jobAccountId } from './repo';
import { shopBusinessHours, type InboxSettings } from './settings';
import { dueMoments, retargetForPriority, statusChange } from './targets';
import { conversations, inboxKnownSenders, inboxMessages } from './tables';

/** Status, priority, assignee, job and tags; status moves pause and resume the resolution clock. */
export async function updateConversation(
  opts: ServiceContext & { settings: InboxSettings; id: string; input: z.output<typeof UpdateConversation> },
) {
  const { db, actor, id, input } = opts;
  const now = opts.clock.now();
  const [c] = await db.select().from(conversations).where(eq(conversations.id, id)).for('update');
  if (!c) throw notFound('Conversation');
  const hours = await shopBusinessHours(db, opts.settings);
  const set: Partial<typeof c> = {};
  if (input.status && input.status !== c.status)
    Object.assign(set, statusChange(c, input.status, now, hours));
  const reopened = c.status === 'resolved' && input.status && input.status !== 'resolved';
  const reprioritised = input.priority && input.priority !== c.priority;
  const segment = reopened || reprioritised ? await accountSegment(db, c.accountId) : null;
  // A new priority keeps the time already spent on each running clock and applies the new target to it.
  if (reprioritised)
    Object.assign(set, await retargetForPriority(db, { ...c, ...set }, input.priority!, segment, hours));
  if (reopened) {
    set.resolutionDueAt = (
      await dueMoments(db, hours, input.priority ?? c.priority, segment, now)
    ).resolutionDueAt;
  }
  if (input.priority) set.priority = input.priority;
  if (input.assigneeId !== undefined) {
    if (input.assigneeId && !(await isActiveUser(db, input.assigneeId)))
      throw invalid('The assignee is not an active user', [{ path: 'assigneeId', message: 'Unknown user' }]);
    set.assigneeId = input.assigneeId;
  }
  if (input.jobId !== undefined) {
    if (input.jobId) {
      const jobAccount = await jobAccountId(db, input.jobId);
      if (!jobAccount) throw invalid('The job was not found', [{ path: 'jobId', message: 'Unknown job' }]);
      if (c.accountId && jobAccount !== c.accountId)
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
  const resolved = after!.status === 'resolved' && c.status !== 'resolved';
  await recordAudit(db, actor, {
    action: resolved ? 'conversation.resolved' : 'conversation.updated',
    entityType: 'conversation',
    entityId: id,
    accountId: c.accountId,
    summary: resolved
      ? `Query “${c.subject}” resolved`
      : `Query “${c.subject}” changed (${changed.join(', ')})`,
    before: Object.fromEntries(changed.map((k) => [k, (c as Record<string, unknown>)[k]])),
    after: Object.fromEntries(changed.map((k) => [k, (after as Record<string, unknown>)[k]])),
  });
  return getConversation({ db, settings: opts.settings, id });
}

/**
 * Links an unmatched conversation's sender to a contact (and so the account), and remembers the address so
 * the sender's next message matches at once. Other unmatched conversations from the same address follow.
 */
export async function linkSender(
  opts: ServiceContext & { settings: InboxSettings; id: string; input: z.output<typeof LinkSender> },
) {
  const { db, actor, id, input } = opts;
  const now = opts.clock.now();
  const [c] = await db.select().from(conversations).where(eq(conversations.id, id)).for('update');
  if (!c) throw notFound('Conversation');
  const contact = await findLinkableContact(db, input.contactId);
  if (!contact)
    throw invalid('The contact was not found', [{ path: 'contactId', message: 'Unknown contact' }]);
  const address = c.fromAddress?.toLowerCase();
  if (input.remember && address) {
    await db
      .insert(inboxKnownSenders)
      .values({ address, contactId: contact.id, createdBy: actor.id })
      .onConflictDoUpdate({ target: inboxKnownSenders.address, set: { contactId: contact.id } });
  }
  const hours = await shopBusinessHours(db, opts.settings);
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
  return getConversation({ db, settings: opts.settings, id });
}
