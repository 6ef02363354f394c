import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateInvoiceExport, InvoiceExport, ReadyToInvoice } from '../../shared/quotes';
import { api } from './http';

/** The invoice hand-off: jobs ready to bill and the export batches accounting imports. */
export const billingApi = {
  ready: () => api.get<{ items: ReadyToInvoice[] }>('/ready-to-invoice'),
  exports: () => api.get<{ items: InvoiceExport[] }>('/invoice-exports'),
  create: (body: z.input<typeof CreateInvoiceExport>) => api.post<InvoiceExport>('/invoice-exports', body),
  csvUrl: (id: string) => `/api/v1/invoice-exports/${id}/invoices.csv`,
};

export const billingKeys = { ready: () => ['billing', 'ready'] as const, exports: () => ['billing', 'exports'] as const };

export const useReadyToInvoice = () => useQuery({ queryKey: billingKeys.ready(), queryFn: billingApi.ready });
export const useInvoiceExports = () => useQuery({ queryKey: billingKeys.exports(), queryFn: billingApi.exports });

/** Exporting moves jobs from "ready" into a batch: both lists are read again. */
export function useCreateInvoiceExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: billingApi.create,
    onSuccess: () => client.invalidateQueries({ queryKey: ['billing'] }),
  });
}
