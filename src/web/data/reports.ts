import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CatalogueEntry,
  CreateExport,
  CreateSchedule,
  Delivery,
  ExportFormat,
  ReportExport,
  RunBody,
  RunResult,
  Schedule,
  ScheduleListQuery,
  UpdateSchedule,
} from '../../shared/reports';
import { api, qs, type Body, type Page, type Params } from './http';

/** The reports API: the catalogue, running a report, background exports and schedules. */
export const reportsApi = {
  catalogue: () => api.get<Page<CatalogueEntry>>('/reports'),
  run: (id: string, body: Body<typeof RunBody>) => api.post<RunResult>(`/reports/${id}/run`, body),
  startExport: (body: Body<typeof CreateExport>) => api.post<ReportExport>('/report-exports', body),
  export: (id: string) => api.get<ReportExport>(`/report-exports/${id}`),
  schedules: (params: Params<typeof ScheduleListQuery>) =>
    api.get<Page<Schedule>>(`/report-schedules${qs(params)}`),
  createSchedule: (body: Body<typeof CreateSchedule>) => api.post<Schedule>('/report-schedules', body),
  updateSchedule: (id: string, body: Body<typeof UpdateSchedule>) =>
    api.patch<Schedule>(`/report-schedules/${id}`, body),
  deleteSchedule: (id: string) => api.delete<null>(`/report-schedules/${id}`),
  runSchedule: (id: string) => api.post<{ ok: boolean }>(`/report-schedules/${id}/run`),
  deliveries: (id: string) => api.get<Page<Delivery>>(`/report-schedules/${id}/deliveries`),
};

const paramsQuery = (parameters: Record<string, unknown>) =>
  `params=${encodeURIComponent(JSON.stringify(parameters))}`;

/** Downloads the browser fetches itself. */
export const reportLinks = {
  export: (id: string, format: ExportFormat, parameters: Record<string, unknown>) =>
    `/api/v1/reports/${id}/export.${format}?${paramsQuery(parameters)}`,
  /** A report pack: every member report as a sheet of one workbook. */
  pack: (id: string, parameters: Record<string, unknown>) =>
    `/api/v1/report-packs/${id}/export.xlsx?${paramsQuery(parameters)}`,
  exportFile: (exportId: string) => `/api/v1/report-exports/${exportId}/file`,
};

export const reportKeys = {
  all: ['reports'] as const,
  catalogue: () => [...reportKeys.all, 'catalogue'] as const,
  schedules: () => [...reportKeys.all, 'schedules'] as const,
  deliveries: (scheduleId: string) => [...reportKeys.schedules(), scheduleId, 'deliveries'] as const,
};

/** The reports this user may run, with their parameters. */
export function useReportCatalogue() {
  return useQuery({ queryKey: reportKeys.catalogue(), queryFn: reportsApi.catalogue });
}

export function useRunReport(id: string) {
  return useMutation({ mutationFn: (body: Body<typeof RunBody>) => reportsApi.run(id, body) });
}

export function useSchedules() {
  return useQuery({ queryKey: reportKeys.schedules(), queryFn: () => reportsApi.schedules({ limit: 200 }) });
}

export function useDeliveries(scheduleId: string) {
  return useQuery({ queryKey: reportKeys.deliveries(scheduleId), queryFn: () => reportsApi.deliveries(scheduleId) });
}

/** Creates a schedule, or changes one; the schedules refresh. */
export function useSaveSchedule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      input: { id: string; changes: Body<typeof UpdateSchedule> } | { create: Body<typeof CreateSchedule> },
    ) => ('id' in input ? reportsApi.updateSchedule(input.id, input.changes) : reportsApi.createSchedule(input.create)),
    onSuccess: () => client.invalidateQueries({ queryKey: reportKeys.schedules() }),
  });
}

/** What a change to a schedule refreshes: the schedules and their delivery history. */
function useScheduleChange<V>(change: (v: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: () => client.invalidateQueries({ queryKey: reportKeys.schedules() }),
  });
}

/** Sends a scheduled report now. */
export const useRunSchedule = () => useScheduleChange((id: string) => reportsApi.runSchedule(id));

/** Pauses or resumes a schedule. */
export const useSetScheduleActive = () =>
  useScheduleChange(({ id, active }: { id: string; active: boolean }) => reportsApi.updateSchedule(id, { active }));

export const useDeleteSchedule = () => useScheduleChange((id: string) => reportsApi.deleteSchedule(id));
