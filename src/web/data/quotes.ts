import type { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ClientQuote,
  Quote,
  QuoteDecision,
  QuoteInput,
  QuoteListQuery,
  QuoteSummary,
  RecordQuoteDecision,
  SendQuote,
  SendQuoteResult as SendQuoteResultSchema,
  UpdateQuote,
} from '../../shared/quotes';
import { api, qs, useCursorList, type Body, type Filters, type Page, type Params } from './http';

/** What sending answers: the quote, now sent, and the client's link. */
export type SendQuoteResult = z.infer<typeof SendQuoteResultSchema>;

export type QuoteFilters = Filters<typeof QuoteListQuery>;

/** Quotes: staff drafts, sends and records answers; the client answers through the e-mailed link. */
export const quotesApi = {
  list: (params: Params<typeof QuoteListQuery>) => api.get<Page<QuoteSummary>>(`/quotes${qs(params)}`),
  get: (id: string) => api.get<Quote>(`/quotes/${id}`),
  create: (body: Body<typeof QuoteInput>) => api.post<Quote>('/quotes', body),
  update: (id: string, body: Body<typeof UpdateQuote>) => api.patch<Quote>(`/quotes/${id}`, body),
  send: (id: string, body: Body<typeof SendQuote>) => api.post<SendQuoteResult>(`/quotes/${id}/send`, body),
  record: (id: string, body: Body<typeof RecordQuoteDecision>) =>
    api.post<Quote>(`/quotes/${id}/accept`, body),
  byToken: (token: string) => api.get<ClientQuote>(`/quote-links/${token}`),
  decideByToken: (token: string, body: QuoteDecision) =>
    api.post<ClientQuote>(`/quote-links/${token}/decision`, body),
};

/** The quote letters the browser downloads itself. */
export const quoteLinks = {
  document: (id: string, format: 'pdf' | 'docx') => `/api/v1/quotes/${id}/quote.${format}`,
  byToken: (token: string) => `/api/v1/quote-links/${token}/quote.pdf`,
};

export const quoteKeys = {
  all: ['quotes'] as const,
  list: (filters: QuoteFilters) => [...quoteKeys.all, 'list', filters] as const,
  detail: (id: string) => [...quoteKeys.all, 'detail', id] as const,
  link: (token: string) => ['quote-link', token] as const,
};

export function useQuotes(filters: QuoteFilters) {
  return useCursorList(quoteKeys.list(filters), (cursor) => quotesApi.list({ ...filters, cursor }));
}

/** One quote version; waits while there is no id (a new quote). */
export function useQuote(id: string | undefined) {
  return useQuery({ queryKey: quoteKeys.detail(id ?? ''), queryFn: () => quotesApi.get(id!), enabled: Boolean(id) });
}

/** Drafts a quote (no id) or changes one; a sent quote answers with its new version. */
export function useSaveQuote(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof QuoteInput>) => {
      if (!id) return quotesApi.create(body);
      const { accountId: _account, ...changes } = body;
      return quotesApi.update(id, changes);
    },
    onSuccess: (quote) => {
      client.setQueryData(quoteKeys.detail(quote.id), quote);
      return client.invalidateQueries({ queryKey: quoteKeys.all });
    },
  });
}

export function useSendQuote(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof SendQuote>) => quotesApi.send(id, body),
    onSuccess: (sent) => {
      client.setQueryData(quoteKeys.detail(id), sent.quote);
      return client.invalidateQueries({ queryKey: quoteKeys.all });
    },
  });
}

/** Records an answer the client gave by phone, e-mail or in person. */
export function useRecordQuoteAnswer(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof RecordQuoteDecision>) => quotesApi.record(id, body),
    onSuccess: (quote) => {
      client.setQueryData(quoteKeys.detail(id), quote);
      return client.invalidateQueries({ queryKey: quoteKeys.all });
    },
  });
}

export function useLinkQuote(token: string) {
  return useQuery({ queryKey: quoteKeys.link(token), queryFn: () => quotesApi.byToken(token), retry: false });
}

/** The client's answer through the link; the page then shows what the server recorded. */
export function useDecideQuoteByLink(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QuoteDecision) => quotesApi.decideByToken(token, body),
    onSuccess: (quote) => client.setQueryData(quoteKeys.link(token), quote),
  });
}
