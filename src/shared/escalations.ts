import { z } from 'zod';
import { ListQuery, optionalText, trimmed } from './common';

export const Severity = z.enum(['S1', 'S2', 'S3', 'S4']);
export type Severity = z.infer<typeof Severity>;
export const severityLabels: Record<Severity, string> = {
  S1: 'S1 — critical',
  S2: 'S2 — major',
  S3: 'S3 — moderate',
  S4: 'S4 — minor',
};
export const EscalationCategory = z.enum(['quality', 'delay', 'billing_dispute', 'service', 'other']);
export type EscalationCategory = z.infer<typeof EscalationCategory>;
export const categoryLabels: Record<EscalationCategory, string> = {
  quality: 'Quality',
  delay: 'Delay',
  billing_dispute: 'Billing dispute',
  service: 'Service',
  other: 'Other',
};

const Ref = z.object({ id: z.uuid(), name: z.string() });

export const EscalationEvent = z.object({
  at: z.string(),
  kind: z.string(),
  text: z.string(),
  actor: z.string(),
});

export const Escalation = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  severity: Severity,
  category: EscalationCategory,
  status: z.enum(['open', 'resolved']),
  level: z.number().int(),
  levelLabel: z.string(),
  owner: Ref.nullable(),
  account: Ref,
  conversation: z.object({ id: z.uuid(), subject: z.string() }).nullable(),
  job: z.object({ id: z.uuid(), number: z.string(), title: z.string(), dueDate: z.string() }).nullable(),
  /** The portal order escalated, if any. */
  order: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  dueAt: z.string(),
  overdue: z.boolean(),
  automatic: z.boolean(),
  rootCause: z.string().nullable(),
  correctiveAction: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  history: z.array(EscalationEvent),
  createdAt: z.string(),
});
export type Escalation = z.infer<typeof Escalation>;

export const CreateEscalation = z
  .object({
    title: trimmed(300),
    description: optionalText(10_000),
    severity: Severity,
    category: EscalationCategory,
    conversationId: z.uuid().optional(),
    jobId: z.uuid().optional(),
    /** A portal order; its job, when it has one, is linked too. */
    orderId: z.uuid().optional(),
    accountId: z.uuid().optional(),
    ownerId: z.uuid().optional(),
  })
  .strict()
  .refine((v) => v.conversationId || v.jobId || v.orderId || v.accountId, {
    message: 'Escalate a conversation, a job, an order or an account',
    path: ['conversationId'],
  });

export const UpdateEscalation = z
  .object({
    severity: Severity.optional(),
    category: EscalationCategory.optional(),
    ownerId: z.uuid().optional(),
    title: trimmed(300).optional(),
    description: optionalText(10_000),
    /** Raise by hand to the next level. */
    raise: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change');

export const ResolveEscalation = z
  .object({ rootCause: trimmed(5000), correctiveAction: trimmed(5000) })
  .strict();

export const EscalationListQuery = ListQuery.extend({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  mine: z.enum(['true', 'false']).optional(),
  accountId: z.uuid().optional(),
  orderId: z.uuid().optional(),
  jobId: z.uuid().optional(),
  severity: Severity.optional(),
}).strict();

export const EscalationLevel = z
  .object({
    level: z.number().int().min(1).max(10),
    label: trimmed(80),
    /** Who owns an escalation at this level: the account's manager, the first active user of a role, or a named user. */
    owner: z.enum(['account_manager', 'manager', 'admin', 'user']),
    userId: z.uuid().nullable(),
  })
  .strict();
export type EscalationLevel = z.infer<typeof EscalationLevel>;
export const EscalationLevels = z.object({ items: z.array(EscalationLevel).min(1).max(10) }).strict();
