import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEvent, AuditQuery } from '../../../shared/audit';
import { pageOf } from '../../../shared/common';
import { listAuditEvents } from './service';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit-events',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: AuditQuery,
        response: { 200: pageOf(AuditEvent) },
      },
    },
    async (request) => listAuditEvents({ db: app.ctx.db, ...request.query }),
  );
};
