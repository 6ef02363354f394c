import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, User } from '../../shared/users';
import { authApi, userKeys } from '../data/users';
import { ApiError, setCsrfToken, SIGNED_OUT } from './api';

type Auth = {
  user: User | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await authApi.me();
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.problem.status === 401) return null;
    throw err;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({ queryKey: userKeys.me(), queryFn: fetchMe, staleTime: Infinity });
  useEffect(() => {
    const ended = () => {
      setCsrfToken(null);
      client.setQueryData(userKeys.me(), null);
    };
    window.addEventListener(SIGNED_OUT, ended);
    return () => window.removeEventListener(SIGNED_OUT, ended);
  }, [client]);
  const value: Auth = {
    user: me.data?.user ?? null,
    loading: me.isLoading,
    async signIn(email, password) {
      const result = await authApi.login({ email, password });
      setCsrfToken(result.csrfToken);
      client.setQueryData(userKeys.me(), result);
    },
    async signOut() {
      await authApi.logout();
      setCsrfToken(null);
      client.clear();
      client.setQueryData(userKeys.me(), null);
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
