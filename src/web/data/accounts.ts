import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Account,
  AccountListQuery,
  AccountSummary,
  Contact,
  CreateAccount,
  CreateContact,
  TimelineEntry,
  TimelineQuery,
  UpdateAccount,
  UpdateContact,
} from '../../shared/accounts';
import type {
  ExportQuery,
  ImportPreview,
  ImportResult,
  ImportUpload,
} from '../../shared/accounts-import';
import { api, qs, useCursorList, type Body, type Filters, type Page, type Params } from './http';

/** The accounts API: client organisations, their contacts, timeline, import and export. */
export const accountsApi = {
  list: (params: Params<typeof AccountListQuery>) => api.get<Page<AccountSummary>>(`/accounts${qs(params)}`),
  get: (id: string) => api.get<Account>(`/accounts/${id}`),
  create: (body: Body<typeof CreateAccount>) => api.post<Account>('/accounts', body),
  update: (id: string, body: Body<typeof UpdateAccount>) => api.patch<Account>(`/accounts/${id}`, body),
  archive: (id: string) => api.delete<null>(`/accounts/${id}`),
  timeline: (id: string, params: Params<typeof TimelineQuery>) =>
    api.get<Page<TimelineEntry>>(`/accounts/${id}/timeline${qs(params)}`),
  contacts: (accountId: string) => api.get<Page<Contact>>(`/accounts/${accountId}/contacts`),
  addContact: (accountId: string, body: Body<typeof CreateContact>) =>
    api.post<Contact>(`/accounts/${accountId}/contacts`, body),
  updateContact: (id: string, body: Body<typeof UpdateContact>) => api.patch<Contact>(`/contacts/${id}`, body),
  removeContact: (id: string) => api.delete<null>(`/contacts/${id}`),
  previewImport: (body: Body<typeof ImportUpload>) => api.post<ImportPreview>('/accounts/import/preview', body),
  import: (body: Body<typeof ImportUpload>) => api.post<ImportResult>('/accounts/import', body),
};

type AccountFilters = Filters<typeof AccountListQuery>;

/** Downloads the browser fetches itself. */
export const accountLinks = {
  /** The list as a file, with the list's filters (every page, so no limit). */
  export: (filters: Omit<AccountFilters, 'limit'>, format: Params<typeof ExportQuery>['format']) =>
    `/api/v1/accounts/export${qs({ ...filters, format })}`,
};

export const accountKeys = {
  all: ['accounts'] as const,
  lists: () => [...accountKeys.all, 'list'] as const,
  list: (filters: AccountFilters) => [...accountKeys.lists(), filters] as const,
  /** The small "pick an account" searches of forms. */
  picks: () => [...accountKeys.all, 'pick'] as const,
  pick: (term: string) => [...accountKeys.picks(), term] as const,
  /** The first 200 accounts by name, for a plain select. */
  options: () => [...accountKeys.all, 'options'] as const,
  detail: (id: string | null) => [...accountKeys.all, 'detail', id] as const,
  contacts: (id: string | null) => [...accountKeys.all, 'contacts', id] as const,
  timeline: (id: string) => [...accountKeys.all, 'timeline', id] as const,
};

export function useAccounts(filters: AccountFilters) {
  return useCursorList(accountKeys.list(filters), (cursor) => accountsApi.list({ ...filters, cursor }));
}

/** Up to 20 accounts matching a search, for account pickers. */
export function useAccountPick(term: string, enabled = true) {
  return useQuery({
    queryKey: accountKeys.pick(term),
    queryFn: () => accountsApi.list({ q: term, limit: 20 }),
    enabled,
  });
}

/** The first 200 accounts by name, for a select without search. */
export function useAccountOptions(enabled = true) {
  return useQuery({
    queryKey: accountKeys.options(),
    queryFn: () => accountsApi.list({ limit: 200, sort: 'name' }),
    enabled,
  });
}

/** One account; waits while no account is chosen. */
export function useAccount(id: string | null | undefined) {
  return useQuery({
    queryKey: accountKeys.detail(id ?? null),
    queryFn: () => accountsApi.get(id!),
    enabled: Boolean(id),
  });
}

/** The account's contacts; waits while no account is chosen. */
export function useContacts(accountId: string | null | undefined) {
  return useQuery({
    queryKey: accountKeys.contacts(accountId ?? null),
    queryFn: () => accountsApi.contacts(accountId!),
    enabled: Boolean(accountId),
  });
}

export function useTimeline(id: string) {
  return useCursorList(accountKeys.timeline(id), (cursor) => accountsApi.timeline(id, { limit: 25, cursor }));
}

/** Creates an account, or changes one when `id` is given; the answer becomes the account's cache entry. */
export function useSaveAccount(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateAccount>) => (id ? accountsApi.update(id, body) : accountsApi.create(body)),
    onSuccess: async (account) => {
      await client.invalidateQueries({ queryKey: accountKeys.lists() });
      await client.invalidateQueries({ queryKey: accountKeys.picks() });
      await client.invalidateQueries({ queryKey: accountKeys.options() });
      client.setQueryData(accountKeys.detail(account.id), account);
      await client.invalidateQueries({ queryKey: accountKeys.timeline(account.id) });
    },
  });
}

export function useArchiveAccount(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => accountsApi.archive(id),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: accountKeys.lists() }),
        client.invalidateQueries({ queryKey: accountKeys.picks() }),
      ]),
  });
}

/** Adds a contact to the account, or changes `contactId`; the account, its contacts and timeline refresh. */
export function useSaveContact(accountId: string, contactId?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateContact>) =>
      contactId ? accountsApi.updateContact(contactId, body) : accountsApi.addContact(accountId, body),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: accountKeys.contacts(accountId) }),
        client.invalidateQueries({ queryKey: accountKeys.detail(accountId) }),
        client.invalidateQueries({ queryKey: accountKeys.timeline(accountId) }),
      ]),
  });
}

export function useRemoveContact(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (contactId: string) => accountsApi.removeContact(contactId),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: accountKeys.contacts(accountId) });
      await client.invalidateQueries({ queryKey: accountKeys.timeline(accountId) });
    },
  });
}

export function usePreviewImport() {
  return useMutation({ mutationFn: (body: Body<typeof ImportUpload>) => accountsApi.previewImport(body) });
}

export function useImportAccounts() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof ImportUpload>) => accountsApi.import(body),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.all }),
  });
}
