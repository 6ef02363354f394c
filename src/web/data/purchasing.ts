import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ListQuery } from '../../shared/common';
import type { ToReplenish } from '../../shared/replenish';
import type {
  CreatePurchaseOrder,
  JobMaterial,
  JobMaterialInput,
  Material,
  MaterialInput,
  MaterialListQuery,
  MaterialsStatusList,
  Movement as MovementSchema,
  MovementInput,
  PoFromShortages,
  PoListQuery,
  PurchaseOrder,
  PurchaseOrderSummary,
  ReceiptInput,
  SendPurchaseOrder,
  Shortage,
  UpdatePurchaseOrder,
  Vendor,
  VendorInput,
  VendorListQuery,
} from '../../shared/purchasing';
import { api, qs, useCursorList, type Body, type Filters, type Page, type Params } from './http';

export type Movement = z.infer<typeof MovementSchema>;

/** The purchasing API: vendors, materials and stock, what jobs need, shortages and purchase orders. */
export const purchasingApi = {
  vendors: (params: Params<typeof VendorListQuery>) => api.get<Page<Vendor>>(`/vendors${qs(params)}`),
  vendor: (id: string) => api.get<Vendor>(`/vendors/${id}`),
  createVendor: (body: Body<typeof VendorInput>) => api.post<Vendor>('/vendors', body),
  updateVendor: (id: string, body: Body<typeof VendorInput>) => api.put<Vendor>(`/vendors/${id}`, body),
  materials: (params: Params<typeof MaterialListQuery>) => api.get<Page<Material>>(`/materials${qs(params)}`),
  material: (id: string) => api.get<Material>(`/materials/${id}`),
  createMaterial: (body: Body<typeof MaterialInput>) => api.post<Material>('/materials', body),
  updateMaterial: (id: string, body: Body<typeof MaterialInput>) => api.put<Material>(`/materials/${id}`, body),
  movements: (id: string, params: Params<typeof ListQuery>) =>
    api.get<Page<Movement>>(`/materials/${id}/movements${qs(params)}`),
  move: (id: string, body: Body<typeof MovementInput>) => api.post<Material>(`/materials/${id}/movements`, body),
  jobMaterials: (jobId: string) => api.get<{ items: JobMaterial[] }>(`/jobs/${jobId}/materials`),
  addJobMaterial: (jobId: string, body: Body<typeof JobMaterialInput>) =>
    api.post<JobMaterial>(`/jobs/${jobId}/materials`, body),
  removeJobMaterial: (jobId: string, id: string) => api.delete<null>(`/jobs/${jobId}/materials/${id}`),
  materialsStatus: (jobIds: string[]) =>
    api.get<z.infer<typeof MaterialsStatusList>>(`/job-materials/status${qs({ jobIds: jobIds.join(',') })}`),
  shortages: () => api.get<{ items: Shortage[] }>('/shortages'),
  orders: (params: Params<typeof PoListQuery>) =>
    api.get<Page<PurchaseOrderSummary>>(`/purchase-orders${qs(params)}`),
  order: (id: string) => api.get<PurchaseOrder>(`/purchase-orders/${id}`),
  createOrder: (body: Body<typeof CreatePurchaseOrder>) => api.post<PurchaseOrder>('/purchase-orders', body),
  orderShortages: (body: Body<typeof PoFromShortages>) =>
    api.post<PurchaseOrder>('/purchase-orders/from-shortages', body),
  updateOrder: (id: string, body: Body<typeof UpdatePurchaseOrder>) =>
    api.patch<PurchaseOrder>(`/purchase-orders/${id}`, body),
  sendOrder: (id: string, body: Body<typeof SendPurchaseOrder>) =>
    api.post<PurchaseOrder>(`/purchase-orders/${id}/send`, body),
  /** A receipt; the key makes a double submit or a retry count once. */
  receive: (id: string, body: Body<typeof ReceiptInput>, idempotencyKey: string) =>
    api.post<PurchaseOrder>(`/purchase-orders/${id}/receipts`, body, { 'idempotency-key': idempotencyKey }),
};

type MaterialFilters = Filters<typeof MaterialListQuery>;
type PoFilters = Filters<typeof PoListQuery>;

export const purchasingKeys = {
  all: ['purchasing'] as const,
  vendors: () => [...purchasingKeys.all, 'vendors'] as const,
  vendorList: () => [...purchasingKeys.vendors(), 'list'] as const,
  activeVendors: () => [...purchasingKeys.vendors(), 'active'] as const,
  allVendors: () => [...purchasingKeys.vendors(), 'all'] as const,
  vendor: (id: string) => [...purchasingKeys.vendors(), 'detail', id] as const,
  materials: () => [...purchasingKeys.all, 'materials'] as const,
  materialList: (filters: MaterialFilters) => [...purchasingKeys.materials(), 'list', filters] as const,
  /** Up to 200 materials for pickers (a plain query, so not under the paged `list`). */
  allMaterials: () => [...purchasingKeys.materials(), 'all'] as const,
  material: (id: string) => [...purchasingKeys.materials(), 'detail', id] as const,
  movements: (id: string) => [...purchasingKeys.materials(), 'movements', id] as const,
  jobMaterials: () => [...purchasingKeys.all, 'job-materials'] as const,
  jobMaterialsOf: (jobId: string) => [...purchasingKeys.jobMaterials(), jobId] as const,
  materialsStatus: (jobIds: string[]) => [...purchasingKeys.jobMaterials(), 'status', jobIds] as const,
  shortages: () => [...purchasingKeys.all, 'shortages'] as const,
  /** Under `materials`, so any material or order change refreshes it. */
  toReplenish: () => [...purchasingKeys.materials(), 'to-replenish'] as const,
  orders: () => [...purchasingKeys.all, 'orders'] as const,
  orderList: (filters: PoFilters) => [...purchasingKeys.orders(), 'list', filters] as const,
  myOverdue: () => [...purchasingKeys.orders(), 'list', 'mine-overdue'] as const,
  order: (id: string) => [...purchasingKeys.orders(), 'detail', id] as const,
};

export function useVendors() {
  return useCursorList(purchasingKeys.vendorList(), (cursor) => purchasingApi.vendors({ limit: 100, cursor }));
}

/** Active vendors for pickers (up to 200). */
export function useActiveVendors(enabled = true) {
  return useQuery({
    queryKey: purchasingKeys.activeVendors(),
    queryFn: () => purchasingApi.vendors({ active: 'true', limit: 200 }),
    enabled,
  });
}

/** Every vendor, active or not (up to 200), for report parameters. */
export function useAllVendors(enabled = true) {
  return useQuery({
    queryKey: purchasingKeys.allVendors(),
    queryFn: () => purchasingApi.vendors({ limit: 200 }),
    enabled,
  });
}

export function useVendor(id: string) {
  return useQuery({ queryKey: purchasingKeys.vendor(id), queryFn: () => purchasingApi.vendor(id) });
}

/** Creates a vendor, or changes `id`; the answer becomes the vendor's cache entry. */
export function useSaveVendor(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof VendorInput>) =>
      id ? purchasingApi.updateVendor(id, body) : purchasingApi.createVendor(body),
    onSuccess: (vendor) => {
      client.setQueryData(purchasingKeys.vendor(vendor.id), vendor);
      void client.invalidateQueries({ queryKey: purchasingKeys.vendorList() });
      void client.invalidateQueries({ queryKey: purchasingKeys.activeVendors() });
      void client.invalidateQueries({ queryKey: purchasingKeys.allVendors() });
    },
  });
}

export function useMaterials(filters: MaterialFilters) {
  return useCursorList(purchasingKeys.materialList(filters), (cursor) =>
    purchasingApi.materials({ ...filters, cursor }),
  );
}

/** Up to 200 materials, for pickers. */
export function useAllMaterials(enabled = true) {
  return useQuery({
    queryKey: purchasingKeys.allMaterials(),
    queryFn: () => purchasingApi.materials({ limit: 200 }),
    enabled,
  });
}

export function useMaterial(id: string) {
  return useQuery({ queryKey: purchasingKeys.material(id), queryFn: () => purchasingApi.material(id) });
}

/** What a changed material refreshes: its cache entry, its movements, the material lists. */
function materialChanged(client: QueryClient, material: Material) {
  client.setQueryData(purchasingKeys.material(material.id), material);
  void client.invalidateQueries({ queryKey: purchasingKeys.movements(material.id) });
  void client.invalidateQueries({ queryKey: [...purchasingKeys.materials(), 'list'] });
  void client.invalidateQueries({ queryKey: purchasingKeys.allMaterials() });
}

export function useSaveMaterial(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof MaterialInput>) =>
      id ? purchasingApi.updateMaterial(id, body) : purchasingApi.createMaterial(body),
    onSuccess: (material) => materialChanged(client, material),
  });
}

export function useMovements(id: string) {
  return useCursorList(purchasingKeys.movements(id), (cursor) => purchasingApi.movements(id, { limit: 50, cursor }));
}

/** A stock adjustment, count or return. */
export function useMoveStock(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof MovementInput>) => purchasingApi.move(id, body),
    onSuccess: (material) => materialChanged(client, material),
  });
}

export function useJobMaterials(jobId: string) {
  return useQuery({
    queryKey: purchasingKeys.jobMaterialsOf(jobId),
    queryFn: () => purchasingApi.jobMaterials(jobId),
  });
}

export function useAddJobMaterial(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof JobMaterialInput>) => purchasingApi.addJobMaterial(jobId, body),
    onSuccess: () => client.invalidateQueries({ queryKey: purchasingKeys.jobMaterialsOf(jobId) }),
  });
}

export function useRemoveJobMaterial(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => purchasingApi.removeJobMaterial(jobId, id),
    onSuccess: () => client.invalidateQueries({ queryKey: purchasingKeys.jobMaterialsOf(jobId) }),
  });
}

/** Each job's materials status (for the production boards); at most 200 jobs. */
export function useMaterialsStatus(jobIds: string[]) {
  return useQuery({
    queryKey: purchasingKeys.materialsStatus(jobIds),
    queryFn: () => purchasingApi.materialsStatus(jobIds),
    enabled: jobIds.length > 0,
  });
}

export function useShortages() {
  return useQuery({ queryKey: purchasingKeys.shortages(), queryFn: purchasingApi.shortages });
}

/** What a purchase order's change refreshes: the order, the lists, shortages, job materials and stock. */
function orderChanged(client: QueryClient, po: PurchaseOrder) {
  client.setQueryData(purchasingKeys.order(po.id), po);
  void client.invalidateQueries({ queryKey: [...purchasingKeys.orders(), 'list'] });
  void client.invalidateQueries({ queryKey: purchasingKeys.shortages() });
  void client.invalidateQueries({ queryKey: purchasingKeys.jobMaterials() });
  void client.invalidateQueries({ queryKey: purchasingKeys.materials() });
}

/** Drafts one purchase order for the ticked shortages. */
export function useOrderShortages() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof PoFromShortages>) => purchasingApi.orderShortages(body),
    onSuccess: async (po) => {
      orderChanged(client, po);
      await client.invalidateQueries({ queryKey: purchasingKeys.shortages() });
      await client.invalidateQueries({ queryKey: purchasingKeys.jobMaterials() });
    },
  });
}

export function usePurchaseOrders(filters: PoFilters) {
  return useCursorList(purchasingKeys.orderList(filters), (cursor) => purchasingApi.orders({ ...filters, cursor }));
}

/** Overdue purchase orders that the signed-in account manager's jobs wait on; refreshed every minute. */
export function useMyOverduePurchaseOrders() {
  return useQuery({
    queryKey: purchasingKeys.myOverdue(),
    queryFn: () => purchasingApi.orders({ overdue: 'true', mine: 'true', limit: 50 }),
    refetchInterval: 60_000,
  });
}

export function usePurchaseOrder(id: string) {
  return useQuery({ queryKey: purchasingKeys.order(id), queryFn: () => purchasingApi.order(id) });
}

export function useSendPurchaseOrder(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof SendPurchaseOrder>) => purchasingApi.sendOrder(id, body),
    onSuccess: (po) => orderChanged(client, po),
  });
}

/** Closes or cancels a purchase order (or changes its date or notes). */
export function useUpdatePurchaseOrder(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof UpdatePurchaseOrder>) => purchasingApi.updateOrder(id, body),
    onSuccess: (po) => orderChanged(client, po),
  });
}

export function useReceivePurchaseOrder(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: Body<typeof ReceiptInput> & { idempotencyKey: string }) =>
      purchasingApi.receive(id, body, idempotencyKey),
    onSuccess: (po) => orderChanged(client, po),
  });
}

/** Materials at or below their reorder point, with the suggested order. */
export function useToReplenish() {
  return useQuery({
    queryKey: purchasingKeys.toReplenish(),
    queryFn: () => api.get<{ items: ToReplenish[] }>('/materials/to-replenish'),
  });
}

/** Puts a material at its reorder point on a draft PO to its preferred vendor. */
export function useReplenish() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (materialId: string) => api.post<PurchaseOrder>(`/materials/${materialId}/replenish`, {}),
    onSuccess: (po) => orderChanged(client, po),
  });
}
