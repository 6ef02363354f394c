import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { InboxMyDay, ResponseTargets, Signature } from '../../../shared/inbox';
import { rolesFor } from '../../../shared/permissions';
import { requireActor } from '../../platform/http/access';
import { serviceContext } from '../../platform/http/transaction';
import { inboxMyDay } from './my-day';
import { getResponseTargets, getSignature, saveResponseTargets, saveSignature } from './preferences';
import { inboxSettings } from './settings';

/** My day's inbox part, my signature and the shop's response targets (part of the inbox's routes). */
export const preferenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['inbox'];
  const settings = inboxSettings(app.ctx.config);

  app.get(
    '/inbox/my-day',
    {
      config: { access: rolesFor('inbox.read') },
      schema: {
        tags,
        summary: 'Unanswered client messages (oldest first) and my follow-ups due',
        response: { 200: InboxMyDay },
      },
    },
    async (request) => inboxMyDay({ ...serviceContext(request), settings }),
  );
  app.get(
    '/inbox/signature',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'My e-mail signature', response: { 200: Signature } },
    },
    async (request) => getSignature({ db: request.db, userId: requireActor(request).id! }),
  );
  app.put(
    '/inbox/signature',
    {
      config: { access: 'staff', transaction: true },
      schema: { tags, summary: 'Change my e-mail signature', body: Signature, response: { 200: Signature } },
    },
    async (request) => saveSignature({ ...serviceContext(request), input: request.body }),
  );
  app.get(
    '/response-targets',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Response targets by priority and client segment (business minutes)',
        response: { 200: ResponseTargets },
      },
    },
    async (request) => getResponseTargets({ db: request.db }),
  );
  app.put(
    '/response-targets',
    {
      config: { access: rolesFor('response-targets.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Replace the response targets',
        body: ResponseTargets,
        response: { 200: ResponseTargets },
      },
    },
    async (request) => saveResponseTargets({ ...serviceContext(request), input: request.body }),
  );
};
