import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Department,
  DepartmentInput,
  Holiday as HolidaySchema,
  HolidayInput,
  ProductRoute as ProductRouteSchema,
  ProductRouteInput,
  ProductTypeInput,
  UpdateDepartment,
  UpdateProductType,
} from '../../shared/departments';
import { productTypeName } from '../../shared/jobs';
import { api, type Body, type Page } from './http';

export type Holiday = z.infer<typeof HolidaySchema>;
export type ProductRoute = z.infer<typeof ProductRouteSchema>;

/** The departments API: departments, shop holidays and the default route of each product type. */
export const departmentsApi = {
  list: () => api.get<Page<Department>>('/departments'),
  create: (body: Body<typeof DepartmentInput>) => api.post<Department>('/departments', body),
  update: (id: string, body: Body<typeof UpdateDepartment>) => api.patch<Department>(`/departments/${id}`, body),
  holidays: () => api.get<Page<Holiday>>('/holidays'),
  addHoliday: (body: Body<typeof HolidayInput>) => api.post<Holiday>('/holidays', body),
  removeHoliday: (id: string) => api.delete<null>(`/holidays/${id}`),
  routes: () => api.get<Page<ProductRoute>>('/product-routes'),
  setRoute: (productType: string, body: Body<typeof ProductRouteInput>) =>
    api.put<ProductRoute>(`/product-routes/${productType}`, body),
  createProductType: (body: Body<typeof ProductTypeInput>) => api.post<ProductRoute>('/product-types', body),
  updateProductType: (productType: string, body: Body<typeof UpdateProductType>) =>
    api.patch<ProductRoute>(`/product-types/${productType}`, body),
};

export const departmentKeys = {
  all: ['departments'] as const,
  list: () => [...departmentKeys.all, 'list'] as const,
  holidays: () => [...departmentKeys.all, 'holidays'] as const,
  routes: () => [...departmentKeys.all, 'product-routes'] as const,
};

/** Every department, active or not, in board order. */
export function useDepartments(enabled = true) {
  return useQuery({ queryKey: departmentKeys.list(), queryFn: departmentsApi.list, enabled });
}

export function useCreateDepartment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof DepartmentInput>) => departmentsApi.create(body),
    onSuccess: () => client.invalidateQueries({ queryKey: departmentKeys.list() }),
  });
}

export function useUpdateDepartment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof UpdateDepartment>) => departmentsApi.update(id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: departmentKeys.list() }),
  });
}

export function useHolidays() {
  return useQuery({ queryKey: departmentKeys.holidays(), queryFn: departmentsApi.holidays });
}

export function useAddHoliday() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof HolidayInput>) => departmentsApi.addHoliday(body),
    onSuccess: () => client.invalidateQueries({ queryKey: departmentKeys.holidays() }),
  });
}

export function useRemoveHoliday() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => departmentsApi.removeHoliday(id),
    onSuccess: () => client.invalidateQueries({ queryKey: departmentKeys.holidays() }),
  });
}

export function useProductRoutes() {
  return useQuery({ queryKey: departmentKeys.routes(), queryFn: departmentsApi.routes });
}

export function useSetProductRoute() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ productType, ...body }: Body<typeof ProductRouteInput> & { productType: string }) =>
      departmentsApi.setRoute(productType, body),
    onSuccess: () => client.invalidateQueries({ queryKey: departmentKeys.routes() }),
  });
}

/**
 * The product types new work may use (the active ones, by name) as select options; `current` stays listed when
 * it is retired, so an existing item still shows its type.
 */
export function useProductTypeOptions(current?: string | null) {
  const routes = useProductRoutes();
  const all = routes.data?.items ?? [];
  const options = all
    .filter((r) => r.active || r.productType === current)
    .map((r) => ({ value: r.productType, label: r.active ? r.label : `${r.label} (retired)` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  if (current && !options.some((o) => o.value === current))
    options.push({ value: current, label: productTypeName(current) });
  return options;
}

/** A product type's name as the shop calls it (an admin's label, else the built-in name). */
export function useProductTypeName() {
  const routes = useProductRoutes();
  const labels = new Map((routes.data?.items ?? []).map((r) => [r.productType, r.label]));
  return (code: string) => labels.get(code) ?? productTypeName(code);
}

export function useCreateProductType() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof ProductTypeInput>) => departmentsApi.createProductType(body),
    onSuccess: () => client.invalidateQueries({ queryKey: departmentKeys.routes() }),
  });
}

export function useUpdateProductType() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ productType, ...body }: Body<typeof UpdateProductType> & { productType: string }) =>
      departmentsApi.updateProductType(productType, body),
    onSuccess: () => client.invalidateQueries({ queryKey: departmentKeys.routes() }),
  });
}
