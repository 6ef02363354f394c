import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../../platform/http/content-disposition';
import { IdParams, pageOf } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import {
  CreatePurchaseOrder,
  PoFromShortages,
  PoListQuery,
  PurchaseOrder,
  PurchaseOrderSummary,
  ReceiptInput,
  SendPurchaseOrder,
  UpdatePurchaseOrder,
} from '../../../shared/purchasing';
import { clockOf, serviceContext } from '../../platform/http/transaction';
import { idempotent } from '../../platform/idempotency';
import { createPurchaseOrder, purchaseOrderFromShortages } from './create-purchase-order';
import { getPurchaseOrder, listPurchaseOrders } from './purchase-order-queries';
import { receivePurchaseOrder } from './receive-purchase-order';
import { renderPurchaseOrderPdf, sendPurchaseOrder } from './send-purchase-order';
import { updatePurchaseOrder } from './update-purchase-order';
import { letterheadOf } from '../shop';

const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

/** Purchase orders from draft to sent (as PDF) to received, with idempotent receipts. */
export const purchaseOrderRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['purchasing'];
  const buy = { access: rolesFor('purchasing.buy'), transaction: true };

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
    async (request) => listPurchaseOrders({ ...serviceContext(request), query: request.query }),
  );
  app.post(
    '/purchase-orders',
    {
      config: buy,
      schema: {
        tags,
        summary: 'Draft a purchase order by hand',
        body: CreatePurchaseOrder,
        response: { 201: PurchaseOrder },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createPurchaseOrder({ ...serviceContext(request), input: request.body });
    },
  );
  app.post(
    '/purchase-orders/from-shortages',
    {
      config: buy,
      schema: {
        tags,
        summary: 'Draft a purchase order covering chosen job shortages',
        body: PoFromShortages,
        response: { 201: PurchaseOrder },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return purchaseOrderFromShortages({ ...serviceContext(request), input: request.body });
    },
  );
  app.get(
    '/purchase-orders/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One purchase order', params: IdParams, response: { 200: PurchaseOrder } },
    },
    async (request) => getPurchaseOrder({ db: request.db, clock: clockOf(app), id: request.params.id }),
  );
  app.get(
    '/purchase-orders/:id.pdf',
    { config: { access: 'staff' }, schema: { tags, summary: 'The purchase order as PDF', params: IdParams } },
    async (request, reply) => {
      const { po, pdf } = await renderPurchaseOrderPdf({
        db: request.db,
        clock: clockOf(app),
        id: request.params.id,
        letterhead: await letterheadOf(app.ctx, request.db),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('inline', `${po.number}.pdf`))
        .send(pdf);
    },
  );
  app.patch(
    '/purchase-orders/:id',
    {
      config: buy,
      schema: {
        tags,
        summary: 'Change the expected date or notes, close or cancel',
        params: IdParams,
        body: UpdatePurchaseOrder,
        response: { 200: PurchaseOrder },
      },
    },
    async (request) =>
      updatePurchaseOrder({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );
  app.post(
    '/purchase-orders/:id/send',
    {
      config: buy,
      schema: {
        tags,
        summary: 'E-mail the purchase order as PDF to the vendor',
        params: IdParams,
        body: SendPurchaseOrder,
        response: { 200: PurchaseOrder },
      },
    },
    async (request) =>
      sendPurchaseOrder({
        ...serviceContext(request),
        id: request.params.id,
        input: request.body,
        mailer: app.ctx.mailer,
        letterhead: await letterheadOf(app.ctx, request.db),
      }),
  );
  app.post(
    '/purchase-orders/:id/receipts',
    {
      config: { access: rolesFor('purchasing.receive'), transaction: true },
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
      const ctx = serviceContext(request);
      const result = await idempotent(
        ctx.db,
        {
          scope: `${ctx.actor.id}:po-receipt:${request.params.id}`,
          key: request.headers['idempotency-key'],
          body: request.body,
          status: 201,
        },
        async () => {
          await receivePurchaseOrder({ ...ctx, id: request.params.id, input: request.body });
          return getPurchaseOrder({ ...ctx, id: request.params.id });
        },
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      reply.status(result.status as 201);
      return result.body;
    },
  );
};
