import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountRoutes } from './accounts/routes';
import { accountImportExportRoutes } from './accounts/import-export.routes';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import { departmentRoutes } from './departments/routes';
import { jobRoutes } from './jobs/routes';
import { ticketRoutes } from './jobs/ticket/routes';
import { notificationRoutes } from './notifications/routes';
import { mailRoutes } from './mail/routes';
import { userRoutes } from './users/routes';
import { purchasingRoutes } from './purchasing/routes';
import { shippingRoutes } from './shipping/routes';
import { inboxRoutes } from './inbox/routes';
import { escalationRoutes } from './escalations/routes';
import { portalStaffRoutes } from './portals/routes';
import { portalUserRoutes } from './portals/portal-routes';
import { mailingRoutes } from './mailing/routes';
import { reportRoutes } from './reports/routes';
import { portalReportRoutes } from './reports/portal-routes';

/** Every module's HTTP routes, mounted under /api/v1. */
export const moduleRoutes: FastifyPluginAsyncZod[] = [
  authRoutes,
  userRoutes,
  accountRoutes,
  accountImportExportRoutes,
  auditRoutes,
  mailRoutes,
  departmentRoutes,
  jobRoutes,
  ticketRoutes,
  notificationRoutes,
  purchasingRoutes,
  shippingRoutes,
  inboxRoutes,
  escalationRoutes,
  portalStaffRoutes,
  portalUserRoutes,
  mailingRoutes,
  reportRoutes,
  portalReportRoutes,
];
