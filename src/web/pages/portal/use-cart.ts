import { useCartQuery } from '../../data/portal';
import { can, usePortal, usePortalSession } from './portal-auth';

/** The signed-in user's cart (the cart hooks of the data module keep it current after each change). */
export function useCart() {
  const { slug } = usePortal();
  const session = usePortalSession();
  const cart = useCartQuery(slug, can.order(session.user.role));
  return {
    cart: cart.data,
    loading: cart.isLoading,
    error: cart.error,
    count: cart.data?.lines.length ?? 0,
  };
}
