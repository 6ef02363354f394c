import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { InventoryItemEdit, PickLine, PickList, PickTick } from '../../shared/pick-list';
import type { InventoryItem } from '../../shared/portals';
import { api, type Body } from './http';
import { portalsKeys } from './portals';

/** The warehouse's pick lists and bin locations. */
export const pickListApi = {
  list: (orders: string[]) => api.get<PickList>(`/pick-list?orders=${orders.join(',')}`),
  pdfUrl: (orders: string[]) => `/api/v1/pick-list.pdf?orders=${orders.join(',')}`,
  tick: (orderId: string, body: Body<typeof PickTick>) => api.post<PickList>(`/orders/${orderId}/pick-ticks`, body),
  scan: (orders: string[], code: string) =>
    api.post<{ list: PickList; ticked: PickLine }>('/pick-list/scan', { orders, code }),
  confirm: (orders: string[]) => api.post<PickList>('/pick-list/confirm', { orders }),
  editItem: (id: string, body: z.input<typeof InventoryItemEdit>) =>
    api.patch<InventoryItem>(`/inventory/items/${id}`, body),
};

const key = (orders: string[]) => ['pick-list', [...orders].sort().join(',')] as const;

export function usePickList(orders: string[]) {
  return useQuery({ queryKey: key(orders), queryFn: () => pickListApi.list(orders), enabled: orders.length > 0 });
}

/** Ticks, scans and the confirmation answer with the list, which replaces the cached one. */
export function usePickActions(orders: string[]) {
  const client = useQueryClient();
  const put = (list: PickList) => client.setQueryData(key(orders), list);
  return {
    tick: useMutation({
      mutationFn: (v: { orderId: string } & Body<typeof PickTick>) => {
        const { orderId, ...body } = v;
        return pickListApi.tick(orderId, body);
      },
      onSuccess: put,
    }),
    scan: useMutation({
      mutationFn: (code: string) => pickListApi.scan(orders, code),
      onSuccess: (r) => put(r.list),
    }),
    confirm: useMutation({
      mutationFn: () => pickListApi.confirm(orders),
      onSuccess: (list) => {
        put(list);
        return client.invalidateQueries({ queryKey: portalsKeys.orders() });
      },
    }),
  };
}

export function useEditInventoryItem(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof InventoryItemEdit>) => pickListApi.editItem(id, body),
    onSuccess: (item) => {
      client.setQueryData(portalsKeys.inventoryItem(id), item);
      return client.invalidateQueries({ queryKey: portalsKeys.inventory() });
    },
  });
}
