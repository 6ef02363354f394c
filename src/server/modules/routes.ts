import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountRoutes } from './accounts/routes';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import { mailRoutes } from './mail/routes';
import { userRoutes } from './users/routes';

/** Every module's HTTP routes, mounted under /api/v1. */
export const moduleRoutes: FastifyPluginAsyncZod[] = [
  authRoutes,
  userRoutes,
  accountRoutes,
  auditRoutes,
  mailRoutes,
];
