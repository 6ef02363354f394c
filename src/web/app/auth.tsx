import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, User } from '../../shared/users';
import { api, ApiError, setCsrfToken, SIGNED_OUT } from './api';

type Auth = {
  user: User | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.problem.status === 401) return null;
    throw err;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: Infinity });
  useEffect(() => {
    const ended = () => {
      setCsrfToken(null);
      client.setQueryData(['me'], null);
    };
    window.addEventListener(SIGNED_OUT, ended);
    return () => window.removeEventListener(SIGNED_OUT, ended);
  }, [client]);
  const value: Auth = {
    user: me.data?.user ?? null,
    loading: me.isLoading,
    async signIn(email, password) {
      const result = await api.post<Me>('/auth/login', { email, password });
      setCsrfToken(result.csrfToken);
      client.setQueryData(['me'], result);
    },
    async signOut() {
      await api.post('/auth/logout');
      setCsrfToken(null);
      client.clear();
      client.setQueryData(['me'], null);
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The signed-in user (only inside the signed-in part of the app). */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('Not signed in');
  return user;
}
