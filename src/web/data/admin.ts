import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AuditEvent,
  AuditQuery,
  MailMessage,
  MailQuery,
  MailSummary,
  MailTemplate,
  MailTemplateInput,
  NotificationList,
} from '../../shared/audit';
import { api, qs, useCursorList, type Body, type Filters, type Page, type Params } from './http';

/** The platform's API as the web app uses it: the audit log, the outbox, e-mail templates, notifications. */
export const adminApi = {
  auditEvents: (params: Params<typeof AuditQuery>) => api.get<Page<AuditEvent>>(`/audit-events${qs(params)}`),
  mailMessages: (params: Params<typeof MailQuery>) => api.get<Page<MailMessage>>(`/mail-messages${qs(params)}`),
  mailSummary: () => api.get<MailSummary>('/mail-messages/summary'),
  resendMail: (id: string) => api.post<MailMessage>(`/mail-messages/${id}/resend`),
  mailTemplates: () => api.get<{ items: MailTemplate[] }>('/mail-templates'),
  saveMailTemplate: (key: string, body: Body<typeof MailTemplateInput>) =>
    api.put<MailTemplate>(`/mail-templates/${key}`, body),
  notifications: () => api.get<z.infer<typeof NotificationList>>('/notifications'),
  readNotification: (id: string) => api.post<null>(`/notifications/${id}/read`),
  readAllNotifications: () => api.post<null>('/notifications/read-all'),
};

type AuditFilters = Filters<typeof AuditQuery>;
type MailFilters = Filters<typeof MailQuery>;

export const adminKeys = {
  audit: (filters: AuditFilters) => ['audit', filters] as const,
  outbox: (filters: MailFilters) => ['mail-messages', filters] as const,
  outboxSummary: () => ['mail-messages', 'summary'] as const,
  mailTemplates: () => ['mail-templates'] as const,
  notifications: () => ['notifications'] as const,
};

/** The audit log, newest first, page by page. */
export function useAuditEvents(filters: AuditFilters) {
  return useCursorList(adminKeys.audit(filters), (cursor) => adminApi.auditEvents({ ...filters, cursor }));
}

/** Outbound e-mail, newest first, page by page. */
export function useMailMessages(filters: MailFilters) {
  return useCursorList(adminKeys.outbox(filters), (cursor) => adminApi.mailMessages({ ...filters, cursor }));
}

/** How much mail waits and how much failed; refreshed every half minute while the outbox is open. */
export function useMailSummary() {
  return useQuery({ queryKey: adminKeys.outboxSummary(), queryFn: adminApi.mailSummary, refetchInterval: 30_000 });
}

/** Sends a failed message again; the outbox list and its counts refresh. */
export function useResendMail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: adminApi.resendMail,
    onSuccess: () => client.invalidateQueries({ queryKey: ['mail-messages'] }),
  });
}

export function useMailTemplates() {
  return useQuery({ queryKey: adminKeys.mailTemplates(), queryFn: adminApi.mailTemplates });
}

export function useSaveMailTemplate(key: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof MailTemplateInput>) => adminApi.saveMailTemplate(key, body),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.mailTemplates() }),
  });
}

/** The signed-in user's notifications and unread count; refreshed every minute. */
export function useNotifications() {
  return useQuery({ queryKey: adminKeys.notifications(), queryFn: adminApi.notifications, refetchInterval: 60_000 });
}

/** Marks one notification read (or, without an id, all of them); a failure is not worth an error. */
export function useReadNotifications() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id?: string) => {
      await (id ? adminApi.readNotification(id) : adminApi.readAllNotifications());
    },
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.notifications() }),
  });
}
