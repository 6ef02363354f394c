import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SendProof, SentProof } from '../../shared/proofs';
import { api, type Body, type Page } from './http';
import { jobKeys } from './jobs';

/** Proofs staff send to clients and follow (the client's side is in client-proofs.ts, for the portal bundle). */
export const proofsApi = {
  ofJob: (jobId: string) => api.get<Page<SentProof>>(`/jobs/${jobId}/proofs`),
  send: (jobId: string, body: Body<typeof SendProof>) => api.post<SentProof>(`/jobs/${jobId}/proofs`, body),
};

const keys = { job: (jobId: string) => [...jobKeys.all, 'proofs', jobId] as const };

export function useJobProofs(jobId: string) {
  return useQuery({ queryKey: keys.job(jobId), queryFn: () => proofsApi.ofJob(jobId) });
}

/** Sends a proof; the job (its item is waiting again), its proofs and its activity refresh. */
export function useSendProof(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof SendProof>) => proofsApi.send(jobId, body),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.job(jobId) }),
        client.invalidateQueries({ queryKey: jobKeys.detail(jobId) }),
        client.invalidateQueries({ queryKey: jobKeys.activity(jobId) }),
      ]),
  });
}

/** After a new file version or a staff decision: where the job's proofs stand may have changed. */
export function useProofsChanged(jobId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.job(jobId) }),
      client.invalidateQueries({ queryKey: jobKeys.detail(jobId) }),
      client.invalidateQueries({ queryKey: jobKeys.activity(jobId) }),
    ]);
}
