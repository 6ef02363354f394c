import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AuditEvent } from '../../shared/audit';
import type { ListQuery } from '../../shared/common';
import type {
  AddJobItem,
  AddStage,
  ChangeOrder,
  Comment,
  CopyJob,
  CreateComment,
  CreateJob,
  CreateTemplate,
  EditJob,
  Job,
  JobFile,
  JobFromTemplate,
  JobListQuery,
  JobSummary,
  JobTemplate,
  MyDay,
  ProofDecision,
  QueueEntry,
  RemoveJobItem,
  TemplateListQuery,
  UpdateJobItem,
  UpdateStage,
  UploadJobFile,
} from '../../shared/jobs';
import { api, qs, useCursorList, type Body, type Filters, type Page, type Params } from './http';

/** The jobs API (jobs, their stages, items, comments, files, templates, My day, department queues). */
export const jobsApi = {
  list: (params: Params<typeof JobListQuery>) => api.get<Page<JobSummary>>(`/jobs${qs(params)}`),
  get: (id: string) => api.get<Job>(`/jobs/${id}`),
  create: (body: Body<typeof CreateJob>) => api.post<Job>('/jobs', body),
  update: (id: string, body: Body<typeof EditJob>) => api.patch<Job>(`/jobs/${id}`, body),
  copy: (id: string, body: Body<typeof CopyJob>, idempotencyKey: string) =>
    api.post<Job>(`/jobs/${id}/copy`, body, { 'idempotency-key': idempotencyKey }),
  addItem: (id: string, body: Body<typeof AddJobItem>) => api.post<Job>(`/jobs/${id}/items`, body),
  updateItem: (id: string, itemId: string, body: Body<typeof UpdateJobItem>) =>
    api.patch<Job>(`/jobs/${id}/items/${itemId}`, body),
  removeItem: (id: string, itemId: string, body: Body<typeof RemoveJobItem>) =>
    api.delete<Job>(`/jobs/${id}/items/${itemId}`, body),
  changeOrders: (id: string) => api.get<Page<ChangeOrder>>(`/jobs/${id}/change-orders`),
  decideProof: (id: string, itemId: string, body: Body<typeof ProofDecision>) =>
    api.patch<Job>(`/jobs/${id}/items/${itemId}/proof`, body),
  moveStage: (id: string, stageId: string, body: Body<typeof UpdateStage>) =>
    api.patch<Job>(`/jobs/${id}/stages/${stageId}`, body),
  addStage: (id: string, body: Body<typeof AddStage>) => api.post<Job>(`/jobs/${id}/stages`, body),
  removeStage: (id: string, stageId: string) => api.delete<Job>(`/jobs/${id}/stages/${stageId}`),
  comments: (id: string) => api.get<Page<Comment>>(`/jobs/${id}/comments`),
  addComment: (id: string, body: Body<typeof CreateComment>) =>
    api.post<Comment>(`/jobs/${id}/comments`, body),
  activity: (id: string, params: Params<typeof ListQuery>) =>
    api.get<Page<AuditEvent>>(`/jobs/${id}/activity${qs(params)}`),
  files: (id: string) => api.get<Page<JobFile>>(`/jobs/${id}/files`),
  uploadFile: (id: string, body: Body<typeof UploadJobFile>) => api.post<JobFile>(`/jobs/${id}/files`, body),
  templates: (params: Params<typeof TemplateListQuery>) =>
    api.get<Page<JobTemplate>>(`/job-templates${qs(params)}`),
  saveTemplate: (body: Body<typeof CreateTemplate>) => api.post<JobTemplate>('/job-templates', body),
  fromTemplate: (templateId: string, body: Body<typeof JobFromTemplate>) =>
    api.post<Job>(`/job-templates/${templateId}/jobs`, body),
  myDay: () => api.get<MyDay>('/my-day'),
  queue: (departmentId: string) => api.get<Page<QueueEntry>>(`/departments/${departmentId}/queue`),
};

/** Links the browser follows itself (downloads), built in the same place as the calls. */
export const jobLinks = {
  ticket: (id: string, format: 'pdf' | 'docx' | 'xjdf') => `/api/v1/jobs/${id}/ticket.${format}`,
  file: (id: string, fileId: string) => `/api/v1/jobs/${id}/files/${fileId}/content`,
};

type JobFilters = Filters<typeof JobListQuery>;

/** Query keys of the jobs domain: everything under `['jobs']`, so a change can refresh exactly what it touched. */
export const jobKeys = {
  all: ['jobs'] as const,
  lists: () => [...jobKeys.all, 'list'] as const,
  list: (filters: JobFilters) => [...jobKeys.lists(), filters] as const,
  /** The small "pick a job" searches (linking a conversation); not the job list. */
  pick: (accountId: string | undefined, term: string) => [...jobKeys.all, 'pick', accountId, term] as const,
  detail: (id: string) => [...jobKeys.all, 'detail', id] as const,
  comments: (id: string) => [...jobKeys.all, 'comments', id] as const,
  activity: (id: string) => [...jobKeys.all, 'activity', id] as const,
  changeOrders: (id: string) => [...jobKeys.all, 'change-orders', id] as const,
  files: (id: string) => [...jobKeys.all, 'files', id] as const,
  templates: (accountId: string | null) => [...jobKeys.all, 'templates', accountId] as const,
  myDay: () => [...jobKeys.all, 'my-day'] as const,
  queues: () => [...jobKeys.all, 'queue'] as const,
  queue: (departmentId: string | undefined) => [...jobKeys.queues(), departmentId] as const,
};

/**
 * What a changed job refreshes: its own cache entry takes the job the server answered with, and the views
 * that show it (lists, My day, department queues, its activity) are refetched.
 */
export function jobChanged(client: QueryClient, job: Job) {
  client.setQueryData(jobKeys.detail(job.id), job);
  return Promise.all([
    client.invalidateQueries({ queryKey: jobKeys.activity(job.id) }),
    client.invalidateQueries({ queryKey: jobKeys.changeOrders(job.id) }),
    client.invalidateQueries({ queryKey: jobKeys.lists() }),
    client.invalidateQueries({ queryKey: jobKeys.myDay() }),
    client.invalidateQueries({ queryKey: jobKeys.queues() }),
  ]);
}

/** The job list, soonest due first, page by page. */
export function useJobs(filters: JobFilters) {
  return useCursorList(jobKeys.list(filters), (cursor) => jobsApi.list({ ...filters, cursor }));
}

/** A few jobs matching a search, for pickers. */
export function useJobPick(accountId: string | undefined, term: string, enabled = true) {
  return useQuery({
    queryKey: jobKeys.pick(accountId, term),
    queryFn: () => jobsApi.list({ accountId, q: term, limit: 20 }),
    enabled,
  });
}

export function useJob(id: string) {
  return useQuery({ queryKey: jobKeys.detail(id), queryFn: () => jobsApi.get(id) });
}

/** Marks a job's dependants stale after a change made elsewhere (a shipment, say). */
export function useRefreshJob() {
  const client = useQueryClient();
  return (id: string) => {
    void client.invalidateQueries({ queryKey: jobKeys.detail(id) });
    void client.invalidateQueries({ queryKey: jobKeys.activity(id) });
  };
}

export function useCreateJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateJob>) => jobsApi.create(body),
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.lists() }),
  });
}

export function useUpdateJob(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof EditJob>) => jobsApi.update(id, body),
    onSuccess: (job) => void jobChanged(client, job),
  });
}

export function useDecideProof(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, ...body }: Body<typeof ProofDecision> & { itemId: string }) =>
      jobsApi.decideProof(id, itemId, body),
    onSuccess: (job) => void jobChanged(client, job),
  });
}

/** A reorder: a copy of the job with a new due date; one Idempotency-Key per dialog makes a double click one job. */
export function useCopyJob(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: Body<typeof CopyJob> & { idempotencyKey: string }) =>
      jobsApi.copy(id, body, idempotencyKey),
    onSuccess: () => void client.invalidateQueries({ queryKey: jobKeys.lists() }),
  });
}

/** Adds an item (in production, with a change order). */
export function useAddJobItem(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof AddJobItem>) => jobsApi.addItem(id, body),
    onSuccess: (job) => void jobChanged(client, job),
  });
}

/** Changes an item (in production, with a change order). */
export function useUpdateJobItem(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, ...body }: Body<typeof UpdateJobItem> & { itemId: string }) =>
      jobsApi.updateItem(id, itemId, body),
    onSuccess: (job) => void jobChanged(client, job),
  });
}

/** Removes an item (in production, with a change order). */
export function useRemoveJobItem(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, ...body }: Body<typeof RemoveJobItem> & { itemId: string }) =>
      jobsApi.removeItem(id, itemId, body),
    onSuccess: (job) => void jobChanged(client, job),
  });
}

/** The job's change orders, oldest first. */
export function useChangeOrders(id: string) {
  return useQuery({ queryKey: jobKeys.changeOrders(id), queryFn: () => jobsApi.changeOrders(id) });
}

/** Start, finish or block a stage; the job comes back with its plan and risk recomputed. */
export function useMoveStage(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ stageId, ...body }: Body<typeof UpdateStage> & { stageId: string }) =>
      jobsApi.moveStage(jobId, stageId, body),
    onSuccess: (job) => void jobChanged(client, job),
  });
}

export function useAddStage(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof AddStage>) => jobsApi.addStage(jobId, body),
    onSuccess: (job) => void jobChanged(client, job),
  });
}

export function useRemoveStage(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (stageId: string) => jobsApi.removeStage(jobId, stageId),
    onSuccess: (job) => void jobChanged(client, job),
  });
}

export function useJobComments(id: string) {
  return useQuery({ queryKey: jobKeys.comments(id), queryFn: () => jobsApi.comments(id) });
}

export function useAddComment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateComment>) => jobsApi.addComment(id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.comments(id) }),
  });
}

/** Everything that happened to the job, newest first. */
export function useJobActivity(id: string, limit: number) {
  return useCursorList([...jobKeys.activity(id), limit], (cursor) => jobsApi.activity(id, { limit, cursor }));
}

export function useJobFiles(id: string) {
  return useQuery({ queryKey: jobKeys.files(id), queryFn: () => jobsApi.files(id) });
}

export function useUploadJobFile(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof UploadJobFile>) => jobsApi.uploadFile(id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.files(id) }),
  });
}

/** The account's templates and the shop-wide ones. */
export function useJobTemplates(accountId: string | null) {
  return useQuery({
    queryKey: jobKeys.templates(accountId),
    queryFn: () => jobsApi.templates({ accountId }),
    enabled: Boolean(accountId),
  });
}

export function useSaveTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateTemplate>) => jobsApi.saveTemplate(body),
    onSuccess: () => void client.invalidateQueries({ queryKey: [...jobKeys.all, 'templates'] }),
  });
}

export function useJobFromTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ templateId, ...body }: Body<typeof JobFromTemplate> & { templateId: string }) =>
      jobsApi.fromTemplate(templateId, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: jobKeys.lists() }),
  });
}

/** The account manager's day; refreshed every minute while open. */
export function useMyDay() {
  return useQuery({ queryKey: jobKeys.myDay(), queryFn: jobsApi.myDay, refetchInterval: 60_000 });
}

/** A department's stages by status; refreshed every 30 seconds while open. */
export function useDepartmentQueue(departmentId: string | undefined) {
  return useQuery({
    queryKey: jobKeys.queue(departmentId),
    queryFn: () => jobsApi.queue(departmentId!),
    enabled: Boolean(departmentId),
    refetchInterval: 30_000,
  });
}
