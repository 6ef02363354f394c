import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, ListQuery, pageOf } from '../../../shared/common';
import {
  CreatePurchaseOrder,
  JobMaterial,
  JobMaterialInput,
  MaterialsStatusList,
  MaterialsStatusQuery,
  Material,
  MaterialInput,
  MaterialListQuery,
  Movement,
  MovementInput,
  PoFromShortages,
  PoListQuery,
  PurchaseOrder,
  PurchaseOrderSummary,
  ReceiptInput,
  SendPurchaseOrder,
  Shortage,
  UpdateJobMaterial,
  UpdatePurchaseOrder,
  Vendor,
  VendorInput,
  VendorListQuery,
} from '../../../shared/purchasing';
import type { StaffRole } from '../../platform/actor';
import { todayIn } from '../../platform/clock';
import { clockOn } from '../../platform/service-context';
import { requireActor } from '../../platform/http/access';
import { idempotent } from '../../platform/idempotency';
import { assessJobRisk } from '../jobs';
import {
  addJobMaterial,
  materialsStatusOfJobs,
  listJobMaterials,
  listShortages,
  removeJobMaterial,
  updateJobMaterial,
} from './job-materials';
import {
  createMaterial,
  getMaterial,
  listMaterials,
  listMovements,
  recordMovement,
  updateMaterial,
} from './materials';
import {
  createPurchaseOrder,
  getPurchaseOrder,
  listPurchaseOrders,
  purchaseOrderFromShortages,
  receivePurchaseOrder,
  renderPurchaseOrderPdf,
  sendPurchaseOrder,
  updatePurchaseOrder,
} from './purchase-orders';
import { createVendor, getVendor, listVendors, updateVendor } from './vendors';

const buyers: StaffRole[] = ['admin', 'manager', 'purchasing'];
const jobMaterialEditors: StaffRole[] = ['admin', 'manager', 'purchasing', 'account_manager'];
const JobMaterialParams = z.object({ id: z.uuid(), materialId: z.uuid() }).strict();
const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

/** Vendors, the materials catalogue with its stock, what jobs need, and purchase orders from draft to received. */
export const purchasingRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['purchasing'];
  const today = () => todayIn(app.ctx.config.JOBJACKET_TIMEZONE);
  const db = () => app.ctx.db;

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
    async (request) => listVendors(db(), request.query),
  );
  app.post(
    '/vendors',
    {
      config: { access: buyers },
      schema: { tags, summary: 'Add a vendor', body: VendorInput, response: { 201: Vendor } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.status(201).send(await db().transaction((tx) => createVendor(tx, actor, request.body)));
    },
  );
  app.get(
    '/vendors/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One vendor', params: IdParams, response: { 200: Vendor } },
    },
    async (request) => getVendor(db(), request.params.id),
  );
  app.put(
    '/vendors/:id',
    {
      config: { access: buyers },
      schema: {
        tags,
        summary: 'Change a vendor',
        params: IdParams,
        body: VendorInput,
        response: { 200: Vendor },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => updateVendor(tx, actor, request.params.id, request.body));
    },
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
    async (request) => listMaterials(db(), request.query),
  );
  app.post(
    '/materials',
    {
      config: { access: buyers },
      schema: { tags, summary: 'Add a material', body: MaterialInput, response: { 201: Material } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.status(201).send(await db().transaction((tx) => createMaterial(tx, actor, request.body)));
    },
  );
  app.get(
    '/materials/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One material with its stock', params: IdParams, response: { 200: Material } },
    },
    async (request) => getMaterial(db(), request.params.id),
  );
  app.put(
    '/materials/:id',
    {
      config: { access: buyers },
      schema: {
        tags,
        summary: 'Change a material',
        params: IdParams,
        body: MaterialInput,
        response: { 200: Material },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => updateMaterial(tx, actor, request.params.id, request.body));
    },
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
    async (request) => listMovements(db(), request.params.id, request.query),
  );
  app.post(
    '/materials/:id/movements',
    {
      config: { access: buyers },
      schema: {
        tags,
        summary: 'Adjust, return or count stock (with a reason)',
        params: IdParams,
        body: MovementInput,
        response: { 201: Material },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => recordMovement(tx, actor, request.params.id, request.body)));
    },
  );

  app.get(
    '/jobs/:id/materials',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'What a job needs, and whether it is allocated, ordered or received',
        params: IdParams,
        response: { 200: z.object({ items: z.array(JobMaterial) }) },
      },
    },
    async (request) => ({ items: await listJobMaterials(db(), request.params.id) }),
  );
  app.post(
    '/jobs/:id/materials',
    {
      config: { access: jobMaterialEditors },
      schema: {
        tags,
        summary: 'Add a material a job needs (computed from an item when no quantity is given)',
        params: IdParams,
        body: JobMaterialInput,
        response: { 201: JobMaterial },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => addJobMaterial(tx, actor, request.params.id, request.body)));
    },
  );
  app.patch(
    '/jobs/:id/materials/:materialId',
    {
      config: { access: jobMaterialEditors },
      schema: {
        tags,
        summary: 'Change the quantity a job needs',
        params: JobMaterialParams,
        body: UpdateJobMaterial,
        response: { 200: JobMaterial },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) =>
        updateJobMaterial(tx, actor, request.params.id, request.params.materialId, request.body),
      );
    },
  );
  app.delete(
    '/jobs/:id/materials/:materialId',
    {
      config: { access: jobMaterialEditors },
      schema: {
        tags,
        summary: 'Remove a material from a job',
        params: JobMaterialParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await db().transaction((tx) =>
        removeJobMaterial(tx, actor, request.params.id, request.params.materialId),
      );
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/job-materials/status',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The materials status of each of the given jobs (for boards and lists)',
        querystring: MaterialsStatusQuery,
        response: { 200: MaterialsStatusList },
      },
    },
    async (request) => {
      const map = await materialsStatusOfJobs(db(), request.query.jobIds);
      return { items: [...map].map(([jobId, status]) => ({ jobId, status })) };
    },
  );
  app.get(
    '/shortages',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Job needs that stock and open orders do not cover, soonest due first',
        response: { 200: z.object({ items: z.array(Shortage) }) },
      },
    },
    async () => ({ items: await listShortages(db()) }),
  );

  app.get(
    '/purchase-orders',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Purchase orders, newest first',
        querystring: PoListQuery,
        response: { 200: pageOf(PurchaseOrderSummary) },
      },
    },
    async (request) => listPurchaseOrders(db(), request.query, today(), requireActor(request).id),
  );
  app.post(
    '/purchase-orders',
    {
      config: { access: buyers },
      schema: {
        tags,
        summary: 'Draft a purchase order by hand',
        body: CreatePurchaseOrder,
        response: { 201: PurchaseOrder },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => createPurchaseOrder(tx, actor, request.body, today())));
    },
  );
  app.post(
    '/purchase-orders/from-shortages',
    {
      config: { access: buyers },
      schema: {
        tags,
        summary: 'Draft a purchase order covering chosen job shortages',
        body: PoFromShortages,
        response: { 201: PurchaseOrder },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => purchaseOrderFromShortages(tx, actor, request.body, today())));
    },
  );
  app.get(
    '/purchase-orders/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One purchase order', params: IdParams, response: { 200: PurchaseOrder } },
    },
    async (request) => getPurchaseOrder(db(), request.params.id, today()),
  );
  app.get(
    '/purchase-orders/:id.pdf',
    { config: { access: 'staff' }, schema: { tags, summary: 'The purchase order as PDF', params: IdParams } },
    async (request, reply) => {
      const { po, pdf } = await renderPurchaseOrderPdf(
        db(),
        request.params.id,
        today(),
        app.ctx.config.JOBJACKET_SHOP_NAME,
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${po.number}.pdf"`)
        .send(pdf);
    },
  );
  app.patch(
    '/purchase-orders/:id',
    {
      config: { access: buyers },
      schema: {
        tags,
        summary: 'Change the expected date or notes, close or cancel',
        params: IdParams,
        body: UpdatePurchaseOrder,
        response: { 200: PurchaseOrder },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction(async (tx) => {
        const po = await updatePurchaseOrder(tx, actor, request.params.id, request.body, today());
        await reassess(
          tx,
          actor,
          po.lines.flatMap((l) => l.jobs.map((j) => j.id)),
        );
        return po;
      });
    },
  );
  app.post(
    '/purchase-orders/:id/send',
    {
      config: { access: buyers },
      schema: {
        tags,
        summary: 'E-mail the purchase order as PDF to the vendor',
        params: IdParams,
        body: SendPurchaseOrder,
        response: { 200: PurchaseOrder },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) =>
        sendPurchaseOrder(tx, actor, request.params.id, request.body, {
          today: today(),
          mailer: app.ctx.mailer,
          shopName: app.ctx.config.JOBJACKET_SHOP_NAME,
        }),
      );
    },
  );
  app.post(
    '/purchase-orders/:id/receipts',
    {
      config: { access: [...buyers, 'production'] },
      schema: {
        tags,
        summary:
          'Record goods received (partial, over or damaged); send an Idempotency-Key to make retries safe',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ReceiptInput,
        response: { 201: PurchaseOrder },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await db().transaction((tx) =>
        idempotent(
          tx,
          {
            scope: `${actor.id}:po-receipt:${request.params.id}`,
            key: request.headers['idempotency-key'],
            body: request.body,
            status: 201,
          },
          async () => {
            const { jobIds } = await receivePurchaseOrder(
              tx,
              actor,
              request.params.id,
              request.body,
              today(),
            );
            await reassess(tx, actor, jobIds);
            return getPurchaseOrder(tx, request.params.id, today());
          },
        ),
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(result.status as 201).send(result.body);
    },
  );

  async function reassess(
    tx: Parameters<typeof assessJobRisk>[0]['db'],
    actor: ReturnType<typeof requireActor>,
    jobIds: string[],
  ) {
    for (const jobId of new Set(jobIds))
      await assessJobRisk({ db: tx, actor, jobId, clock: clockOn(today()) });
  }
};
