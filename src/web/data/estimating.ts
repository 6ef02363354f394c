import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AccountMarkup,
  Estimate,
  EstimateRequest,
  EstimatingRules,
  Operation,
  OperationInput,
  Press,
  PressInput,
} from '../../shared/estimating';
import { api, type Body, type Page } from './http';
import { purchasingApi, purchasingKeys } from './purchasing';

type Markup = z.infer<typeof AccountMarkup>;

/** The estimating API: the cost model (presses, operations, rules, account markups) and POST /estimates. */
export const estimatingApi = {
  presses: () => api.get<Page<Press>>('/presses'),
  savePress: (id: string | undefined, body: Body<typeof PressInput>) =>
    id ? api.put<Press>(`/presses/${id}`, body) : api.post<Press>('/presses', body),
  operations: () => api.get<Page<Operation>>('/estimating-operations'),
  saveOperation: (id: string | undefined, body: Body<typeof OperationInput>) =>
    id
      ? api.put<Operation>(`/estimating-operations/${id}`, body)
      : api.post<Operation>('/estimating-operations', body),
  rules: () => api.get<EstimatingRules>('/estimating-rules'),
  saveRules: (body: Body<typeof EstimatingRules>) => api.put<EstimatingRules>('/estimating-rules', body),
  accountMarkup: (accountId: string) => api.get<Markup>(`/accounts/${accountId}/markup`),
  saveAccountMarkup: (accountId: string, body: Body<typeof AccountMarkup>) =>
    api.put<Markup>(`/accounts/${accountId}/markup`, body),
  estimate: (body: EstimateRequest) => api.post<Estimate>('/estimates', body),
};

export const estimatingKeys = {
  all: ['estimating'] as const,
  presses: () => [...estimatingKeys.all, 'presses'] as const,
  operations: () => [...estimatingKeys.all, 'operations'] as const,
  rules: () => [...estimatingKeys.all, 'rules'] as const,
  accountMarkup: (accountId: string | null) => [...estimatingKeys.all, 'account-markup', accountId] as const,
};

export function usePresses() {
  return useQuery({ queryKey: estimatingKeys.presses(), queryFn: estimatingApi.presses });
}

/** Adds a press (no id) or replaces one. */
export function useSavePress(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof PressInput>) => estimatingApi.savePress(id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: estimatingKeys.presses() }),
  });
}

/** Finishing operations and mailing services, active or not. */
export function useEstimatingOperations() {
  return useQuery({ queryKey: estimatingKeys.operations(), queryFn: estimatingApi.operations });
}

/** Adds an operation (no id) or replaces one. */
export function useSaveOperation(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof OperationInput>) => estimatingApi.saveOperation(id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: estimatingKeys.operations() }),
  });
}

export function useEstimatingRules() {
  return useQuery({ queryKey: estimatingKeys.rules(), queryFn: estimatingApi.rules });
}

export function useSaveEstimatingRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof EstimatingRules>) => estimatingApi.saveRules(body),
    onSuccess: (rules) => client.setQueryData(estimatingKeys.rules(), rules),
  });
}

/** The account's own markup (null: its segment's or the shop's); waits while no account is chosen. */
export function useAccountMarkup(accountId: string | null) {
  return useQuery({
    queryKey: estimatingKeys.accountMarkup(accountId),
    queryFn: () => estimatingApi.accountMarkup(accountId!),
    enabled: Boolean(accountId),
  });
}

export function useSaveAccountMarkup(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof AccountMarkup>) => estimatingApi.saveAccountMarkup(accountId, body),
    onSuccess: (markup) => client.setQueryData(estimatingKeys.accountMarkup(accountId), markup),
  });
}

/** Prices items at their quantities (nothing is stored, so nothing to refresh). */
export function useEstimate() {
  return useMutation({ mutationFn: (body: EstimateRequest) => estimatingApi.estimate(body) });
}

/** Up to 20 catalogue papers matching a search, for the paper picker (under the materials key, so kept fresh). */
export function usePaperPick(term: string) {
  return useQuery({
    queryKey: [...purchasingKeys.materials(), 'paper-pick', term] as const,
    queryFn: () => purchasingApi.materials({ q: term, kind: 'paper', limit: 20 }),
  });
}
