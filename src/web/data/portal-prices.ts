import { useQuery } from '@tanstack/react-query';
import type { ProductPrice } from '../../shared/portals';
import { api } from './http';
import { portalKeys } from './portal';

/** The price of a quantity of a portal product (the estimating engine's, for a product it prices). */
export function useProductPrice(slug: string, productId: string, quantity: number | null) {
  return useQuery({
    queryKey: [...portalKeys.product(slug, productId), 'price', quantity],
    queryFn: () => api.get<ProductPrice>(`/portal/${slug}/catalog/${productId}/price?quantity=${quantity}`),
    enabled: quantity !== null,
    retry: false,
  });
}
