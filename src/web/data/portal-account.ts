import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CartRefilled,
  Favourites,
  PasswordChange,
  PasswordReset,
  PasswordResetRequest,
  PortalPreferences,
  SavedCart,
} from '../../shared/portal-account';
import { api, type Body, type Page } from './http';
import { portalKeys } from './portal';

/** A portal user's own account and the buyer's conveniences: passwords, e-mails, favourites, saved carts, reorder. */
export const portalAccountApi = {
  requestReset: (slug: string, body: Body<typeof PasswordResetRequest>) =>
    api.post<{ message: string }>(`/portal/${slug}/auth/reset-request`, body),
  reset: (slug: string, body: Body<typeof PasswordReset>) => api.post<null>(`/portal/${slug}/auth/reset`, body),
  changePassword: (slug: string, body: Body<typeof PasswordChange>) =>
    api.post<null>(`/portal/${slug}/account/password`, body),
  preferences: (slug: string) => api.get<PortalPreferences>(`/portal/${slug}/account/preferences`),
  setPreferences: (slug: string, body: PortalPreferences) =>
    api.put<PortalPreferences>(`/portal/${slug}/account/preferences`, body),
  favourites: (slug: string) => api.get<Favourites>(`/portal/${slug}/favourites`),
  star: (slug: string, id: string, starred: boolean) =>
    starred
      ? api.put<Favourites>(`/portal/${slug}/favourites/${id}`, undefined)
      : api.delete<Favourites>(`/portal/${slug}/favourites/${id}`),
  reorder: (slug: string, orderId: string) => api.post<CartRefilled>(`/portal/${slug}/orders/${orderId}/reorder`),
  savedCarts: (slug: string) => api.get<Page<SavedCart>>(`/portal/${slug}/saved-carts`),
  saveCart: (slug: string, name: string) => api.post<SavedCart>(`/portal/${slug}/saved-carts`, { name }),
  restoreCart: (slug: string, id: string) => api.post<CartRefilled>(`/portal/${slug}/saved-carts/${id}/restore`),
  deleteSavedCart: (slug: string, id: string) => api.delete<null>(`/portal/${slug}/saved-carts/${id}`),
};

const keys = {
  preferences: (slug: string) => [...portalKeys.all(slug), 'preferences'] as const,
  favourites: (slug: string) => [...portalKeys.all(slug), 'favourites'] as const,
  savedCarts: (slug: string) => [...portalKeys.all(slug), 'saved-carts'] as const,
};

export function usePreferences(slug: string) {
  return useQuery({ queryKey: keys.preferences(slug), queryFn: () => portalAccountApi.preferences(slug) });
}
export function useSetPreferences(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PortalPreferences) => portalAccountApi.setPreferences(slug, body),
    onSuccess: (prefs) => client.setQueryData(keys.preferences(slug), prefs),
  });
}

export function useFavourites(slug: string) {
  return useQuery({ queryKey: keys.favourites(slug), queryFn: () => portalAccountApi.favourites(slug) });
}
export function useStar(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, starred }: { id: string; starred: boolean }) => portalAccountApi.star(slug, id, starred),
    onSuccess: (favs) => {
      client.setQueryData(keys.favourites(slug), favs);
      return client.invalidateQueries({ queryKey: portalKeys.catalog(slug) });
    },
  });
}

/** Reorder and restore answer with the new cart, which replaces the cached one. */
function useRefill<V>(slug: string, refill: (v: V) => Promise<CartRefilled>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: refill,
    onSuccess: (r) => client.setQueryData(portalKeys.cart(slug), r.cart),
  });
}
export const useReorder = (slug: string) => useRefill(slug, (orderId: string) => portalAccountApi.reorder(slug, orderId));
export const useRestoreCart = (slug: string) =>
  useRefill(slug, (id: string) => portalAccountApi.restoreCart(slug, id));

export function useSavedCarts(slug: string) {
  return useQuery({ queryKey: keys.savedCarts(slug), queryFn: () => portalAccountApi.savedCarts(slug) });
}
export function useSaveCart(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => portalAccountApi.saveCart(slug, name),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.savedCarts(slug) }),
  });
}
export function useDeleteSavedCart(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => portalAccountApi.deleteSavedCart(slug, id),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.savedCarts(slug) }),
  });
}
