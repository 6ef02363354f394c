import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEvent, AuditQuery } from '../../../shared/audit';
import { pageOf } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import { listAuditEvents } from './service';

/** The audit log, read by admins and managers. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit-events',
    {
      config: { access: rolesFor('audit.read') },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: AuditQuery,
        response: { 200: pageOf(AuditEvent) },
      },
    },
    async (request) => listAuditEvents({ db: request.db, ...request.query }),
  );
};
