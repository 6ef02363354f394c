import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { accounts } from '../accounts/tables';
import { jobs } from '../jobs/tables';
import { users } from '../users/tables';
import { conversations } from '../inbox/tables';
import { orders } from '../portals/tables';

export type EscalationHistoryEntry = { at: string; kind: string; text: string; actor: string };

export const escalations = pgTable(
  'escalations',
  {
    ...baseColumns(),
    number: text('number').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    jobId: uuid('job_id').references(() => jobs.id),
    /** A portal order; its job (if it has one yet) is linked too, so the job's due date counts. */
    orderId: uuid('order_id').references(() => orders.id),
    title: text('title').notNull(),
    description: text('description'),
    severity: text('severity', { enum: ['S1', 'S2', 'S3', 'S4'] }).notNull(),
    category: text('category', {
      enum: ['quality', 'delay', 'billing_dispute', 'service', 'other'],
    }).notNull(),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    level: integer('level').notNull().default(1),
    ownerId: uuid('owner_id').references(() => users.id),
    dueAt: moment('due_at').notNull(),
    automatic: text('automatic'),
    rootCause: text('root_cause'),
    correctiveAction: text('corrective_action'),
    resolvedAt: moment('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    history: jsonb('history').$type<EscalationHistoryEntry[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex('escalations_number_key').on(t.number),
    index('escalations_owner_idx').on(t.ownerId, t.status),
    index('escalations_status_idx').on(t.status, t.dueAt),
    index('escalations_account_idx').on(t.accountId),
    index('escalations_conversation_idx').on(t.conversationId),
    index('escalations_job_idx').on(t.jobId),
    index('escalations_order_idx').on(t.orderId),
  ],
);

/**
 * One row per breach acted on. The unique key is what makes automatic escalation happen exactly once per
 * breach however many workers run the check: the row is inserted in the escalating transaction. Subjects:
 * a conversation (missed targets), an escalation (due-by, its job late) and a job (late with no open
 * escalation; also claimed when an open escalation of the job is raised for it, so the job's lateness is
 * acted on once either way).
 */
export const escalationBreaches = pgTable(
  'escalation_breaches',
  {
    ...baseColumns(),
    subjectType: text('subject_type', { enum: ['conversation', 'escalation', 'job'] }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    kind: text('kind', { enum: ['first_response', 'resolution', 'due_by', 'job_due'] }).notNull(),
    level: integer('level').notNull(),
    escalationId: uuid('escalation_id').references(() => escalations.id),
  },
  (t) => [uniqueIndex('escalation_breaches_key').on(t.subjectType, t.subjectId, t.kind, t.level)],
);

/** The escalation path, configurable by admins; with no rows, AM → manager → operations director. */
export const escalationLevels = pgTable('escalation_levels', {
  level: integer('level').primaryKey(),
  label: text('label').notNull(),
  owner: text('owner', { enum: ['account_manager', 'manager', 'admin', 'user'] }).notNull(),
  userId: uuid('user_id').references(() => users.id),
  updatedAt: moment('updated_at').notNull().defaultNow(),
});
