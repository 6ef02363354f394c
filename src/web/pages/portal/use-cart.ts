import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Cart } from '../../../shared/portals';
import { api } from '../../app/api';
import { can, usePortal, usePortalSession } from './portal-auth';

/** The signed-in user's cart; `put` stores the cart a change answered with. */
export function useCart() {
  const { slug, url } = usePortal();
  const session = usePortalSession();
  const client = useQueryClient();
  const key = ['portal', slug, 'cart'];
  const cart = useQuery({
    queryKey: key,
    queryFn: () => api.get<Cart>(url('/cart')),
    enabled: can.order(session.user.role),
  });
  return {
    cart: cart.data,
    loading: cart.isLoading,
    error: cart.error,
    count: cart.data?.lines.length ?? 0,
    put: (next: Cart) => client.setQueryData(key, next),
  };
}
