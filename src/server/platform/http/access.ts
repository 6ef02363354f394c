import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, StaffRole } from '../actor';
import { AppError } from '../errors';
import { TOKEN_REQUESTS_PER_MINUTE, windowLimiter } from './rate-limit';
import { sha256 } from '../auth/secrets';
import type { Db } from '../db';

/**
 * Who may call a route: nobody signed in (`public`), any staff user (`staff`), the listed staff roles, or a
 * user of the client portal named by the route's `:slug` (`portal`; their own cookie, never an API token).
 */
export type Access = 'public' | 'staff' | 'portal' | StaffRole[];

/** A signed-in portal user as the platform sees it; the portals module knows the rest of the record. */
export type PortalSession = { portalSlug: string; csrfToken: string };

/**
 * How requests become principals. The composition root supplies it from the auth and portals modules,
 * so the platform never imports a module.
 */
export type Principals = {
  staffByToken(db: Db, token: string): Promise<Actor | null>;
  staffBySession(db: Db, cookie: string): Promise<{ actor: Actor; csrfToken: string } | null>;
  portalCookie: string;
  portalBySession(db: Db, cookie: string): Promise<PortalSession | null>;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The portal user of a `portal` route (the portals module reads it with its own type). */
    portal: PortalSession | null;
  }
}

export const SESSION_COOKIE = 'jj_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function authenticatePortalUser(app: FastifyInstance, principals: Principals, request: FastifyRequest) {
  if (request.headers.authorization) {
    throw new AppError('UNAUTHENTICATED', 'Portal users sign in at their portal; API tokens are for staff');
  }
  const cookie = request.cookies[principals.portalCookie];
  const found = cookie ? await principals.portalBySession(app.ctx.db, cookie) : null;
  if (!found) throw new AppError('UNAUTHENTICATED', 'Sign in to the portal to continue');
  if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== found.csrfToken) {
    throw new AppError('CSRF', 'Send the X-CSRF-Token header you received at sign-in');
  }
  if ((request.params as { slug?: string }).slug !== found.portalSlug)
    throw new AppError('NOT_FOUND', 'Portal was not found');
  request.portal = found;
}

/** The signed-in actor of a route that requires one. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
  return request.actor;
}

/**
 * Deny by default: every /api route must declare its access, and every request is authenticated
 * (session cookie or Bearer token), role-checked and, for cookie-authenticated writes, CSRF-checked.
 */
export function registerAccessControl(app: FastifyInstance, principals: Principals) {
  app.decorateRequest('actor', null);
  app.decorateRequest('portal', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1/') && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access`);
    }
  });

  const perMinute = app.ctx.config.JOBJACKET_TOKEN_RATE_LIMIT ?? TOKEN_REQUESTS_PER_MINUTE;
  const tokenLimit = windowLimiter({
    max: perMinute || Infinity,
    windowMs: 60_000,
    message: `An API token may make ${perMinute} requests a minute; wait for Retry-After seconds`,
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public') return;
    if (access === 'portal') return authenticatePortalUser(app, principals, request);
    const db = app.ctx.db;
    const header = request.headers.authorization;
    if (header) {
      const [scheme, token] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) {
        throw new AppError('UNAUTHENTICATED', 'Use "Authorization: Bearer <token>"');
      }
      // Counted before the lookup, so a flood of made-up tokens costs no database work either.
      tokenLimit.take(sha256(token), reply);
      const actor = await principals.staffByToken(db, token);
      if (!actor) throw new AppError('UNAUTHENTICATED', 'The API token is unknown, revoked or expired');
      request.actor = { ...actor, requestId: request.id };
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      const found = cookie ? await principals.staffBySession(db, cookie) : null;
      if (!found) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
      if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== found.csrfToken) {
        throw new AppError('CSRF', 'Send the X-CSRF-Token header you received at sign-in (see docs/api.md)');
      }
      request.actor = { ...found.actor, requestId: request.id };
    }
    if (access !== 'staff' && !access.includes(request.actor.role)) {
      throw new AppError('FORBIDDEN', `This needs one of the roles: ${access.join(', ')}`);
    }
  });
}
