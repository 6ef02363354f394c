import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateWebhookEndpoint,
  EventTypeList,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
} from '../../shared/webhooks';
import { api, type Body, type Page } from './http';

/** The webhooks API: endpoints (admins), their delivery log and replay, and the event catalogue. */
export const webhooksApi = {
  eventTypes: () => api.get<z.infer<typeof EventTypeList>>('/event-types'),
  endpoints: () => api.get<Page<WebhookEndpoint>>('/webhook-endpoints'),
  create: (body: Body<typeof CreateWebhookEndpoint>) => api.post<WebhookEndpoint>('/webhook-endpoints', body),
  update: (id: string, body: Body<typeof UpdateWebhookEndpoint>) =>
    api.patch<WebhookEndpoint>(`/webhook-endpoints/${id}`, body),
  remove: (id: string) => api.delete<null>(`/webhook-endpoints/${id}`),
  deliveries: (id: string) => api.get<Page<WebhookDelivery>>(`/webhook-endpoints/${id}/deliveries?limit=50`),
  replay: (id: string) => api.post<WebhookDelivery>(`/webhook-deliveries/${id}/replay`),
};

const keys = {
  all: ['webhooks'] as const,
  types: () => [...keys.all, 'types'] as const,
  endpoints: () => [...keys.all, 'endpoints'] as const,
  deliveries: (id: string) => [...keys.all, 'deliveries', id] as const,
};

export function useEventTypes() {
  return useQuery({ queryKey: keys.types(), queryFn: webhooksApi.eventTypes, staleTime: Infinity });
}

export function useWebhookEndpoints() {
  return useQuery({ queryKey: keys.endpoints(), queryFn: webhooksApi.endpoints, refetchInterval: 10_000 });
}

/** An endpoint's deliveries; refreshed every few seconds while shown (retries land on their own). */
export function useWebhookDeliveries(id: string | null) {
  return useQuery({
    queryKey: keys.deliveries(id ?? ''),
    queryFn: () => webhooksApi.deliveries(id!),
    enabled: Boolean(id),
    refetchInterval: 5000,
  });
}

function useInvalidating<A, R>(fn: (a: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: keys.all }) });
}

export const useCreateWebhookEndpoint = () => useInvalidating(webhooksApi.create);
export const useUpdateWebhookEndpoint = () =>
  useInvalidating((a: { id: string; body: Body<typeof UpdateWebhookEndpoint> }) =>
    webhooksApi.update(a.id, a.body),
  );
export const useRemoveWebhookEndpoint = () => useInvalidating(webhooksApi.remove);
export const useReplayWebhookDelivery = () => useInvalidating(webhooksApi.replay);
