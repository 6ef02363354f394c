import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PortalQuote, PortalQuoteDecision } from '../../shared/quotes';
import { api } from './http';
import { portalKeys } from './portal';

/** The portal's side of quotes: the account's sent quotes and the signed-in user's answer. */
export const portalQuotesApi = {
  list: (slug: string) => api.get<{ items: PortalQuote[] }>(`/portal/${slug}/quotes`),
  decide: (slug: string, id: string, body: PortalQuoteDecision) =>
    api.post<PortalQuote>(`/portal/${slug}/quotes/${id}/decision`, body),
  pdf: (slug: string, id: string) => `/api/v1/portal/${slug}/quotes/${id}/quote.pdf`,
};

const quotesKey = (slug: string) => [...portalKeys.all(slug), 'quotes'] as const;

export function usePortalQuotes(slug: string) {
  return useQuery({ queryKey: quotesKey(slug), queryFn: () => portalQuotesApi.list(slug) });
}

/** The answer to one quote; the list then shows what the server recorded. */
export function useDecidePortalQuote(slug: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PortalQuoteDecision) => portalQuotesApi.decide(slug, id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: quotesKey(slug) }),
  });
}
