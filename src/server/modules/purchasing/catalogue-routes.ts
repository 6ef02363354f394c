import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, ListQuery, pageOf } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import {
  Material,
  MaterialInput,
  MaterialListQuery,
  Movement,
  MovementInput,
  Vendor,
  VendorInput,
  VendorListQuery,
} from '../../../shared/purchasing';
import { serviceContext } from '../../platform/http/transaction';
import {
  createMaterial,
  getMaterial,
  listMaterials,
  listMovements,
  recordMovement,
  updateMaterial,
} from './materials';
import { createVendor, getVendor, listVendors, updateVendor } from './vendors';

/** Vendors, and the materials catalogue with its stock and movements. */
export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['purchasing'];
  const buy = { access: rolesFor('purchasing.buy'), transaction: true };

  app.get(
    '/vendors',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Vendors by name',
        querystring: VendorListQuery,
        response: { 200: pageOf(Vendor) },
      },
    },
    async (request) => listVendors({ db: request.db, query: request.query }),
  );
  app.post(
    '/vendors',
    {
      config: buy,
      schema: { tags, summary: 'Add a vendor', body: VendorInput, response: { 201: Vendor } },
    },
    async (request, reply) => {
      reply.status(201);
      return createVendor({ ...serviceContext(request), input: request.body });
    },
  );
  app.get(
    '/vendors/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One vendor', params: IdParams, response: { 200: Vendor } },
    },
    async (request) => getVendor({ db: request.db, id: request.params.id }),
  );
  app.put(
    '/vendors/:id',
    {
      config: buy,
      schema: {
        tags,
        summary: 'Change a vendor',
        params: IdParams,
        body: VendorInput,
        response: { 200: Vendor },
      },
    },
    async (request) =>
      updateVendor({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );

  app.get(
    '/materials',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The materials catalogue with stock, by SKU',
        querystring: MaterialListQuery,
        response: { 200: pageOf(Material) },
      },
    },
    async (request) => listMaterials({ db: request.db, query: request.query }),
  );
  app.post(
    '/materials',
    {
      config: buy,
      schema: { tags, summary: 'Add a material', body: MaterialInput, response: { 201: Material } },
    },
    async (request, reply) => {
      reply.status(201);
      return createMaterial({ ...serviceContext(request), input: request.body });
    },
  );
  app.get(
    '/materials/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One material with its stock', params: IdParams, response: { 200: Material } },
    },
    async (request) => getMaterial({ db: request.db, id: request.params.id }),
  );
  app.put(
    '/materials/:id',
    {
      config: buy,
      schema: {
        tags,
        summary: 'Change a material',
        params: IdParams,
        body: MaterialInput,
        response: { 200: Material },
      },
    },
    async (request) =>
      updateMaterial({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );
  app.get(
    '/materials/:id/movements',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Stock movements, newest first',
        params: IdParams,
        querystring: ListQuery.strict(),
        response: { 200: pageOf(Movement) },
      },
    },
    async (request) => listMovements({ db: request.db, materialId: request.params.id, query: request.query }),
  );
  app.post(
    '/materials/:id/movements',
    {
      config: buy,
      schema: {
        tags,
        summary: 'Adjust, return or count stock (with a reason)',
        params: IdParams,
        body: MovementInput,
        response: { 201: Material },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return recordMovement({
        ...serviceContext(request),
        materialId: request.params.id,
        input: request.body,
      });
    },
  );
};
