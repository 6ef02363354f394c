import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import {
  CreateWebhookEndpoint,
  DeliveryListQuery,
  EventTypeList,
  UpdateWebhookEndpoint,
  WEBHOOK_EVENT_TYPES,
  WebhookDelivery,
  WebhookEndpoint,
} from '../../../shared/webhooks';
import { serviceContext } from '../../platform/http/transaction';
import { catalogue, example } from './catalogue';
import { listDeliveries, replayDelivery } from './deliveries';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, updateEndpoint } from './endpoints';
import { webhookSettings } from './settings';

/** Webhook endpoints (admins), their delivery log and replay, and the event catalogue. */
export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['webhooks'];
  const admins = rolesFor('webhooks.manage');
  const policy = webhookSettings(app.ctx.config);

  app.get(
    '/event-types',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The webhook event catalogue, with an example body of each',
        response: { 200: EventTypeList },
      },
    },
    async () => ({
      items: WEBHOOK_EVENT_TYPES.map((type) => ({
        type,
        description: catalogue[type].description,
        example: example(type),
      })),
    }),
  );
  app.get(
    '/webhook-endpoints',
    {
      config: { access: admins },
      schema: {
        tags,
        summary: 'Webhook endpoints, newest first',
        response: { 200: pageOf(WebhookEndpoint) },
      },
    },
    async (request) => ({
      items: await listEndpoints({ db: request.db, key: policy.secretKey }),
      nextCursor: null,
    }),
  );
  app.post(
    '/webhook-endpoints',
    {
      config: { access: admins, transaction: true },
      schema: {
        tags,
        summary: 'Subscribe an HTTPS endpoint to event types (the answer shows the signing secret once)',
        body: CreateWebhookEndpoint,
        response: { 201: WebhookEndpoint },
      },
    },
    async (request, reply) => {
      const created = await createEndpoint({ ...serviceContext(request), policy, input: request.body });
      reply.status(201);
      return created;
    },
  );
  app.get(
    '/webhook-endpoints/:id',
    {
      config: { access: admins },
      schema: { tags, summary: 'One webhook endpoint', params: IdParams, response: { 200: WebhookEndpoint } },
    },
    async (request) => getEndpoint({ db: request.db, key: policy.secretKey, id: request.params.id }),
  );
  app.patch(
    '/webhook-endpoints/:id',
    {
      config: { access: admins, transaction: true },
      schema: {
        tags,
        summary: 'Change an endpoint, enable or disable it, or rotate its secret (with an overlap)',
        params: IdParams,
        body: UpdateWebhookEndpoint,
        response: { 200: WebhookEndpoint },
      },
    },
    async (request) =>
      updateEndpoint({ ...serviceContext(request), policy, id: request.params.id, input: request.body }),
  );
  app.delete(
    '/webhook-endpoints/:id',
    {
      config: { access: admins, transaction: true },
      schema: {
        tags,
        summary: 'Remove an endpoint and its delivery log',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteEndpoint({ ...serviceContext(request), key: policy.secretKey, id: request.params.id });
      reply.status(204);
      return null;
    },
  );
  app.get(
    '/webhook-endpoints/:id/deliveries',
    {
      config: { access: admins },
      schema: {
        tags,
        summary: "An endpoint's deliveries, newest first, each with its attempts (request, answer, time)",
        params: IdParams,
        querystring: DeliveryListQuery,
        response: { 200: pageOf(WebhookDelivery) },
      },
    },
    async (request) =>
      listDeliveries({ db: request.db, endpointId: request.params.id, query: request.query }),
  );
  app.post(
    '/webhook-deliveries/:id/replay',
    {
      config: { access: admins, transaction: true },
      schema: {
        tags,
        summary: "Send a delivery's event again now (same webhook-id)",
        params: IdParams,
        response: { 201: WebhookDelivery },
      },
    },
    async (request, reply) => {
      const delivery = await replayDelivery({
        ...serviceContext(request),
        queue: app.ctx.queue,
        id: request.params.id,
      });
      reply.status(201);
      return delivery;
    },
  );
};
