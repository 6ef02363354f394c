import { createContext, useContext, useEffect, type ReactNode } from 'react';
import type { PortalRole, PortalSession } from '../../../shared/portals';
import { PORTAL_SIGNED_OUT } from '../../app/api';
import { portalApi, usePortalSessionQuery } from '../../data/portal';

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

/** The portal user's session, kept like the staff one (src/web/app/auth.tsx) but per portal slug. */
export function PortalAuthProvider({ slug, children }: { slug: string; children: ReactNode }) {
  const { me, started, ended, expired } = usePortalSessionQuery(slug);
  useEffect(() => {
    window.addEventListener(PORTAL_SIGNED_OUT, expired);
    return () => window.removeEventListener(PORTAL_SIGNED_OUT, expired);
  }, [expired]);
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
        ended();
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
