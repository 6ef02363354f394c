import { z } from 'zod';
import { ListQuery } from './common';

export const AuditEvent = z.object({
  id: z.uuid(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.uuid().nullable(),
  accountId: z.uuid().nullable(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = ListQuery.extend({
  entityType: z.string().max(60).optional(),
  entityId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(80).optional(),
}).strict();

/** `outbox`: held because no SMTP server was set; sent once one is. `sending`: claimed by a worker. */
export const MailStatus = z.enum(['queued', 'sending', 'sent', 'outbox', 'failed']);
export const MailMessage = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: MailStatus,
  error: z.string().nullable(),
  attempts: z.number().int(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type MailMessage = z.infer<typeof MailMessage>;
export const MailQuery = ListQuery.extend({
  status: MailStatus.optional(),
}).strict();
/** How much mail waits and whether this server can send it (the outbox's header). */
export const MailSummary = z.object({
  /** Queued, being sent, or held in the outbox because no SMTP server was set. */
  waiting: z.number().int(),
  failed: z.number().int(),
  smtpConfigured: z.boolean(),
});
export type MailSummary = z.infer<typeof MailSummary>;

export const Notification = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationList = z.object({ items: z.array(Notification), unread: z.number().int() });

export const MailTemplate = z.object({
  key: z.string(),
  name: z.string(),
  subject: z.string(),
  body: z.string(),
  fields: z.array(z.object({ name: z.string(), description: z.string() })),
  customised: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type MailTemplate = z.infer<typeof MailTemplate>;
export const MailTemplateInput = z
  .object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000) })
  .strict();
export const MailTemplateParams = z.object({ key: z.string().regex(/^[a-z][a-z0-9.-]{1,60}$/) }).strict();
