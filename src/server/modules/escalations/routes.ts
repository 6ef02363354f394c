import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  CreateEscalation,
  Escalation,
  EscalationLevels,
  EscalationListQuery,
  ResolveEscalation,
  UpdateEscalation,
} from '../../../shared/escalations';
import { rolesFor } from '../../../shared/permissions';
import { clockOf, serviceContext } from '../../platform/http/transaction';
import { inboxSettings, shopBusinessHours } from '../inbox';
import { resolveEscalation, updateEscalation } from './change-escalation';
import { createEscalation } from './create-escalation';
import { getEscalation, listEscalations } from './escalation-queries';
import { getLevels, saveLevels } from './levels';

/** Escalations of conversations and jobs: severity, owner, levels, due-by, resolution. */
export const escalationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['escalations'];
  const settings = inboxSettings(app.ctx.config);
  const handlers = rolesFor('escalation.handle');
  const mail = { mailer: app.ctx.mailer, publicUrl: app.ctx.config.publicUrl };

  app.get(
    '/escalations',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Escalations, newest first',
        querystring: EscalationListQuery,
        response: { 200: pageOf(Escalation) },
      },
    },
    async (request) => listEscalations({ ...serviceContext(request), query: request.query }),
  );
  app.post(
    '/escalations',
    {
      config: { access: handlers, transaction: true },
      schema: {
        tags,
        summary: 'Escalate a conversation, a job or an account',
        body: CreateEscalation,
        response: { 201: Escalation },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const hours = await shopBusinessHours(ctx.db, settings);
      const row = await createEscalation({ ...ctx, hours, mail, input: request.body });
      reply.status(201);
      return getEscalation({ ...ctx, id: row.id });
    },
  );
  app.get(
    '/escalations/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'One escalation with its history',
        params: IdParams,
        response: { 200: Escalation },
      },
    },
    async (request) => getEscalation({ db: request.db, clock: clockOf(app), id: request.params.id }),
  );
  app.patch(
    '/escalations/:id',
    {
      config: { access: handlers, transaction: true },
      schema: {
        tags,
        summary: 'Change severity, category or owner, or raise to the next level',
        params: IdParams,
        body: UpdateEscalation,
        response: { 200: Escalation },
      },
    },
    async (request) => {
      const ctx = serviceContext(request);
      const hours = await shopBusinessHours(ctx.db, settings);
      return updateEscalation({ ...ctx, hours, mail, id: request.params.id, input: request.body });
    },
  );
  app.post(
    '/escalations/:id/resolve',
    {
      config: { access: handlers, transaction: true },
      schema: {
        tags,
        summary: 'Resolve with root cause and corrective action',
        params: IdParams,
        body: ResolveEscalation,
        response: { 200: Escalation },
      },
    },
    async (request) =>
      resolveEscalation({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );
  app.get(
    '/escalation-levels',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'The escalation path', response: { 200: EscalationLevels } },
    },
    async (request) => ({ items: await getLevels({ db: request.db }) }),
  );
  app.put(
    '/escalation-levels',
    {
      config: { access: rolesFor('escalation.path.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Replace the escalation path',
        body: EscalationLevels,
        response: { 200: EscalationLevels },
      },
    },
    async (request) => ({
      items: await saveLevels({ ...serviceContext(request), items: request.body.items }),
    }),
  );
};
