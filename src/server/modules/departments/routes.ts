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
import { requireActor } from '../../platform/http/access';
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

export const departmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['departments'];
  const admin = { access: ['admin' as const] };
  const staff = { access: 'staff' as const };

  app.get(
    '/departments',
    {
      config: staff,
      schema: { tags, summary: 'Production departments', response: { 200: pageOf(Department) } },
    },
    async () => ({ items: await listDepartments(app.ctx.db), nextCursor: null }),
  );
  app.post(
    '/departments',
    {
      config: admin,
      schema: { tags, summary: 'Add a department', body: DepartmentInput, response: { 201: Department } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const d = await app.ctx.db.transaction((db) => createDepartment({ db, actor, input: request.body }));
      return reply.status(201).send(d);
    },
  );
  app.get(
    '/departments/:id',
    {
      config: staff,
      schema: { tags, summary: 'One department', params: IdParams, response: { 200: Department } },
    },
    async (request) => getDepartment(app.ctx.db, request.params.id),
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
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) =>
        updateDepartment({ db, actor, id: request.params.id, input: request.body }),
      );
    },
  );
  app.get(
    '/holidays',
    {
      config: staff,
      schema: { tags, summary: 'Days the shop is closed', response: { 200: pageOf(Holiday) } },
    },
    async () => ({ items: await listHolidays(app.ctx.db), nextCursor: null }),
  );
  app.post(
    '/holidays',
    {
      config: admin,
      schema: { tags, summary: 'Close the shop on a day', body: HolidayInput, response: { 201: Holiday } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await app.ctx.db.transaction((db) => addHoliday({ db, actor, input: request.body })));
    },
  );
  app.delete(
    '/holidays/:id',
    {
      config: admin,
      schema: { tags, summary: 'Remove a holiday', params: IdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await app.ctx.db.transaction((db) => removeHoliday({ db, actor, id: request.params.id }));
      return reply.status(204).send(null);
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
    async () => ({ items: await listProductRoutes(app.ctx.db), nextCursor: null }),
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
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) =>
        setProductRoute({ db, actor, productType: request.params.productType, steps: request.body.steps }),
      );
    },
  );
};
