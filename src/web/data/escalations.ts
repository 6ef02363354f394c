import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  CreateEscalation,
  Escalation,
  EscalationLevel,
  EscalationLevels,
  EscalationListQuery,
  ResolveEscalation,
  UpdateEscalation,
} from '../../shared/escalations';
import { api, qs, type Body, type Page, type Params } from './http';

/** The escalations API: escalations, their resolution, and the escalation path. */
export const escalationsApi = {
  list: (params: Params<typeof EscalationListQuery>) => api.get<Page<Escalation>>(`/escalations${qs(params)}`),
  get: (id: string) => api.get<Escalation>(`/escalations/${id}`),
  create: (body: Body<typeof CreateEscalation>) => api.post<Escalation>('/escalations', body),
  update: (id: string, body: Body<typeof UpdateEscalation>) => api.patch<Escalation>(`/escalations/${id}`, body),
  resolve: (id: string, body: Body<typeof ResolveEscalation>) =>
    api.post<Escalation>(`/escalations/${id}/resolve`, body),
  levels: () => api.get<{ items: EscalationLevel[] }>('/escalation-levels'),
  setLevels: (body: Body<typeof EscalationLevels>) =>
    api.put<{ items: EscalationLevel[] }>('/escalation-levels', body),
};

export const escalationKeys = {
  all: ['escalations'] as const,
  lists: () => [...escalationKeys.all, 'list'] as const,
  open: () => [...escalationKeys.lists(), 'open'] as const,
  mine: () => [...escalationKeys.lists(), 'mine'] as const,
  ofOrder: (orderId: string) => [...escalationKeys.lists(), 'order', orderId] as const,
  detail: (id: string) => [...escalationKeys.all, 'detail', id] as const,
  levels: () => [...escalationKeys.all, 'levels'] as const,
};

/** An escalation changed: its cache entry takes the answer, and every list of escalations refreshes. */
function escalationChanged(client: QueryClient, e: Escalation) {
  client.setQueryData(escalationKeys.detail(e.id), e);
  void client.invalidateQueries({ queryKey: escalationKeys.lists() });
}

/** Open escalations for the board (up to 200); refreshed every minute. */
export function useOpenEscalations() {
  return useQuery({
    queryKey: escalationKeys.open(),
    queryFn: () => escalationsApi.list({ status: 'open', limit: 200 }),
    refetchInterval: 60_000,
  });
}

/** The signed-in user's open escalations (My day); refreshed every minute. */
export function useMyEscalations() {
  return useQuery({
    queryKey: escalationKeys.mine(),
    queryFn: () => escalationsApi.list({ mine: 'true', limit: 50 }),
    refetchInterval: 60_000,
  });
}

/** A portal order's escalations, open and resolved. */
export function useOrderEscalations(orderId: string) {
  return useQuery({
    queryKey: escalationKeys.ofOrder(orderId),
    queryFn: () => escalationsApi.list({ status: 'all', orderId, limit: 20 }),
  });
}

export function useEscalation(id: string) {
  return useQuery({ queryKey: escalationKeys.detail(id), queryFn: () => escalationsApi.get(id) });
}

export function useCreateEscalation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateEscalation>) => escalationsApi.create(body),
    onSuccess: (e) => escalationChanged(client, e),
  });
}

/** Severity, category, owner, text, or a raise by hand to the next level. */
export function useUpdateEscalation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Body<typeof UpdateEscalation> & { id: string }) => escalationsApi.update(id, body),
    onSuccess: (e) => escalationChanged(client, e),
  });
}

export function useResolveEscalation(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof ResolveEscalation>) => escalationsApi.resolve(id, body),
    onSuccess: (e) => escalationChanged(client, e),
  });
}

export function useEscalationLevels() {
  return useQuery({ queryKey: escalationKeys.levels(), queryFn: escalationsApi.levels });
}

export function useSetEscalationLevels() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof EscalationLevels>) => escalationsApi.setLevels(body),
    onSuccess: () => client.invalidateQueries({ queryKey: escalationKeys.levels() }),
  });
}
