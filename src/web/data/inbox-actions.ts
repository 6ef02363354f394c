import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Escalation } from '../../shared/escalations';
import type {
  EscalateConversation,
  SaveAttachmentToJob,
  SenderSuggestion,
  SenderToClient,
  SenderToClientResult,
} from '../../shared/inbox-actions';
import type { JobFile } from '../../shared/jobs';
import { accountKeys } from './accounts';
import { escalationKeys } from './escalations';
import { api, type Body } from './http';
import { inboxKeys } from './inbox';
import { jobKeys, jobsApi } from './jobs';

/** The inbox's hand-offs: an attachment to a job, an unknown sender to a client, a thread to an escalation. */
export const inboxActionsApi = {
  saveAttachment: (messageId: string, index: number, body: Body<typeof SaveAttachmentToJob>) =>
    api.post<JobFile>(`/messages/${messageId}/attachments/${index}/save-to-job`, body),
  senderSuggestion: (conversationId: string) =>
    api.get<SenderSuggestion>(`/conversations/${conversationId}/sender`),
  senderToClient: (conversationId: string, body: Body<typeof SenderToClient>) =>
    api.post<SenderToClientResult>(`/conversations/${conversationId}/sender`, body),
  escalate: (conversationId: string, body: Body<typeof EscalateConversation>) =>
    api.post<Escalation>(`/conversations/${conversationId}/escalate`, body),
};

/** Saves one attachment of a message into a job's files; the job's file list refreshes. */
export function useSaveAttachment(conversationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      messageId,
      index,
      ...body
    }: Body<typeof SaveAttachmentToJob> & { messageId: string; index: number; jobId: string }) =>
      inboxActionsApi.saveAttachment(messageId, index, body),
    onSuccess: (_file, v) => {
      void client.invalidateQueries({ queryKey: jobKeys.files(v.jobId) });
      void client.invalidateQueries({ queryKey: jobKeys.activity(v.jobId) });
      void client.invalidateQueries({ queryKey: inboxKeys.conversation(conversationId) });
    },
  });
}

/** Who an unknown sender may be (a name, accounts by e-mail domain). */
export function useSenderSuggestion(conversationId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...inboxKeys.conversation(conversationId), 'sender'],
    queryFn: () => inboxActionsApi.senderSuggestion(conversationId),
    enabled,
  });
}

/** Makes the sender a contact (of a chosen or new account) and links the conversation. */
export function useSenderToClient(conversationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof SenderToClient>) => inboxActionsApi.senderToClient(conversationId, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: inboxKeys.conversations() });
      void client.invalidateQueries({ queryKey: accountKeys.all });
    },
  });
}

/** Escalates a conversation (an unmatched one with its sender's client named in the same request). */
export function useEscalateConversation(conversationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof EscalateConversation>) => inboxActionsApi.escalate(conversationId, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: inboxKeys.conversations() });
      void client.invalidateQueries({ queryKey: accountKeys.all });
      void client.invalidateQueries({ queryKey: escalationKeys.all });
    },
  });
}

/** A job's items for the "save to job" dialog; nothing is fetched until a job is chosen. */
export function useJobItemsFor(jobId: string | null) {
  return useQuery({
    queryKey: jobKeys.detail(jobId ?? ''),
    queryFn: () => jobsApi.get(jobId!),
    enabled: Boolean(jobId),
  });
}
