import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { pageOf } from '../../../shared/common';
import {
  CreatePortalWebhookEndpoint,
  DeliveryListQuery,
  EventTypeList,
  UpdatePortalWebhookEndpoint,
  WEBHOOK_EVENT_TYPES,
  WebhookDelivery,
  WebhookEndpoint,
} from '../../../shared/webhooks';
import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { forbidden } from '../../platform/errors';
import { clockOf } from '../../platform/http/transaction';
import { inPortalScope, portalActor, requirePortalUser } from '../portals';
import { catalogue, example } from './catalogue';
import { getDelivery, listDeliveries, replayDelivery } from './deliveries';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, updateEndpoint } from './endpoints';
import { webhookSettings } from './settings';

const Slug = z.object({ slug: z.string().min(1).max(40) }).strict();
const SlugId = z.object({ slug: z.string().min(1).max(40), id: z.uuid() }).strict();

/**
 * A client's own systems, managed by the client's admin in the portal: the endpoints of their account only
 * (created for it, never moved to another), their deliveries and replay. Such an endpoint hears only its
 * account's events — events without an account never reach it (the fan-out's rule). Every query is limited
 * to the caller's account; another account's id answers 404.
 */
export const portalWebhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal', 'webhooks'];
  const policy = webhookSettings(app.ctx.config);
  const key = policy.secretKey;
  const clock = clockOf(app);
  /**
   * The caller's account and audit actor, in a transaction. Only client admins manage webhooks; for anyone else
   * `probe` first looks the id up in their account, so another account's id is a 404 before it is a 403.
   */
  const inTransaction = <T>(
    request: FastifyRequest,
    work: (c: { db: Db; accountId: string; actor: Actor }) => Promise<T>,
    probe?: (c: { db: Db; accountId: string }) => Promise<unknown>,
  ) => {
    const who = requirePortalUser(request);
    const accountId = who.portal.accountId;
    // As the portal role with the account set: row-level security holds the caller to their account's rows.
    return inPortalScope(app.ctx.db, accountId, async (db) => {
      if (who.user.role !== 'client_admin') {
        await probe?.({ db, accountId });
        throw forbidden('Only a client admin manages webhooks');
      }
      return work({ db, accountId, actor: portalActor(who.user) });
    });
  };
  const endpointOf = (id: string) => (c: { db: Db; accountId: string }) => getEndpoint({ ...c, key, id });
  app.get(
    '/portal/:slug/webhook-event-types',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'The webhook event catalogue (client admins)',
        params: Slug,
        response: { 200: EventTypeList },
      },
    },
    async (request) => {
      await inTransaction(request, async () => null);
      return {
        items: WEBHOOK_EVENT_TYPES.map((type) => ({
          type,
          description: catalogue[type].description,
          example: example(type),
        })),
      };
    },
  );
  app.get(
    '/portal/:slug/webhook-endpoints',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: "My account's webhook endpoints, newest first (client admins)",
        params: Slug,
        response: { 200: pageOf(WebhookEndpoint) },
      },
    },
    async (request) =>
      inTransaction(request, async ({ db, accountId }) => ({
        items: await listEndpoints({ db, key, accountId }),
        nextCursor: null,
      })),
  );
  app.post(
    '/portal/:slug/webhook-endpoints',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: "Subscribe my system to my account's events (the answer shows the signing secret once)",
        params: Slug,
        body: CreatePortalWebhookEndpoint,
        response: { 201: WebhookEndpoint },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(request, ({ db, actor, accountId }) =>
        createEndpoint({ db, actor, clock, policy, input: { ...request.body, accountId } }),
      );
      reply.status(201);
      return created;
    },
  );
  app.get(
    '/portal/:slug/webhook-endpoints/:id',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'One of my webhook endpoints',
        params: SlugId,
        response: { 200: WebhookEndpoint },
      },
    },
    async (request) =>
      inTransaction(
        request,
        ({ db, accountId }) => getEndpoint({ db, key, accountId, id: request.params.id }),
        endpointOf(request.params.id),
      ),
  );
  app.patch(
    '/portal/:slug/webhook-endpoints/:id',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Change my endpoint, pause or resume it, or rotate its secret (with an overlap)',
        params: SlugId,
        body: UpdatePortalWebhookEndpoint,
        response: { 200: WebhookEndpoint },
      },
    },
    async (request) =>
      inTransaction(
        request,
        ({ db, actor, accountId }) =>
          updateEndpoint({ db, actor, clock, policy, accountId, id: request.params.id, input: request.body }),
        endpointOf(request.params.id),
      ),
  );
  app.delete(
    '/portal/:slug/webhook-endpoints/:id',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Remove my endpoint and its delivery log',
        params: SlugId,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await inTransaction(
        request,
        ({ db, actor, accountId }) =>
          deleteEndpoint({ db, actor, clock, key, accountId, id: request.params.id }),
        endpointOf(request.params.id),
      );
      reply.status(204);
      return null;
    },
  );
  app.get(
    '/portal/:slug/webhook-endpoints/:id/deliveries',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: "My endpoint's deliveries, newest first, each with its attempts",
        params: SlugId,
        querystring: DeliveryListQuery,
        response: { 200: pageOf(WebhookDelivery) },
      },
    },
    async (request) =>
      inTransaction(
        request,
        ({ db, accountId }) =>
          listDeliveries({ db, accountId, endpointId: request.params.id, query: request.query }),
        endpointOf(request.params.id),
      ),
  );
  app.post(
    '/portal/:slug/webhook-deliveries/:id/replay',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: "Send one of my deliveries' event again now (same webhook-id)",
        params: SlugId,
        response: { 201: WebhookDelivery },
      },
    },
    async (request, reply) => {
      const delivery = await inTransaction(
        request,
        ({ db, actor, accountId }) =>
          replayDelivery({ db, actor, clock, queue: app.ctx.queue, accountId, id: request.params.id }),
        (c) => getDelivery({ ...c, id: request.params.id }),
      );
      reply.status(201);
      return delivery;
    },
  );
};
