import { useMemo } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ListQuery } from '../../shared/common';
import type {
  BudgetUse,
  Cart,
  CartLineInput,
  CatalogQuery,
  Checkout,
  ClientInventoryRow,
  Decision,
  Order,
  PortalAccept,
  PortalBranding,
  PortalLogin,
  PortalSession,
  Product,
} from '../../shared/portals';
import type { CatalogueEntry, ExportFormat, RunBody, RunResult } from '../../shared/reports';
import { ApiError, setPortalCsrfToken } from '../app/api';
import { api, qs, useCursorList, type Body, type Filters, type Page, type Params } from './http';

export type Branding = z.infer<typeof PortalBranding>;

/**
 * The client portal's API, `/portal/{slug}/…`: the portal user's session, catalogue, cart, checkout, orders,
 * approvals, inventory, budgets and reports. Every call names the portal it is for.
 */
export const portalApi = {
  branding: (slug: string) => api.get<Branding>(`/portal/${slug}/branding`),
  me: (slug: string) => api.get<PortalSession>(`/portal/${slug}/auth/me`),
  login: (slug: string, body: Body<typeof PortalLogin>) =>
    api.post<PortalSession>(`/portal/${slug}/auth/login`, body),
  accept: (slug: string, body: Body<typeof PortalAccept>) =>
    api.post<PortalSession>(`/portal/${slug}/auth/accept`, body),
  logout: (slug: string) => api.post<null>(`/portal/${slug}/auth/logout`),
  catalog: (slug: string, params: Params<typeof CatalogQuery>) =>
    api.get<Page<Product>>(`/portal/${slug}/catalog${qs(params)}`),
  product: (slug: string, id: string) => api.get<Product>(`/portal/${slug}/catalog/${id}`),
  /** The live proof of a variable-data product as a PDF. */
  proof: (slug: string, id: string, values: Record<string, string>, signal?: AbortSignal) =>
    api.postForBlob(`/portal/${slug}/catalog/${id}/proof.pdf`, { values }, signal),
  cart: (slug: string) => api.get<Cart>(`/portal/${slug}/cart`),
  addLine: (slug: string, body: Body<typeof CartLineInput>) => api.post<Cart>(`/portal/${slug}/cart/lines`, body),
  changeLine: (slug: string, lineId: string, body: { quantity: number }) =>
    api.patch<Cart>(`/portal/${slug}/cart/lines/${lineId}`, body),
  removeLine: (slug: string, lineId: string) => api.delete<Cart>(`/portal/${slug}/cart/lines/${lineId}`),
  approveProof: (slug: string, lineId: string) =>
    api.post<Cart>(`/portal/${slug}/cart/lines/${lineId}/approve-proof`),
  /** Places the order; the same key for a retry makes the server answer with the first order. */
  checkout: (slug: string, body: Body<typeof Checkout>, idempotencyKey: string) =>
    api.post<Order>(`/portal/${slug}/checkout`, body, { 'Idempotency-Key': idempotencyKey }),
  orders: (slug: string, params: Params<typeof ListQuery>) =>
    api.get<Page<Order>>(`/portal/${slug}/orders${qs(params)}`),
  order: (slug: string, id: string) => api.get<Order>(`/portal/${slug}/orders/${id}`),
  approvals: (slug: string, params: Params<typeof ListQuery>) =>
    api.get<Page<Order>>(`/portal/${slug}/approvals${qs(params)}`),
  decide: (slug: string, id: string, how: 'approve' | 'reject', body: Body<typeof Decision>) =>
    api.post<Order>(`/portal/${slug}/orders/${id}/${how}`, body),
  inventory: (slug: string) =>
    api.get<{ items: z.infer<typeof ClientInventoryRow>[] }>(`/portal/${slug}/inventory`),
  budgets: (slug: string) => api.get<{ items: z.infer<typeof BudgetUse>[] }>(`/portal/${slug}/budgets`),
  reports: (slug: string) => api.get<Page<CatalogueEntry>>(`/portal/${slug}/reports`),
  runReport: (slug: string, id: string, body: Body<typeof RunBody>) =>
    api.post<RunResult>(`/portal/${slug}/reports/${id}/run`, body),
};

/** Downloads the browser fetches itself. */
export const portalLinks = {
  /** A report as a file, written by the server for the portal's account with the given parameters. */
  reportExport: (slug: string, id: string, format: ExportFormat, parameters: Record<string, unknown>) =>
    `/api/v1/portal/${slug}/reports/${id}/export.${format}?params=${encodeURIComponent(JSON.stringify(parameters))}${format === 'csv' ? '&bom=1' : ''}`,
};

type CatalogFilters = Filters<typeof CatalogQuery>;

/**
 * Query keys of one portal, all under `['portal', slug]`. The third element names the part; signing in or out
 * drops every part but the session (`me`) and the branding.
 */
export const portalKeys = {
  all: (slug: string) => ['portal', slug] as const,
  branding: (slug: string) => [...portalKeys.all(slug), 'branding'] as const,
  me: (slug: string) => [...portalKeys.all(slug), 'me'] as const,
  catalog: (slug: string) => [...portalKeys.all(slug), 'catalog'] as const,
  catalogList: (slug: string, filters: CatalogFilters) => [...portalKeys.catalog(slug), 'list', filters] as const,
  catalogAll: (slug: string) => [...portalKeys.catalog(slug), 'all'] as const,
  product: (slug: string, id: string | undefined) => [...portalKeys.all(slug), 'product', id] as const,
  cart: (slug: string) => [...portalKeys.all(slug), 'cart'] as const,
  orders: (slug: string) => [...portalKeys.all(slug), 'orders'] as const,
  orderList: (slug: string) => [...portalKeys.orders(slug), 'list'] as const,
  order: (slug: string, id: string | undefined) => [...portalKeys.orders(slug), 'detail', id] as const,
  approvals: (slug: string) => [...portalKeys.all(slug), 'approvals'] as const,
  inventory: (slug: string) => [...portalKeys.all(slug), 'inventory'] as const,
  budgets: (slug: string) => [...portalKeys.all(slug), 'budgets'] as const,
  reports: (slug: string) => [...portalKeys.all(slug), 'reports'] as const,
};

/** The portal user's session, or null when signed out; its CSRF token is kept for the changes that follow. */
async function fetchSession(slug: string): Promise<PortalSession | null> {
  try {
    const session = await portalApi.me(slug);
    setPortalCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (err instanceof ApiError && (err.problem.status === 401 || err.problem.status === 403)) return null;
    throw err;
  }
}

/**
 * The signed-in portal user (null when signed out), and what signing in and out does to the cache: a new
 * session drops everything of the previous one but the branding.
 */
export function usePortalSessionQuery(slug: string) {
  const client = useQueryClient();
  const me = useQuery({ queryKey: portalKeys.me(slug), queryFn: () => fetchSession(slug), staleTime: Infinity });
  const actions = useMemo(
    () => ({
      /** A session began (sign-in or accepted invitation). */
      started(session: PortalSession) {
        setPortalCsrfToken(session.csrfToken);
        client.removeQueries({
          queryKey: portalKeys.all(slug),
          predicate: (q) => !['me', 'branding'].includes(q.queryKey[2] as string),
        });
        client.setQueryData(portalKeys.me(slug), session);
      },
      /** The user signed out here. */
      ended() {
        setPortalCsrfToken(null);
        client.removeQueries({ queryKey: portalKeys.all(slug), predicate: (q) => q.queryKey[2] !== 'branding' });
        client.setQueryData(portalKeys.me(slug), null);
      },
      /** The server found the session gone (expired, or signed out elsewhere). */
      expired() {
        setPortalCsrfToken(null);
        client.setQueryData(portalKeys.me(slug), null);
      },
    }),
    [client, slug],
  );
  return { me, ...actions };
}

/** The portal's name, logo, colour and welcome text (public; kept five minutes). */
export function useBranding(slug: string) {
  return useQuery({
    queryKey: portalKeys.branding(slug),
    queryFn: () => portalApi.branding(slug),
    staleTime: 5 * 60_000,
  });
}

/** The catalogue, searchable and by category, page by page. */
export function useCatalog(slug: string, filters: CatalogFilters) {
  return useCursorList(portalKeys.catalogList(slug, filters), (cursor) =>
    portalApi.catalog(slug, { ...filters, cursor }),
  );
}

/** The first 200 products, for the category chips (choosing one must not hide the others). */
export function useWholeCatalog(slug: string) {
  return useQuery({
    queryKey: portalKeys.catalogAll(slug),
    queryFn: () => portalApi.catalog(slug, { limit: 200 }),
  });
}

export function useProduct(slug: string, id: string | undefined) {
  return useQuery({ queryKey: portalKeys.product(slug, id), queryFn: () => portalApi.product(slug, id!) });
}

/** The products of a kit, one query each (a part the user may not see answers an error and shows as "Item"). */
export function useProducts(slug: string, ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: portalKeys.product(slug, id),
      queryFn: () => portalApi.product(slug, id),
      retry: false,
    })),
  });
}

/** The signed-in user's cart; only roles that order have one. */
export function useCartQuery(slug: string, enabled: boolean) {
  return useQuery({ queryKey: portalKeys.cart(slug), queryFn: () => portalApi.cart(slug), enabled });
}

/** A change to the cart answers with the whole cart, which replaces the cached one. */
function useCartChange<V>(slug: string, change: (v: V) => Promise<Cart>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (cart) => client.setQueryData(portalKeys.cart(slug), cart),
  });
}

export function useAddToCart(slug: string) {
  return useCartChange(slug, (body: Body<typeof CartLineInput>) => portalApi.addLine(slug, body));
}

export function useChangeCartLine(slug: string) {
  return useCartChange(slug, ({ lineId, quantity }: { lineId: string; quantity: number }) =>
    portalApi.changeLine(slug, lineId, { quantity }),
  );
}

export function useRemoveCartLine(slug: string) {
  return useCartChange(slug, (lineId: string) => portalApi.removeLine(slug, lineId));
}

/** The buyer approves the proof of a variable-data line. */
export function useApproveProof(slug: string) {
  return useCartChange(slug, (lineId: string) => portalApi.approveProof(slug, lineId));
}

/** Places the order: the cart empties, and the orders and stock figures refresh. */
export function useCheckout(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: Body<typeof Checkout> & { idempotencyKey: string }) =>
      portalApi.checkout(slug, body, idempotencyKey),
    onSuccess: () => {
      client.setQueryData<Cart>(portalKeys.cart(slug), { lines: [], totalCents: 0 });
      void client.invalidateQueries({ queryKey: portalKeys.orders(slug) });
      void client.invalidateQueries({ queryKey: portalKeys.catalog(slug) });
    },
  });
}

export function useMyOrders(slug: string) {
  return useCursorList(portalKeys.orderList(slug), (cursor) => portalApi.orders(slug, { limit: 25, cursor }));
}

export function useMyOrder(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: portalKeys.order(slug, id),
    queryFn: () => portalApi.order(slug, id!),
    // Being released: the job is made within seconds after the approval; show it when it is.
    refetchInterval: (q) => (q.state.data?.releasing ? 2_000 : false),
  });
}

export function useApprovals(slug: string) {
  return useCursorList(portalKeys.approvals(slug), (cursor) => portalApi.approvals(slug, { limit: 25, cursor }));
}

/** Approves or rejects an order; the approvals refresh first, then the orders and budgets. */
export function useDecideOrder(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, how, ...body }: Body<typeof Decision> & { id: string; how: 'approve' | 'reject' }) =>
      portalApi.decide(slug, id, how, body),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: portalKeys.approvals(slug) });
      void client.invalidateQueries({ queryKey: portalKeys.orders(slug) });
      void client.invalidateQueries({ queryKey: portalKeys.budgets(slug) });
    },
  });
}

export function useClientInventory(slug: string) {
  return useQuery({ queryKey: portalKeys.inventory(slug), queryFn: () => portalApi.inventory(slug) });
}

export function useBudgets(slug: string) {
  return useQuery({ queryKey: portalKeys.budgets(slug), queryFn: () => portalApi.budgets(slug) });
}

export function useClientReports(slug: string) {
  return useQuery({ queryKey: portalKeys.reports(slug), queryFn: () => portalApi.reports(slug) });
}

export function useRunClientReport(slug: string) {
  return useMutation({
    mutationFn: ({ id, ...body }: Body<typeof RunBody> & { id: string }) => portalApi.runReport(slug, id, body),
  });
}
