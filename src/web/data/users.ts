import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AcceptInvite,
  ApiToken,
  CreateApiToken,
  CreatedApiToken,
  CreateUser,
  Login,
  Me,
  UpdateUser,
  User,
  UserListQuery,
} from '../../shared/users';
import { api, qs, type Body, type Page, type Params } from './http';

/** The users API: staff users, the signed-in user's session and API tokens. */
export const usersApi = {
  list: (params: Params<typeof UserListQuery>) => api.get<Page<User>>(`/users${qs(params)}`),
  create: (body: Body<typeof CreateUser>) => api.post<User>('/users', body),
  update: (id: string, body: Body<typeof UpdateUser>) => api.patch<User>(`/users/${id}`, body),
  tokens: () => api.get<Page<ApiToken>>('/api-tokens'),
  createToken: (body: Body<typeof CreateApiToken>) =>
    api.post<z.infer<typeof CreatedApiToken>>('/api-tokens', body),
  revokeToken: (id: string) => api.delete<null>(`/api-tokens/${id}`),
};

/** The staff session: who is signed in, sign-in, sign-out, accepting an invitation. */
export const authApi = {
  me: () => api.get<Me>('/auth/me'),
  login: (body: Body<typeof Login>) => api.post<Me>('/auth/login', body),
  logout: () => api.post<null>('/auth/logout'),
  acceptInvite: (body: Body<typeof AcceptInvite>) => api.post<null>('/auth/accept-invite', body),
};

export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'all'] as const,
  active: () => [...userKeys.all, 'active'] as const,
  tokens: () => ['api-tokens'] as const,
  /** The signed-in user; kept apart from `all` so user changes do not refetch the session. */
  me: () => ['me'] as const,
};

/** Every staff user, active or not. */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: userKeys.list(), queryFn: () => usersApi.list({}), enabled });
}

/** The active staff users (pickers of owners, assignees, recipients). */
export function useActiveUsers(enabled = true) {
  return useQuery({ queryKey: userKeys.active(), queryFn: () => usersApi.list({ active: 'true' }), enabled });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateUser>) => usersApi.create(body),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Body<typeof UpdateUser> & { id: string }) => usersApi.update(id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** The signed-in user's own API tokens. */
export function useApiTokens() {
  return useQuery({ queryKey: userKeys.tokens(), queryFn: usersApi.tokens });
}

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateApiToken>) => usersApi.createToken(body),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.tokens() }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => usersApi.revokeToken(id),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.tokens() }),
  });
}
