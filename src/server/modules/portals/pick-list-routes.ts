import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/common';
import { InventoryItem } from '../../../shared/portals';
import {
  InventoryItemEdit,
  PickConfirm,
  PickLine,
  PickList,
  PickListQuery,
  PickScan,
  PickTick,
} from '../../../shared/pick-list';
import { rolesFor } from '../../../shared/permissions';
import { todayIn } from '../../platform/clock';
import { contentDisposition } from '../../platform/http/content-disposition';
import { requireActor } from '../../platform/http/access';
import { serviceContext } from '../../platform/http/transaction';
import { letterheadOf } from '../shop';
import { updateInventoryItem } from './inventory-edit';
import type { OrderEffects } from './order-mail';
import { pickListOf } from './pick-list';
import { pickListPdf } from './pick-list-pdf';
import { confirmPickList, scanPickCode, tickPickLine } from './pick-ticks';

/** The warehouse's side: bin locations on items, and pick lists (screen and PDF) ticked or scanned as picked. */
export const pickListRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portals'];
  const warehouse = rolesFor('portal.fulfil');
  const effects = (): OrderEffects => ({
    mailer: app.ctx.mailer,
    files: app.ctx.files,
    publicUrl: app.ctx.config.publicUrl,
    today: todayIn(app.ctx.config.JOBJACKET_TIMEZONE),
  });

  app.patch(
    '/inventory/items/:id',
    {
      config: { access: warehouse, transaction: true },
      schema: {
        tags,
        summary: 'Change an item’s name, unit, reorder figures or bin location',
        params: IdParams,
        body: InventoryItemEdit,
        response: { 200: InventoryItem },
      },
    },
    async (request) =>
      updateInventoryItem({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );
  app.get(
    '/pick-list',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The pick list of one or more approved orders, by bin location, kits expanded',
        querystring: PickListQuery,
        response: { 200: PickList },
      },
    },
    async (request) => pickListOf(request.db, request.query.orders),
  );
  app.get(
    '/pick-list.pdf',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'The pick list as PDF', querystring: PickListQuery },
    },
    async (request, reply) => {
      const list = await pickListOf(request.db, request.query.orders);
      const printed = new Date().toLocaleString('en-US', { timeZone: app.ctx.config.JOBJACKET_TIMEZONE });
      const pdf = await pickListPdf(list, await letterheadOf(app.ctx, request.db), printed);
      const name = list.orders.length === 1 ? list.orders[0]!.number : `${list.orders.length}-orders`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('inline', `pick-list-${name}.pdf`))
        .send(pdf);
    },
  );
  app.post(
    '/orders/:id/pick-ticks',
    {
      config: { access: warehouse, transaction: true },
      schema: {
        tags,
        summary: 'Tick (or untick) one line of an order’s pick list',
        params: IdParams,
        body: PickTick,
        response: { 200: PickList },
      },
    },
    async (request) => tickPickLine(request.db, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/pick-list/scan',
    {
      config: { access: warehouse, transaction: true },
      schema: {
        tags,
        summary: 'A scanned barcode or typed SKU ticks the next unticked line with it',
        body: PickScan,
        response: { 200: z.object({ list: PickList, ticked: PickLine }) },
      },
    },
    async (request) =>
      scanPickCode(request.db, requireActor(request), request.body.orders, request.body.code),
  );
  app.post(
    '/pick-list/confirm',
    {
      config: { access: warehouse, transaction: true },
      schema: {
        tags,
        summary: 'Confirm picking of fully ticked orders (stock leaves the shelf, as POST /orders/{id}/pick)',
        body: PickConfirm,
        response: { 200: PickList },
      },
    },
    async (request) => confirmPickList(request.db, requireActor(request), request.body.orders, effects()),
  );
};
