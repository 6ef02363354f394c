import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Department,
  DepartmentInput,
  Holiday as HolidaySchema,
  HolidayInput,
  ProductRoute as ProductRouteSchema,
  ProductRouteInput,
  UpdateDepartment,
} from '../../shared/departments';
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
