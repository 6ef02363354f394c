import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Call,
  CallListQuery,
  ConversationDetail,
  ConversationListQuery,
  ConversationSummary,
  CreateCall,
  CreateMeeting,
  InboxMyDay,
  LinkSender,
  Meeting,
  MeetingListQuery,
  Message,
  ResponseTargets,
  SendReply,
  UpdateCall,
  UpdateConversation,
  UpdateMeeting,
} from '../../shared/inbox';
import { accountKeys } from './accounts';
import { api, qs, type Body, type Page, type Params } from './http';

type Targets = z.infer<typeof ResponseTargets>;

/** The inbox API: conversations and their messages, calls, meetings, response targets and My day. */
export const inboxApi = {
  conversations: (params: Params<typeof ConversationListQuery>) =>
    api.get<Page<ConversationSummary>>(`/conversations${qs(params)}`),
  conversation: (id: string) => api.get<ConversationDetail>(`/conversations/${id}`),
  update: (id: string, body: Body<typeof UpdateConversation>) =>
    api.patch<ConversationSummary>(`/conversations/${id}`, body),
  /** Links an unknown sender to a contact (and, with `remember`, their address from now on). */
  link: (id: string, body: Body<typeof LinkSender>) => api.post<ConversationSummary>(`/conversations/${id}/link`, body),
  reply: (id: string, body: Body<typeof SendReply>) => api.post<Message>(`/conversations/${id}/messages`, body),
  calls: (params: Params<typeof CallListQuery>) => api.get<Page<Call>>(`/calls${qs(params)}`),
  logCall: (body: Body<typeof CreateCall>) => api.post<Call>('/calls', body),
  updateCall: (id: string, body: Body<typeof UpdateCall>) => api.patch<Call>(`/calls/${id}`, body),
  meetings: (params: Params<typeof MeetingListQuery>) => api.get<Page<Meeting>>(`/meetings${qs(params)}`),
  scheduleMeeting: (body: Body<typeof CreateMeeting>) => api.post<Meeting>('/meetings', body),
  updateMeeting: (id: string, body: Body<typeof UpdateMeeting>) => api.patch<Meeting>(`/meetings/${id}`, body),
  myDay: () => api.get<InboxMyDay>('/inbox/my-day'),
  responseTargets: () => api.get<Targets>('/response-targets'),
  setResponseTargets: (body: Body<typeof ResponseTargets>) => api.put<Targets>('/response-targets', body),
};

/** Files the browser fetches itself. */
export const inboxLinks = {
  attachment: (messageId: string, index: number) => `/api/v1/messages/${messageId}/attachments/${index}`,
};

export const inboxKeys = {
  all: ['inbox'] as const,
  conversations: () => [...inboxKeys.all, 'conversations'] as const,
  list: (view: string) => [...inboxKeys.conversations(), 'list', view] as const,
  conversation: (id: string) => [...inboxKeys.conversations(), 'detail', id] as const,
  accountActivity: (accountId: string) => [...inboxKeys.all, 'account-activity', accountId] as const,
  myDay: () => [...inboxKeys.all, 'my-day'] as const,
  responseTargets: () => [...inboxKeys.all, 'response-targets'] as const,
};

/** A conversation changed: the lists and the conversation itself refresh. */
function conversationChanged(client: QueryClient, id: string) {
  void client.invalidateQueries({ queryKey: [...inboxKeys.conversations(), 'list'] });
  void client.invalidateQueries({ queryKey: inboxKeys.conversation(id) });
}

/**
 * A call or meeting changed: everything that shows them refreshes (the conversation, the account's activity
 * and timeline, My day).
 */
function activityChanged(client: QueryClient, accountId: string, conversationId: string | null) {
  if (conversationId) void client.invalidateQueries({ queryKey: inboxKeys.conversation(conversationId) });
  void client.invalidateQueries({ queryKey: [...inboxKeys.conversations(), 'list'] });
  void client.invalidateQueries({ queryKey: inboxKeys.accountActivity(accountId) });
  void client.invalidateQueries({ queryKey: accountKeys.timeline(accountId) });
  void client.invalidateQueries({ queryKey: inboxKeys.myDay() });
}

/** One view of the shared inbox (up to 100); refreshed every 30 seconds. */
export function useConversations(view: string) {
  return useQuery({
    queryKey: inboxKeys.list(view),
    queryFn: () => inboxApi.conversations({ view: view as Params<typeof ConversationListQuery>['view'], limit: 100 }),
    refetchInterval: 30_000,
  });
}

export function useConversation(id: string) {
  return useQuery({ queryKey: inboxKeys.conversation(id), queryFn: () => inboxApi.conversation(id) });
}

/** Status, assignee, priority, job or tags of a conversation. */
export function useUpdateConversation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Body<typeof UpdateConversation> & { id: string }) => inboxApi.update(id, body),
    onSuccess: (_c, { id }) => conversationChanged(client, id),
  });
}

export function useLinkSender(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (contactId: string) => inboxApi.link(id, { contactId, remember: true }),
    onSuccess: () => conversationChanged(client, id),
  });
}

export function useReply(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof SendReply>) => inboxApi.reply(id, body),
    onSuccess: () => conversationChanged(client, id),
  });
}

/** An account's latest calls and meetings (50 of each). */
export function useAccountActivity(accountId: string) {
  const calls = useQuery({
    queryKey: [...inboxKeys.accountActivity(accountId), 'calls'],
    queryFn: () => inboxApi.calls({ accountId, limit: 50 }),
  });
  const meetings = useQuery({
    queryKey: [...inboxKeys.accountActivity(accountId), 'meetings'],
    queryFn: () => inboxApi.meetings({ accountId, limit: 50 }),
  });
  return { calls, meetings };
}

/** Logs a call; an optional follow-up lands on the caller's My day. */
export function useLogCall(accountId: string, conversationId: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateCall>) => inboxApi.logCall(body),
    onSuccess: () => activityChanged(client, accountId, conversationId),
  });
}

export function useUpdateCall(call: Call) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof UpdateCall>) => inboxApi.updateCall(call.id, body),
    onSuccess: () => activityChanged(client, call.account.id, call.conversationId),
  });
}

export function useScheduleMeeting(accountId: string, conversationId: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateMeeting>) => inboxApi.scheduleMeeting(body),
    onSuccess: () => activityChanged(client, accountId, conversationId),
  });
}

/** Notes afterwards, or cancelling (attendees are told). */
export function useUpdateMeeting(meeting: Meeting) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof UpdateMeeting>) => inboxApi.updateMeeting(meeting.id, body),
    onSuccess: () => activityChanged(client, meeting.account.id, meeting.conversationId),
  });
}

/** Unanswered client messages and follow-ups due; refreshed every minute. */
export function useInboxMyDay() {
  return useQuery({ queryKey: inboxKeys.myDay(), queryFn: inboxApi.myDay, refetchInterval: 60_000 });
}

export function useResponseTargets() {
  return useQuery({ queryKey: inboxKeys.responseTargets(), queryFn: inboxApi.responseTargets });
}

/** Saves the targets; conversations' due times change with them. */
export function useSetResponseTargets() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof ResponseTargets>) => inboxApi.setResponseTargets(body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: inboxKeys.responseTargets() });
      void client.invalidateQueries({ queryKey: inboxKeys.conversations() });
    },
  });
}
