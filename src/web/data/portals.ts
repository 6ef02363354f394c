import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ListQuery } from '../../shared/common';
import type {
  Decision,
  InventoryItem,
  InventoryItemInput,
  InventoryListQuery,
  InventoryMovement as InventoryMovementSchema,
  InventoryMovementInput,
  Order,
  OrderListQuery,
  Portal,
  PortalInput,
  PortalUser,
  PortalUserInput,
  Product,
  ProductInput,
} from '../../shared/portals';
import { api, qs, useCursorList, type Body, type Filters, type Page, type Params } from './http';

export type InventoryMovement = z.infer<typeof InventoryMovementSchema>;
/** The inventory list also takes `mine` (the signed-in account manager's accounts; the route adds it). */
type InventoryParams = Params<typeof InventoryListQuery> & { mine?: 'true' | 'false' };

/** The staff side of portals: portals, their users and products, client inventory, and portal orders. */
export const portalsApi = {
  list: () => api.get<Page<Portal>>('/portals'),
  get: (id: string) => api.get<Portal>(`/portals/${id}`),
  create: (body: Body<typeof PortalInput>) => api.post<Portal>('/portals', body),
  update: (id: string, body: Body<typeof PortalInput>) => api.put<Portal>(`/portals/${id}`, body),
  users: (id: string) => api.get<Page<PortalUser>>(`/portals/${id}/users${qs({ limit: 200 })}`),
  inviteUser: (id: string, body: Body<typeof PortalUserInput>) => api.post<PortalUser>(`/portals/${id}/users`, body),
  updateUser: (id: string, userId: string, body: Body<typeof PortalUserInput>) =>
    api.put<PortalUser>(`/portals/${id}/users/${userId}`, body),
  products: (id: string) => api.get<Page<Product>>(`/portals/${id}/products${qs({ limit: 200 })}`),
  createProduct: (id: string, body: Body<typeof ProductInput>) => api.post<Product>(`/portals/${id}/products`, body),
  updateProduct: (id: string, productId: string, body: Body<typeof ProductInput>) =>
    api.put<Product>(`/portals/${id}/products/${productId}`, body),
  inventory: (params: InventoryParams) => api.get<Page<InventoryItem>>(`/inventory/items${qs(params)}`),
  inventoryItem: (id: string) => api.get<InventoryItem>(`/inventory/items/${id}`),
  createInventoryItem: (body: Body<typeof InventoryItemInput>) => api.post<InventoryItem>('/inventory/items', body),
  inventoryMovements: (id: string, params: Params<typeof ListQuery>) =>
    api.get<Page<InventoryMovement>>(`/inventory/items/${id}/movements${qs(params)}`),
  recordMovement: (id: string, body: Body<typeof InventoryMovementInput>) =>
    api.post<InventoryItem>(`/inventory/items/${id}/movements`, body),
  reprint: (id: string, idempotencyKey: string) =>
    api.post<{ jobId: string; number: string }>(`/inventory/items/${id}/reprint`, undefined, {
      'idempotency-key': idempotencyKey,
    }),
  orders: (params: Params<typeof OrderListQuery>) => api.get<Page<Order>>(`/orders${qs(params)}`),
  order: (id: string) => api.get<Order>(`/orders/${id}`),
  /** Approves or rejects an order on the client's behalf. */
  decide: (id: string, how: 'approve' | 'reject', body: Body<typeof Decision>) =>
    api.post<Order>(`/orders/${id}/${how}`, body),
  pick: (id: string) => api.post<Order>(`/orders/${id}/pick`),
};

type InventoryFilters = Omit<InventoryParams, 'cursor'>;
type OrderFilters = Filters<typeof OrderListQuery>;

export const portalsKeys = {
  all: ['portals'] as const,
  list: () => [...portalsKeys.all, 'list'] as const,
  detail: (id: string) => [...portalsKeys.all, 'detail', id] as const,
  users: (id: string) => [...portalsKeys.all, 'users', id] as const,
  products: (id: string) => [...portalsKeys.all, 'products', id] as const,
  inventory: () => ['inventory'] as const,
  inventoryList: (filters: InventoryFilters) => [...portalsKeys.inventory(), 'list', filters] as const,
  /** An account's items for the product form (a plain query, so not under the paged `list`). */
  inventoryOf: (accountId: string) => [...portalsKeys.inventory(), 'of-account', accountId] as const,
  myLowStock: () => [...portalsKeys.inventory(), 'mine-low'] as const,
  inventoryItem: (id: string) => [...portalsKeys.inventory(), 'detail', id] as const,
  inventoryMovements: (id: string) => [...portalsKeys.inventory(), 'movements', id] as const,
  orders: () => ['orders'] as const,
  orderList: (filters: OrderFilters) => [...portalsKeys.orders(), 'list', filters] as const,
  myOrders: (status: 'pending_approval' | 'approved') => [...portalsKeys.orders(), 'mine', status] as const,
  order: (id: string) => [...portalsKeys.orders(), 'detail', id] as const,
};

/** The portals of the accounts this user manages. */
export function usePortals() {
  return useCursorList(portalsKeys.list(), () => portalsApi.list());
}

export function usePortalAdmin(id: string) {
  return useQuery({ queryKey: portalsKeys.detail(id), queryFn: () => portalsApi.get(id) });
}

/** Creates a portal, or changes `id`; the answer becomes the portal's cache entry. */
export function useSavePortal(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof PortalInput>) => (id ? portalsApi.update(id, body) : portalsApi.create(body)),
    onSuccess: (portal) => {
      client.setQueryData(portalsKeys.detail(portal.id), portal);
      void client.invalidateQueries({ queryKey: portalsKeys.list() });
    },
  });
}

export function usePortalUsers(id: string) {
  return useQuery({ queryKey: portalsKeys.users(id), queryFn: () => portalsApi.users(id) });
}

/** Invites a portal user, or changes `userId`; the users and the portal (its counts) refresh. */
export function useSavePortalUser(id: string, userId?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof PortalUserInput>) =>
      userId ? portalsApi.updateUser(id, userId, body) : portalsApi.inviteUser(id, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: portalsKeys.users(id) });
      void client.invalidateQueries({ queryKey: portalsKeys.detail(id) });
    },
  });
}

export function usePortalProducts(id: string) {
  return useQuery({ queryKey: portalsKeys.products(id), queryFn: () => portalsApi.products(id) });
}

export function useSaveProduct(id: string, productId?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof ProductInput>) =>
      productId ? portalsApi.updateProduct(id, productId, body) : portalsApi.createProduct(id, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: portalsKeys.products(id) }),
  });
}

export function useInventory(filters: InventoryFilters) {
  return useCursorList(portalsKeys.inventoryList(filters), (cursor) =>
    portalsApi.inventory({ ...filters, cursor }),
  );
}

/** An account's stocked items (up to 200), for the product form. */
export function useAccountInventory(accountId: string, enabled: boolean) {
  return useQuery({
    queryKey: portalsKeys.inventoryOf(accountId),
    queryFn: () => portalsApi.inventory({ accountId, limit: 200 }),
    enabled,
  });
}

/** Low stock of the signed-in account manager's accounts; refreshed every minute. */
export function useMyLowStock() {
  return useQuery({
    queryKey: portalsKeys.myLowStock(),
    queryFn: () => portalsApi.inventory({ low: 'true', mine: 'true', limit: 20 }),
    refetchInterval: 60_000,
  });
}

export function useInventoryItem(id: string) {
  return useQuery({ queryKey: portalsKeys.inventoryItem(id), queryFn: () => portalsApi.inventoryItem(id) });
}

export function useInventoryMovements(id: string) {
  return useCursorList(portalsKeys.inventoryMovements(id), (cursor) =>
    portalsApi.inventoryMovements(id, { limit: 50, cursor }),
  );
}

export function useCreateInventoryItem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof InventoryItemInput>) => portalsApi.createInventoryItem(body),
    onSuccess: () => void client.invalidateQueries({ queryKey: portalsKeys.inventory() }),
  });
}

/** A receipt, adjustment or count of a client's stocked item. */
export function useRecordMovement(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof InventoryMovementInput>) => portalsApi.recordMovement(id, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: portalsKeys.inventory() }),
  });
}

/** A reprint job for a stocked item, made from its product's specs; the same key twice makes one job. */
export function useReprint(id: string) {
  return useMutation({ mutationFn: (idempotencyKey: string) => portalsApi.reprint(id, idempotencyKey) });
}

export function useOrders(filters: OrderFilters) {
  return useCursorList(portalsKeys.orderList(filters), (cursor) => portalsApi.orders({ ...filters, cursor }));
}

/** The signed-in account manager's orders in one status (My day); refreshed every minute. */
export function useMyOrders(status: 'pending_approval' | 'approved') {
  return useQuery({
    queryKey: portalsKeys.myOrders(status),
    queryFn: () => portalsApi.orders({ status, mine: 'true', limit: 20 }),
    refetchInterval: 60_000,
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: portalsKeys.order(id),
    queryFn: () => portalsApi.order(id),
    // Being released: the job is made within seconds after the approval; show it when it is.
    refetchInterval: (q) => (q.state.data?.releasing ? 2_000 : false),
  });
}

/** An order changed: its cache entry takes the answer; order lists and stock figures refresh. */
function orderChanged(client: QueryClient, order: Order) {
  client.setQueryData(portalsKeys.order(order.id), order);
  void client.invalidateQueries({ queryKey: [...portalsKeys.orders(), 'list'] });
  void client.invalidateQueries({ queryKey: [...portalsKeys.orders(), 'mine'] });
  void client.invalidateQueries({ queryKey: portalsKeys.inventory() });
}

export function useDecideStaffOrder(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ how, ...body }: Body<typeof Decision> & { how: 'approve' | 'reject' }) =>
      portalsApi.decide(id, how, body),
    onSuccess: (order) => orderChanged(client, order),
  });
}

/** Confirms the pick of an order's stocked lines. */
export function usePickOrder(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => portalsApi.pick(id),
    onSuccess: (order) => orderChanged(client, order),
  });
}
