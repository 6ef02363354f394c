import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, StaffRole } from '../actor';
import { AppError } from '../errors';
import { actorOf, userForApiToken, userForSession } from '../../modules/auth/service';

/** Who may call a route: nobody signed in (`public`), any staff user (`staff`), or the listed roles. */
export type Access = 'public' | 'staff' | StaffRole[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const SESSION_COOKIE = 'jj_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in actor of a route that requires one. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
  return request.actor;
}

/**
 * Deny by default: every /api route must declare its access, and every request is authenticated
 * (session cookie or Bearer token), role-checked and, for cookie-authenticated writes, CSRF-checked.
 */
export function registerAccessControl(app: FastifyInstance) {
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1/') && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public') return;
    const db = app.ctx.db;
    const header = request.headers.authorization;
    if (header) {
      const [scheme, token] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) {
        throw new AppError('UNAUTHENTICATED', 'Use "Authorization: Bearer <token>"');
      }
      const user = await userForApiToken(db, token);
      if (!user) throw new AppError('UNAUTHENTICATED', 'The API token is unknown, revoked or expired');
      request.actor = { ...actorOf(user, 'token'), requestId: request.id };
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      const found = cookie ? await userForSession(db, cookie) : null;
      if (!found) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
      if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== found.csrfToken) {
        throw new AppError('CSRF', 'Send the X-CSRF-Token header you received at sign-in (see docs/api.md)');
      }
      request.actor = { ...actorOf(found.user, 'session'), requestId: request.id };
    }
    if (access !== 'staff' && !access.includes(request.actor.role)) {
      throw new AppError('FORBIDDEN', `This needs one of the roles: ${access.join(', ')}`);
    }
  });
}
