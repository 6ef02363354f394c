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
  ProductTypeInput,
  UpdateDepartment,
  UpdateProductType,
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
  removeHoliday,
  updateDepartment,
} from './service';
import { createProductType, listProductRoutes, setProductRoute, updateProductType } from './product-types';

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
        summary: 'Product types (built-in and the shop’s own, retired too) with their default routes',
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
  app.post(
    '/product-types',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Define a product type beyond the built-in ones, with its route',
        body: ProductTypeInput,
        response: { 201: ProductRoute },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createProductType({ ...serviceContext(request), input: request.body });
    },
  );
  app.patch(
    '/product-types/:productType',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Rename or retire a product type (existing work keeps it)',
        params: z.object({ productType: ProductType }).strict(),
        body: UpdateProductType,
        response: { 200: ProductRoute },
      },
    },
    async (request) =>
      updateProductType({
        ...serviceContext(request),
        code: request.params.productType,
        input: request.body,
      }),
  );
};
