import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  PunchOutSecret,
  PunchOutSecretInput,
  PunchOutSettings,
  PunchOutSettingsInput,
  PunchOutState,
} from '../../shared/punchout';
import { api, type Body } from './http';
import { portalKeys } from './portal';

/** cXML PunchOut: a portal's set-up (staff), and the punch-out session's return of the cart (portal). */
export const punchoutApi = {
  settings: (portalId: string) => api.get<PunchOutSettings>(`/portals/${portalId}/punchout`),
  save: (portalId: string, body: Body<typeof PunchOutSettingsInput>) =>
    api.put<PunchOutSettings>(`/portals/${portalId}/punchout`, body),
  setSecret: (portalId: string, body: Body<typeof PunchOutSecretInput>) =>
    api.post<z.infer<typeof PunchOutSecret>>(`/portals/${portalId}/punchout/secret`, body),
  state: (slug: string) => api.get<z.infer<typeof PunchOutState>>(`/portal/${slug}/punchout`),
};

const keys = {
  settings: (portalId: string) => ['portals', portalId, 'punchout'] as const,
  state: (slug: string) => [...portalKeys.all(slug), 'punchout'] as const,
};

/** A portal's PunchOut set-up; `null` when none is saved yet (the API's 404). */
export function usePunchOutSettings(portalId: string) {
  return useQuery({
    queryKey: keys.settings(portalId),
    queryFn: () =>
      punchoutApi.settings(portalId).catch((err: { problem?: { status?: number } }) => {
        if (err.problem?.status === 404) return null;
        throw err;
      }),
  });
}

export function useSavePunchOut(portalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof PunchOutSettingsInput>) => punchoutApi.save(portalId, body),
    onSuccess: (settings) => client.setQueryData(keys.settings(portalId), settings),
  });
}

export function useSetPunchOutSecret(portalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof PunchOutSecretInput>) => punchoutApi.setSecret(portalId, body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.settings(portalId) }),
  });
}

/** Whether the portal session is a punch-out session. */
export function usePunchOutState(slug: string) {
  return useQuery({ queryKey: keys.state(slug), queryFn: () => punchoutApi.state(slug), staleTime: Infinity });
}
