import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Job } from '../../shared/jobs';
import type { DeliveryEstimate, DeliveryEstimateRequest, DepartmentLoad, PlanStage } from '../../shared/planning';
import { api, type Body } from './http';
import { jobChanged, jobKeys } from './jobs';

/** The planning API: a department's load, moving a stage to a day, and "when can we deliver?". */
export const planningApi = {
  load: (departmentId: string, from: string, days: number) =>
    api.get<DepartmentLoad>(`/departments/${departmentId}/load?from=${from}&days=${days}`),
  planStage: (jobId: string, stageId: string, body: Body<typeof PlanStage>) =>
    api.put<Job>(`/jobs/${jobId}/stages/${stageId}/plan`, body),
  estimate: (body: Body<typeof DeliveryEstimateRequest>) =>
    api.post<DeliveryEstimate>('/planning/delivery-estimate', body),
};

const loadKey = (departmentId: string | undefined) => [...jobKeys.all, 'load', departmentId] as const;

/** A department's booked hours per day over the next `days` days. */
export function useDepartmentLoad(departmentId: string | undefined, from: string, days = 10) {
  return useQuery({
    queryKey: [...loadKey(departmentId), from, days],
    queryFn: () => planningApi.load(departmentId!, from, days),
    enabled: Boolean(departmentId),
    refetchInterval: 30_000,
  });
}

/** Moves a stage to a day and/or a machine; the job, the queues and every load bar refresh. */
export function usePlanStage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, stageId, ...body }: { jobId: string; stageId: string } & Body<typeof PlanStage>) =>
      planningApi.planStage(jobId, stageId, body),
    onSuccess: async (job) => {
      await jobChanged(client, job);
      await client.invalidateQueries({ queryKey: [...jobKeys.all, 'load'] });
    },
  });
}

/** The earliest due date for work being entered (no query until there is something to place). */
export function useDeliveryEstimate(body: Body<typeof DeliveryEstimateRequest> | null) {
  return useQuery({
    queryKey: ['planning', 'estimate', body],
    queryFn: () => planningApi.estimate(body!),
    enabled: Boolean(body?.items.length),
  });
}
