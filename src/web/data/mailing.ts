import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Problem } from '../../shared/common';
import type {
  ApplyToJob,
  CreateMailingList,
  DedupeReport,
  ExportQuery,
  ImbAssignment,
  ImportPreview,
  MailDrop,
  MailDropInput,
  MailingList,
  MailingListQuery,
  MailingRecord,
  MailingSettings,
  MailingSettingsInput,
  PostageRate,
  PostageRateInput,
  Presort,
  PresortQuery,
  RecordQuery,
  StartDedupe,
  StartImport,
} from '../../shared/mailing';
import { ApiError } from '../app/api';
import { api, qs, type Body, type Page, type Params } from './http';
import { authApi } from './users';

/** The mailing API: lists and their runs (import, standardise, merge/purge), presort, IMb, drops, rates. */
export const mailingApi = {
  lists: (params: Params<typeof MailingListQuery>) => api.get<Page<MailingList>>(`/mailing-lists${qs(params)}`),
  list: (id: string) => api.get<MailingList>(`/mailing-lists/${id}`),
  create: (body: Body<typeof CreateMailingList>) => api.post<MailingList>('/mailing-lists', body),
  /** Imports an uploaded file with the checked mapping; the import runs in the background. */
  startImport: (id: string, runId: string, body: Body<typeof StartImport>) =>
    api.post<MailingList>(`/mailing-lists/${id}/uploads/${runId}/import`, body),
  standardize: (id: string) => api.post<unknown>(`/mailing-lists/${id}/standardize`, {}),
  dedupe: (id: string, body: Body<typeof StartDedupe>) => api.post<unknown>(`/mailing-lists/${id}/dedupe`, body),
  records: (id: string, params: Params<typeof RecordQuery>) =>
    api.get<Page<MailingRecord>>(`/mailing-lists/${id}/records${qs(params)}`),
  dedupeReport: (id: string) => api.get<DedupeReport>(`/mailing-lists/${id}/dedupe`),
  presort: (id: string, params: Params<typeof PresortQuery>) =>
    api.get<Presort>(`/mailing-lists/${id}/presort${qs(params)}`),
  assignImb: (id: string) => api.post<ImbAssignment>(`/mailing-lists/${id}/imb`),
  applyToJob: (id: string, body: Body<typeof ApplyToJob>) =>
    api.post<MailingList>(`/mailing-lists/${id}/apply-to-job`, body),
  drops: (id: string) => api.get<Page<MailDrop>>(`/mailing-lists/${id}/drops`),
  recordDrop: (id: string, body: Body<typeof MailDropInput>) => api.post<MailDrop>(`/mailing-lists/${id}/drops`, body),
  rates: () => api.get<Page<PostageRate>>('/postage-rates'),
  addRate: (body: Body<typeof PostageRateInput>) => api.post<PostageRate>('/postage-rates', body),
  removeRate: (id: string) => api.delete<null>(`/postage-rates/${id}`),
  settings: () => api.get<MailingSettings>('/mailing-settings'),
  saveSettings: (body: Body<typeof MailingSettingsInput>) => api.put<MailingSettings>('/mailing-settings', body),
  /**
   * Sends a list file's bytes as the body (not base64 JSON), reporting upload progress: lists can be 100 MB.
   * The one call that bypasses `api` (fetch has no upload progress), so it sends the CSRF token itself.
   */
  upload: async (id: string, file: File, onProgress: (pct: number) => void): Promise<ImportPreview> => {
    const me = await authApi.me();
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/v1/mailing-lists/${id}/uploads${qs({ filename: file.name })}`);
      xhr.setRequestHeader(
        'content-type',
        file.name.toLowerCase().endsWith('.xlsx')
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv',
      );
      xhr.setRequestHeader('x-csrf-token', me.csrfToken ?? '');
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((100 * e.loaded) / e.total));
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          /* not JSON */
        }
        if (xhr.status === 201) resolve(body as ImportPreview);
        else
          reject(
            new ApiError({
              type: 'about:blank',
              title: 'Upload refused',
              status: xhr.status,
              code: 'UPLOAD',
              detail: `The server answered ${xhr.status}`,
              ...((body ?? {}) as Partial<Problem>),
            }),
          );
      };
      xhr.onerror = () => reject(new Error('The upload did not reach the server'));
      xhr.send(file);
    });
  },
};

/** Files the browser downloads itself. */
export const mailingLinks = {
  export: (id: string, params: Params<typeof ExportQuery>) => `/api/v1/mailing-lists/${id}/export${qs(params)}`,
  /** The rows an import left out as malformed, with the reason. */
  rejects: (id: string, runId: string) => `/api/v1/mailing-lists/${id}/runs/${runId}/rejects.csv`,
};

export const mailingKeys = {
  all: ['mailing'] as const,
  lists: () => [...mailingKeys.all, 'lists'] as const,
  search: (q: string) => [...mailingKeys.lists(), 'search', q] as const,
  ofJob: (jobId: string) => [...mailingKeys.lists(), 'job', jobId] as const,
  list: (id: string) => [...mailingKeys.all, 'list', id] as const,
  /** Keyed by the list's `updatedAt`, so a finished run shows fresh records, duplicates and presort. */
  records: (id: string, filter: string, version: string) =>
    [...mailingKeys.list(id), 'records', filter, version] as const,
  dedupe: (id: string, version: string) => [...mailingKeys.list(id), 'dedupe', version] as const,
  presort: (id: string, version: string, date: string) => [...mailingKeys.list(id), 'presort', version, date] as const,
  drops: (id: string) => [...mailingKeys.list(id), 'drops'] as const,
  rates: () => [...mailingKeys.all, 'postage-rates'] as const,
  settings: () => [...mailingKeys.all, 'settings'] as const,
};

/** Lists matching a search (up to 100). */
export function useMailingLists(q: string) {
  return useQuery({ queryKey: mailingKeys.search(q), queryFn: () => mailingApi.lists({ q, limit: 100 }) });
}

/** The lists of a job (the job page's mailing section). */
export function useJobMailingLists(jobId: string) {
  return useQuery({ queryKey: mailingKeys.ofJob(jobId), queryFn: () => mailingApi.lists({ jobId }) });
}

export function useCreateMailingList() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateMailingList>) => mailingApi.create(body),
    onSuccess: () => client.invalidateQueries({ queryKey: mailingKeys.lists() }),
  });
}

/** One list; polled every second while a run (import, standardise, merge/purge) works. */
export function useMailingList(id: string) {
  return useQuery({
    queryKey: mailingKeys.list(id),
    queryFn: () => mailingApi.list(id),
    refetchInterval: (q) => (q.state.data?.activeRun ? 1000 : false),
  });
}

/** Anything that changes a list (a run started, IMbs assigned, applied to the job) refreshes it. */
function useListChange<V, R>(id: string, change: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: () => void client.invalidateQueries({ queryKey: mailingKeys.list(id), exact: true }),
  });
}

export const useStartImport = (id: string) =>
  useListChange(id, ({ runId, ...body }: Body<typeof StartImport> & { runId: string }) =>
    mailingApi.startImport(id, runId, body),
  );
export const useStandardize = (id: string) => useListChange(id, () => mailingApi.standardize(id));
export const useDedupe = (id: string) =>
  useListChange(id, (body: Body<typeof StartDedupe>) => mailingApi.dedupe(id, body));
export const useAssignImb = (id: string) => useListChange(id, () => mailingApi.assignImb(id));
export const useApplyToJob = (id: string) => useListChange(id, () => mailingApi.applyToJob(id, {}));

/** The list's records in file order, page by page, filtered. */
export function useMailingRecords(list: MailingList, filter: string) {
  return useInfiniteQuery({
    queryKey: mailingKeys.records(list.id, filter, list.updatedAt),
    queryFn: ({ pageParam }) =>
      mailingApi.records(list.id, {
        filter: filter as Params<typeof RecordQuery>['filter'],
        limit: 50,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useDedupeReport(list: MailingList) {
  return useQuery({
    queryKey: mailingKeys.dedupe(list.id, list.updatedAt),
    queryFn: () => mailingApi.dedupeReport(list.id),
    enabled: !!list.dedupe,
  });
}

/** Presort and postage for a mailing date (today's when the date is not a full ISO date). */
export function usePresort(list: MailingList, date: string) {
  return useQuery({
    queryKey: mailingKeys.presort(list.id, list.updatedAt, date),
    queryFn: () =>
      mailingApi.presort(list.id, { mailingDate: /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined }),
    enabled: !!list.standardizedAt,
  });
}

export function useMailDrops(id: string) {
  return useQuery({ queryKey: mailingKeys.drops(id), queryFn: () => mailingApi.drops(id) });
}

export function useRecordDrop(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof MailDropInput>) => mailingApi.recordDrop(id, body),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: mailingKeys.drops(id) });
      void client.invalidateQueries({ queryKey: mailingKeys.list(id), exact: true });
    },
  });
}

export function usePostageRates() {
  return useQuery({ queryKey: mailingKeys.rates(), queryFn: mailingApi.rates });
}

export function useAddRate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof PostageRateInput>) => mailingApi.addRate(body),
    onSuccess: () => client.invalidateQueries({ queryKey: mailingKeys.rates() }),
  });
}

export function useRemoveRate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => mailingApi.removeRate(id),
    onSuccess: () => client.invalidateQueries({ queryKey: mailingKeys.rates() }),
  });
}

export function useMailingSettings() {
  return useQuery({ queryKey: mailingKeys.settings(), queryFn: mailingApi.settings });
}

export function useSaveMailingSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof MailingSettingsInput>) => mailingApi.saveSettings(body),
    onSuccess: () => client.invalidateQueries({ queryKey: mailingKeys.settings() }),
  });
}
