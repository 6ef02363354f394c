import { createContext, useContext } from 'react';
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

/**
 * Where the webhooks API lives: '' for staff (admins), `/portal/{slug}` for a client admin in the portal (their
 * account's endpoints only). The same screens serve both; the portal wraps them in this context.
 */
export const WebhooksBase = createContext('');

/** The webhooks API under a base: endpoints, their delivery log and replay, and the event catalogue. */
export const webhooksApi = (base: string) => ({
  eventTypes: () =>
    api.get<z.infer<typeof EventTypeList>>(base ? `${base}/webhook-event-types` : '/event-types'),
  endpoints: () => api.get<Page<WebhookEndpoint>>(`${base}/webhook-endpoints`),
  create: (body: Body<typeof CreateWebhookEndpoint>) =>
    api.post<WebhookEndpoint>(`${base}/webhook-endpoints`, body),
  update: (id: string, body: Body<typeof UpdateWebhookEndpoint>) =>
    api.patch<WebhookEndpoint>(`${base}/webhook-endpoints/${id}`, body),
  remove: (id: string) => api.delete<null>(`${base}/webhook-endpoints/${id}`),
  deliveries: (id: string) =>
    api.get<Page<WebhookDelivery>>(`${base}/webhook-endpoints/${id}/deliveries?limit=50`),
  replay: (id: string) => api.post<WebhookDelivery>(`${base}/webhook-deliveries/${id}/replay`),
});

const keys = {
  all: (base: string) => ['webhooks', base] as const,
  types: (base: string) => [...keys.all(base), 'types'] as const,
  endpoints: (base: string) => [...keys.all(base), 'endpoints'] as const,
  deliveries: (base: string, id: string) => [...keys.all(base), 'deliveries', id] as const,
};

/** The API under the current base, and the base (for query keys). */
function useApi() {
  const base = useContext(WebhooksBase);
  return { base, call: webhooksApi(base) };
}

export function useEventTypes() {
  const { base, call } = useApi();
  return useQuery({ queryKey: keys.types(base), queryFn: call.eventTypes, staleTime: Infinity });
}

export function useWebhookEndpoints() {
  const { base, call } = useApi();
  return useQuery({ queryKey: keys.endpoints(base), queryFn: call.endpoints, refetchInterval: 10_000 });
}

/** An endpoint's deliveries; refreshed every few seconds while shown (retries land on their own). */
export function useWebhookDeliveries(id: string | null) {
  const { base, call } = useApi();
  return useQuery({
    queryKey: keys.deliveries(base, id ?? ''),
    queryFn: () => call.deliveries(id!),
    enabled: Boolean(id),
    refetchInterval: 5000,
  });
}

function useInvalidating<A, R>(fn: (call: ReturnType<typeof webhooksApi>) => (a: A) => Promise<R>) {
  const client = useQueryClient();
  const { base, call } = useApi();
  return useMutation({
    mutationFn: fn(call),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all(base) }),
  });
}

export const useCreateWebhookEndpoint = () => useInvalidating((call) => call.create);
export const useUpdateWebhookEndpoint = () =>
  useInvalidating(
    (call) => (a: { id: string; body: Body<typeof UpdateWebhookEndpoint> }) => call.update(a.id, a.body),
  );
export const useRemoveWebhookEndpoint = () => useInvalidating((call) => call.remove);
export const useReplayWebhookDelivery = () => useInvalidating((call) => call.replay);
