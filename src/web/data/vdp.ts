import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ShopFont, TemplateInput, VdpTemplate } from '../../shared/vdp';
import { ApiError, api } from '../app/api';
import type { Body } from './http';

const templateUrl = (portalId: string, productId: string) => `/portals/${portalId}/products/${productId}/template`;

/** Variable-data templates on the staff side: the shop's fonts and each product's design with its fields. */
export const vdpApi = {
  fonts: () => api.get<{ items: ShopFont[] }>('/vdp-fonts'),
  uploadFont: (body: { filename: string; contentBase64: string }) => api.post<ShopFont>('/vdp-fonts', body),
  removeFont: (id: string) => api.delete<null>(`/vdp-fonts/${id}`),
  template: (portalId: string, productId: string) =>
    api.get<{ template: VdpTemplate | null }>(templateUrl(portalId, productId)),
  uploadDesign: (portalId: string, productId: string, body: { filename: string; contentBase64: string }) =>
    api.put<VdpTemplate>(`${templateUrl(portalId, productId)}/design`, body),
  save: (portalId: string, productId: string, body: Body<typeof TemplateInput>) =>
    api.put<VdpTemplate>(templateUrl(portalId, productId), body),
  remove: (portalId: string, productId: string) => api.delete<null>(templateUrl(portalId, productId)),
  preview: (portalId: string, productId: string, values: Record<string, string>) =>
    api.postForBlob(`${templateUrl(portalId, productId)}/preview.pdf`, { values }),
  /** The design's PDF bytes, for pdf.js in the editor. */
  async design(portalId: string, productId: string): Promise<ArrayBuffer> {
    const res = await fetch(`/api/v1${templateUrl(portalId, productId)}/design.pdf`, { credentials: 'same-origin' });
    if (!res.ok)
      throw new ApiError({
        type: 'about:blank',
        title: res.statusText,
        status: res.status,
        detail: 'The design could not be loaded',
        code: 'UNKNOWN',
      });
    return res.arrayBuffer();
  },
};

const keys = {
  fonts: ['vdp', 'fonts'] as const,
  template: (portalId: string, productId: string) => ['vdp', 'template', portalId, productId] as const,
};

export function useVdpFonts() {
  return useQuery({ queryKey: keys.fonts, queryFn: vdpApi.fonts });
}

export function useUploadFont() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: vdpApi.uploadFont,
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.fonts }),
  });
}

export function useRemoveFont() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: vdpApi.removeFont,
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.fonts }),
  });
}

export function useVdpTemplate(portalId: string, productId: string) {
  return useQuery({ queryKey: keys.template(portalId, productId), queryFn: () => vdpApi.template(portalId, productId) });
}

/** Uploading a design, saving placements and removing the template all answer the template's new state. */
export function useTemplateChange<A>(portalId: string, productId: string, change: (arg: A) => Promise<VdpTemplate | null>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (template) => client.setQueryData(keys.template(portalId, productId), { template }),
  });
}
