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
import { requireActor } from '../../platform/http/access';
import { inboxDeps } from '../inbox';
import {
  createEscalation,
  getEscalation,
  getLevels,
  listEscalations,
  resolveEscalation,
  saveLevels,
  updateEscalation,
} from './service';

const handlers = ['admin', 'manager', 'account_manager'] as const;

/** Escalations of conversations and jobs: severity, owner, levels, due-by, resolution. */
export const escalationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['escalations'];
  const deps = inboxDeps(app.ctx);
  const db = () => app.ctx.db;
  const access = [...handlers];

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
    async (request) => listEscalations(db(), requireActor(request), request.query),
  );
  app.post(
    '/escalations',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Escalate a conversation, a job or an account',
        body: CreateEscalation,
        response: { 201: Escalation },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await db().transaction(
        async (tx) => (await createEscalation(tx, deps, actor, request.body)).id,
      );
      return reply.status(201).send(await getEscalation(db(), id));
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
    async (request) => getEscalation(db(), request.params.id),
  );
  app.patch(
    '/escalations/:id',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Change severity, category or owner, or raise to the next level',
        params: IdParams,
        body: UpdateEscalation,
        response: { 200: Escalation },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => updateEscalation(tx, deps, actor, request.params.id, request.body));
    },
  );
  app.post(
    '/escalations/:id/resolve',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Resolve with root cause and corrective action',
        params: IdParams,
        body: ResolveEscalation,
        response: { 200: Escalation },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => resolveEscalation(tx, actor, request.params.id, request.body));
    },
  );
  app.get(
    '/escalation-levels',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'The escalation path', response: { 200: EscalationLevels } },
    },
    async () => ({ items: await getLevels(db()) }),
  );
  app.put(
    '/escalation-levels',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Replace the escalation path',
        body: EscalationLevels,
        response: { 200: EscalationLevels },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await db().transaction((tx) => saveLevels(tx, actor, request.body.items)) };
    },
  );
};
