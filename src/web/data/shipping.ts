import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateShipment,
  Shipment,
  ShipmentListQuery,
  TrackingCheck,
  TrackingCheckResult,
  UpdateShipment,
} from '../../shared/shipping';
import { api, qs, useCursorList, type Body, type Filters, type Page, type Params } from './http';
import { jobKeys } from './jobs';

/** The shipping API: shipments of jobs, their moves, tracking-number checks. */
export const shippingApi = {
  list: (params: Params<typeof ShipmentListQuery>) => api.get<Page<Shipment>>(`/shipments${qs(params)}`),
  create: (body: Body<typeof CreateShipment>) => api.post<Shipment>('/shipments', body),
  update: (id: string, body: Body<typeof UpdateShipment>) => api.patch<Shipment>(`/shipments/${id}`, body),
  checkTracking: (body: Body<typeof TrackingCheck>) =>
    api.post<z.infer<typeof TrackingCheckResult>>('/shipments/check-tracking', body),
};

/** Shipping documents the browser opens itself. */
export const shippingLinks = {
  packingSlip: (id: string) => `/api/v1/shipments/${id}/packing-slip.pdf`,
  billOfLading: (id: string) => `/api/v1/shipments/${id}/bill-of-lading.pdf`,
};

type ShipmentFilters = Filters<typeof ShipmentListQuery>;

export const shippingKeys = {
  all: ['shipments'] as const,
  list: (filters: ShipmentFilters) => [...shippingKeys.all, 'list', filters] as const,
  forJob: (jobId: string) => [...shippingKeys.all, 'job', jobId] as const,
  myExceptions: () => [...shippingKeys.all, 'mine-exceptions'] as const,
};

/** A shipment changed: every shipment view refreshes, and so do its job (status, warnings) and activity. */
function shipmentChanged(client: QueryClient, shipment: Shipment) {
  void client.invalidateQueries({ queryKey: shippingKeys.all });
  void client.invalidateQueries({ queryKey: jobKeys.detail(shipment.job.id) });
  void client.invalidateQueries({ queryKey: jobKeys.activity(shipment.job.id) });
}

/** One tab of the shipping workspace, page by page. */
export function useShipments(filters: ShipmentFilters) {
  return useCursorList(shippingKeys.list(filters), (cursor) => shippingApi.list({ ...filters, cursor }));
}

/** A job's shipments (up to 100). */
export function useJobShipments(jobId: string) {
  return useQuery({
    queryKey: shippingKeys.forJob(jobId),
    queryFn: () => shippingApi.list({ jobId, limit: 100 }),
  });
}

/** Shipment exceptions on the signed-in account manager's jobs; refreshed every minute. */
export function useMyShipmentExceptions() {
  return useQuery({
    queryKey: shippingKeys.myExceptions(),
    queryFn: () => shippingApi.list({ view: 'exceptions', mine: 'true', limit: 50 }),
    refetchInterval: 60_000,
  });
}

export function useCreateShipment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof CreateShipment>) => shippingApi.create(body),
    onSuccess: (shipment) => shipmentChanged(client, shipment),
  });
}

/** Moves a shipment (packed, shipped, delivered, exception) or changes its details. */
export function useUpdateShipment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof UpdateShipment>) => shippingApi.update(id, body),
    onSuccess: (shipment) => shipmentChanged(client, shipment),
  });
}
