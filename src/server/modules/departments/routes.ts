import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  Department,
  DepartmentInput,
  Holiday,
  HolidayInput,
  ProductRoute,
  ProductRouteInput,
  UpdateDepartment,
} from '../../../shared/departments';
import { ProductType } from '../../../shared/jobs';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import {
  addHoliday,
  createDepartment,
  getDepartment,
  listDepartments,
  listHolidays,
  listProductRoutes,
  removeHoliday,
  setProductRoute,
  updateDepartment,
} from './service';

/** Production departments with their working hours, shop holidays, and each product type's default route. */
export const departmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['departments'];
  const admin = { access: rolesFor('departments.manage'), transaction: true };
  const staff = { access: 'staff' as const };

  app.get(
    '/departments',
    {
      config: staff,
      schema: { tags, summary: 'Production departments', response: { 200: pageOf(Department) } },
    },
    async (request) => ({ items: await listDepartments({ db: request.db }), nextCursor: null }),
  );
  app.post(
    '/departments',
    {
      config: admin,
      schema: { tags, summary: 'Add a department', body: DepartmentInput, response: { 201: Department } },
    },
    async (request, reply) => {
      reply.status(201);
      return createDepartment({ ...serviceContext(request), input: request.body });
    },
  );
  app.get(
    '/departments/:id',
    {
      config: staff,
      schema: { tags, summary: 'One department', params: IdParams, response: { 200: Department } },
    },
    async (request) => getDepartment({ db: request.db, id: request.params.id }),
  );
  app.patch(
    '/departments/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a department',
        params: IdParams,
        body: UpdateDepartment,
        response: { 200: Department },
      },
    },
    async (request) =>
      updateDepartment({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );
  app.get(
    '/holidays',
    {
      config: staff,
      schema: { tags, summary: 'Days the shop is closed', response: { 200: pageOf(Holiday) } },
    },
    async (request) => ({ items: await listHolidays({ db: request.db }), nextCursor: null }),
  );
  app.post(
    '/holidays',
    {
      config: admin,
      schema: { tags, summary: 'Close the shop on a day', body: HolidayInput, response: { 201: Holiday } },
    },
    async (request, reply) => {
      reply.status(201);
      return addHoliday({ ...serviceContext(request), input: request.body });
    },
  );
  app.delete(
    '/holidays/:id',
    {
      config: admin,
      schema: { tags, summary: 'Remove a holiday', params: IdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await removeHoliday({ ...serviceContext(request), id: request.params.id });
      reply.status(204);
      return null;
    },
  );
  app.get(
    '/product-routes',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Default route of each product type',
        response: { 200: pageOf(ProductRoute) },
      },
    },
    async (request) => ({ items: await listProductRoutes({ db: request.db }), nextCursor: null }),
  );
  app.put(
    '/product-routes/:productType',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Set the default route of a product type',
        params: z.object({ productType: ProductType }).strict(),
        body: ProductRouteInput,
        response: { 200: ProductRoute },
      },
    },
    async (request) =>
      setProductRoute({
        ...serviceContext(request),
        productType: request.params.productType,
        steps: request.body.steps,
      }),
  );
};
