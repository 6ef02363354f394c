import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  LinkProofDecision,
  PortalProof,
  PortalProofDecision,
  PublicProof,
} from '../../shared/proofs';
import { api, type Body } from './http';
import { portalKeys } from './portal';

/** The client's side of proofs: the e-mailed link's page (no sign-in) and the portal's proofs. */
export const clientProofsApi = {
  byToken: (token: string) => api.get<PublicProof>(`/proof-links/${token}`),
  decideByToken: (token: string, body: Body<typeof LinkProofDecision>) =>
    api.post<PublicProof>(`/proof-links/${token}/decision`, body),
  ofPortal: (slug: string) => api.get<{ items: PortalProof[] }>(`/portal/${slug}/proofs`),
  decideInPortal: (slug: string, id: string, body: Body<typeof PortalProofDecision>) =>
    api.post<PortalProof>(`/portal/${slug}/proofs/${id}/decision`, body),
};

/** The proof files the browser shows itself (in a frame or a new tab). */
export const proofFileLinks = {
  byToken: (token: string) => `/api/v1/proof-links/${token}/file`,
  inPortal: (slug: string, id: string) => `/api/v1/portal/${slug}/proofs/${id}/file`,
};

const keys = {
  link: (token: string) => ['proof-link', token] as const,
  portal: (slug: string) => [...portalKeys.all(slug), 'proofs'] as const,
};

export function useLinkProof(token: string) {
  return useQuery({ queryKey: keys.link(token), queryFn: () => clientProofsApi.byToken(token), retry: false });
}

/** The client's decision through the link; the page then shows the decision the server recorded. */
export function useDecideByLink(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof LinkProofDecision>) => clientProofsApi.decideByToken(token, body),
    onSuccess: (proof) => client.setQueryData(keys.link(token), proof),
    onError: () => client.invalidateQueries({ queryKey: keys.link(token) }),
  });
}

export function usePortalProofs(slug: string) {
  return useQuery({ queryKey: keys.portal(slug), queryFn: () => clientProofsApi.ofPortal(slug) });
}

export function useDecidePortalProof(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Body<typeof PortalProofDecision> & { id: string }) =>
      clientProofsApi.decideInPortal(slug, id, body),
    onSettled: () => client.invalidateQueries({ queryKey: keys.portal(slug) }),
  });
}

/** A proof file fetched for showing in the page: an object URL for a frame or an image, freed when done. */
export function useProofFile(url: string) {
  const file = useQuery({
    queryKey: ['proof-file', url],
    queryFn: async () => {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`The proof file cannot be shown (${res.status})`);
      return res.blob();
    },
    staleTime: Infinity,
    retry: false,
  });
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!file.data) return;
    const objectUrl = URL.createObjectURL(file.data);
    setSrc(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file.data]);
  return { src, isImage: Boolean(file.data?.type.startsWith('image/')), error: file.error };
}
