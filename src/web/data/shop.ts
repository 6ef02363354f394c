import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ShopLogoInput, ShopProfile, ShopProfileInput } from '../../shared/shop';
import { api, type Body } from './http';

/** The shop's own profile: the letterhead its documents print and their paper size. */
export const shopApi = {
  profile: () => api.get<ShopProfile>('/shop-profile'),
  save: (body: Body<typeof ShopProfileInput>) => api.put<ShopProfile>('/shop-profile', body),
  setLogo: (body: Body<typeof ShopLogoInput>) => api.put<ShopProfile>('/shop-profile/logo', body),
  removeLogo: () => api.delete<ShopProfile>('/shop-profile/logo'),
};

export const shopKeys = { profile: () => ['shop-profile'] as const };

export function useShopProfile() {
  return useQuery({ queryKey: shopKeys.profile(), queryFn: shopApi.profile });
}

/** Saving the profile or its logo answers the new profile, which replaces the cached one. */
function useProfileMutation<T>(mutationFn: (input: T) => Promise<ShopProfile>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (profile) => client.setQueryData(shopKeys.profile(), profile),
  });
}

export const useSaveShopProfile = () => useProfileMutation(shopApi.save);
export const useSetShopLogo = () => useProfileMutation(shopApi.setLogo);
export const useRemoveShopLogo = () => useProfileMutation<void>(() => shopApi.removeLogo());
