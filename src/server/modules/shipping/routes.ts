import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, pageOf } from '../../../shared/common';
import { contentDisposition } from '../../platform/http/content-disposition';
import {
  CreateShipment,
  Shipment,
  ShipmentListQuery,
  TrackingCheck,
  TrackingCheckResult,
  UpdateShipment,
} from '../../../shared/shipping';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import { defineMailTemplate } from '../mail';
import { billOfLadingPdf, packingSlipPdf } from './documents';
import { createShipment, getShipment, listShipments, SHIPPED_TEMPLATE, updateShipment } from './service';
import { checkTrackingNumber } from './tracking';
import { letterheadOf } from '../shop';

defineMailTemplate({
  key: SHIPPED_TEMPLATE,
  name: 'Your order has shipped',
  subject: '{{job.number}} has shipped — {{shipment.carrier}} {{shipment.trackingNumber}}',
  body: [
    'Hello {{contact.firstName}},',
    '',
    'Your order {{job.number}} “{{job.title}}” left {{shop.name}} today by {{shipment.carrier}} ({{shipment.packages}} package(s)) to {{shipment.address}}.',
    '',
    'Tracking number: {{shipment.trackingNumber}}',
    'Track it: {{shipment.trackingLink}}',
    '',
    'Thank you,',
    '{{shop.name}}',
  ].join('\n'),
  fields: [
    { name: 'contact.firstName', description: 'First name of the job’s contact' },
    { name: 'job.number', description: 'Job number' },
    { name: 'job.title', description: 'Job title' },
    { name: 'job.clientPo', description: 'The client’s PO number' },
    { name: 'shipment.number', description: 'Shipment number' },
    { name: 'shipment.carrier', description: 'Carrier name' },
    { name: 'shipment.trackingNumber', description: 'Tracking number' },
    { name: 'shipment.trackingLink', description: 'Link to the carrier’s tracking page' },
    { name: 'shipment.packages', description: 'Number of packages' },
    { name: 'shipment.address', description: 'Delivery address on one line' },
    { name: 'shop.name', description: 'The shop’s name' },
  ],
});

/** Shipments of jobs: planned, packed, shipped with a checked tracking number, delivered with proof. */
export const shippingRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['shipping'];

  app.get(
    '/shipments',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Shipments: ready to ship, shipped, exceptions, or all',
        querystring: ShipmentListQuery,
        response: { 200: pageOf(Shipment) },
      },
    },
    async (request) => listShipments({ ...serviceContext(request), query: request.query }),
  );
  app.post(
    '/shipments',
    {
      config: { access: rolesFor('shipment.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Plan a shipment of a job to one address',
        body: CreateShipment,
        response: { 201: Shipment },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createShipment({ ...serviceContext(request), input: request.body });
    },
  );
  app.post(
    '/shipments/check-tracking',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Check a tracking number against its carrier’s format and check digit',
        body: TrackingCheck,
        response: { 200: TrackingCheckResult },
      },
    },
    async (request) => {
      const check = checkTrackingNumber(request.body.carrier, request.body.trackingNumber);
      return check.ok
        ? {
            ok: true,
            normalized: check.normalized,
            url: check.url,
            service: check.service ?? null,
            message: null,
          }
        : { ok: false, normalized: null, url: null, service: null, message: check.message };
    },
  );
  app.get(
    '/shipments/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One shipment', params: IdParams, response: { 200: Shipment } },
    },
    async (request) => getShipment({ db: request.db, id: request.params.id }),
  );
  app.patch(
    '/shipments/:id',
    {
      config: { access: rolesFor('shipment.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Pack, ship, deliver or flag an exception',
        params: IdParams,
        body: UpdateShipment,
        response: { 200: Shipment },
      },
    },
    async (request) =>
      updateShipment({
        ...serviceContext(request),
        id: request.params.id,
        input: request.body,
        notice: { mailer: app.ctx.mailer, shopName: app.ctx.config.JOBJACKET_SHOP_NAME },
      }),
  );
  for (const [doc, render] of [
    ['packing-slip', packingSlipPdf],
    ['bill-of-lading', billOfLadingPdf],
  ] as const) {
    app.get(
      `/shipments/:id/${doc}.pdf`,
      {
        config: { access: 'staff' },
        schema: {
          tags,
          summary: doc === 'packing-slip' ? 'The packing slip as PDF' : 'The bill of lading (freight) as PDF',
          params: IdParams,
        },
      },
      async (request, reply) => {
        const shipment = await getShipment({ db: request.db, id: request.params.id });
        const pdf = await render(shipment, await letterheadOf(app.ctx, request.db));
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', contentDisposition('inline', `${shipment.number}-${doc}.pdf`))
          .send(pdf);
      },
    );
  }
};
