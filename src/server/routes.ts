import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountRoutes, accountImportExportRoutes } from './modules/accounts';
import { auditRoutes } from './modules/audit';
import { authRoutes, userRoutes } from './modules/users';
import { departmentRoutes } from './modules/departments';
import { jobRoutes, ticketRoutes } from './modules/jobs';
import { notificationRoutes } from './modules/notifications';
import { mailRoutes } from './modules/mail';
import { purchasingRoutes } from './modules/purchasing';
import { shippingRoutes } from './modules/shipping';
import { inboxRoutes } from './modules/inbox';
import { escalationRoutes } from './modules/escalations';
import { portalStaffRoutes, portalUserRoutes } from './modules/portals';
import { mailingRoutes } from './modules/mailing';
import { reportRoutes, portalReportRoutes } from './modules/reports';
import { estimatingRoutes } from './modules/estimating';
import { quoteRoutes } from './modules/quotes';
import { billingRoutes } from './modules/billing';
import { shopRoutes } from './modules/shop';
import { portalWebhookRoutes, webhookRoutes } from './modules/webhooks';
import { inboxFlowRoutes } from './flows/inbox-flow-routes';
import { punchoutRoutes } from './modules/punchout';

/** Every module's HTTP routes, mounted under /api/v1. */
export const moduleRoutes: FastifyPluginAsyncZod[] = [
  authRoutes,
  userRoutes,
  accountRoutes,
  accountImportExportRoutes,
  auditRoutes,
  mailRoutes,
  shopRoutes,
  departmentRoutes,
  jobRoutes,
  ticketRoutes,
  notificationRoutes,
  purchasingRoutes,
  shippingRoutes,
  inboxRoutes,
  inboxFlowRoutes,
  escalationRoutes,
  portalStaffRoutes,
  portalUserRoutes,
  mailingRoutes,
  reportRoutes,
  portalReportRoutes,
  estimatingRoutes,
  quoteRoutes,
  billingRoutes,
  webhookRoutes,
  portalWebhookRoutes,
  punchoutRoutes,
];
