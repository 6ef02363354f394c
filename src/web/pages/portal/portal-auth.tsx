import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { PortalRole, PortalSession } from '../../../shared/portals';
import { ApiError, PORTAL_SIGNED_OUT, setPortalCsrfToken } from '../../app/api';
import { portalApi, portalKeys } from '../../data/portal';

export type { Branding } from '../../data/portal';

type PortalAuth = {
  slug: string;
  /** `/p/{slug}` plus the given path: every link inside the portal goes through this. */
  to(path?: string): string;
  session: PortalSession | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  accept(token: string, password: string): Promise<void>;
  signOut(): Promise<void>;
};

const PortalContext = createContext<PortalAuth | null>(null);

async function fetchSession(slug: string): Promise<PortalSession | null> {
  try {
    const session = await portalApi.me(slug);
    setPortalCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (err instanceof ApiError && (err.problem.status === 401 || err.problem.status === 403)) return null;
    throw err;
  }
}

/** The portal user's session, kept like the staff one (src/web/app/auth.tsx) but per portal slug. */
export function PortalAuthProvider({ slug, children }: { slug: string; children: ReactNode }) {
  const client = useQueryClient();
  const key = portalKeys.me(slug);
  const me = useQuery({ queryKey: key, queryFn: () => fetchSession(slug), staleTime: Infinity });
  useEffect(() => {
    const ended = () => {
      setPortalCsrfToken(null);
      client.setQueryData(portalKeys.me(slug), null);
    };
    window.addEventListener(PORTAL_SIGNED_OUT, ended);
    return () => window.removeEventListener(PORTAL_SIGNED_OUT, ended);
  }, [client, slug]);
  const started = (session: PortalSession) => {
    setPortalCsrfToken(session.csrfToken);
    client.removeQueries({
      queryKey: portalKeys.all(slug),
      predicate: (q) => !['me', 'branding'].includes(q.queryKey[2] as string),
    });
    client.setQueryData(key, session);
  };
  const value: PortalAuth = {
    slug,
    to: (path = '') => `/p/${slug}${path}`,
    session: me.data ?? null,
    loading: me.isLoading,
    async signIn(email, password) {
      started(await portalApi.login(slug, { email, password }));
    },
    async accept(token, password) {
      started(await portalApi.accept(slug, { token, password }));
    },
    async signOut() {
      try {
        await portalApi.logout(slug);
      } finally {
        setPortalCsrfToken(null);
        client.removeQueries({
          queryKey: portalKeys.all(slug),
          predicate: (q) => q.queryKey[2] !== 'branding',
        });
        client.setQueryData(key, null);
      }
    },
  };
  return <PortalContext.Provider value={value}>{children}</PortalContext.Provider>;
}

export function usePortal(): PortalAuth {
  const ctx = useContext(PortalContext);
  if (!ctx) throw new Error('usePortal outside PortalAuthProvider');
  return ctx;
}

/** The signed-in portal session (only inside the signed-in part of the portal). */
export function usePortalSession(): PortalSession {
  const { session } = usePortal();
  if (!session) throw new Error('Not signed in to the portal');
  return session;
}

/** What each role may do; the server decides, this only hides what would be refused. */
export const can = {
  order: (r: PortalRole) => r === 'buyer' || r === 'approver' || r === 'client_admin',
  approve: (r: PortalRole) => r === 'approver' || r === 'client_admin',
  seeInventory: (r: PortalRole) => r === 'client_admin' || r === 'viewer',
  /** Everyone sees the budgets of their own cost centres (client admins: all of them). */
  seeBudgets: (_r: PortalRole) => true,
};
