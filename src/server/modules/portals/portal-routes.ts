import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PortalAccept, PortalBranding, PortalLogin, PortalSession } from '../../../shared/portals';
import { failureGuard } from '../../platform/http/rate-limit';
import { portalCatalogRoutes } from './portal-catalog-routes';
import { portalOrderRoutes } from './portal-order-routes';
import { portalProofRoutes } from './portal-proof-routes';
import { portalQuoteRoutes } from './portal-quote-routes';
import { portalScope, Slug } from './portal-request';
import { findActivePortalBySlug } from './portals';
import {
  acceptPortalInvite,
  brandingOf,
  PORTAL_COOKIE,
  portalLogin,
  portalLogout,
  portalSession,
  requirePortalUser,
} from './users';

const SESSION_DAYS = 7;

/**
 * The client-facing API under /portal/{slug}: a portal user's own cookie, and every handler runs in a
 * transaction scoped to their account by PostgreSQL row-level security. Sign-in and the session here; the
 * catalogue and cart, and orders, approvals, stock and budgets in their own files.
 */
export const portalUserRoutes: FastifyPluginAsyncZod = async (app, opts) => {
  // Per-address limit on failed sign-ins (JOBJACKET_SIGNIN_IP_FAILURES), on top of each portal user's lock-out.
  // Only failures count: a client's whole office signs in from one address.
  const countingFailures = failureGuard({
    max: app.ctx.config.JOBJACKET_SIGNIN_IP_FAILURES,
    windowMs: 10 * 60_000,
    message: 'Too many failed sign-ins from this address; wait ten minutes',
  });
  const tags = ['portal'];
  const scoped = portalScope(app.ctx.db);
  const setSession = (reply: { setCookie: (n: string, v: string, o: object) => unknown }, token: string) =>
    reply.setCookie(PORTAL_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: app.ctx.config.secureCookies,
      path: '/',
      maxAge: SESSION_DAYS * 86_400,
    });

  app.get(
    '/portal/:slug/branding',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The portal’s name and colours for its sign-in page',
        params: Slug,
        response: { 200: PortalBranding },
      },
    },
    async (request) =>
      brandingOf(await findActivePortalBySlug({ db: app.ctx.db, slug: request.params.slug })),
  );
  app.post(
    '/portal/:slug/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign a portal user in; sets the portal cookie',
        params: Slug,
        body: PortalLogin,
        response: { 200: PortalSession },
      },
    },
    async (request, reply) => {
      // Not in a transaction: a failed attempt must stay counted when the sign-in is refused.
      const s = await countingFailures(request.ip, reply, () =>
        portalLogin(app.ctx.db, request.params.slug, request.body.email, request.body.password),
      );
      setSession(reply, s.token);
      return scoped({ user: s.user, portal: s.portal, csrfToken: s.csrfToken }, (tx) =>
        portalSession(tx, { user: s.user, portal: s.portal, csrfToken: s.csrfToken }),
      );
    },
  );
  app.post(
    '/portal/:slug/auth/accept',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Accept an invitation: set the password and sign in',
        params: Slug,
        body: PortalAccept,
        response: { 200: PortalSession },
      },
    },
    async (request, reply) => {
      // Its own transaction inside the failure counting, so a refused token still counts.
      const s = await countingFailures(request.ip, reply, () =>
        app.ctx.db.transaction((tx) =>
          acceptPortalInvite(tx, request.params.slug, request.body.token, request.body.password),
        ),
      );
      setSession(reply, s.token);
      const who = { user: s.user, portal: s.portal, csrfToken: s.csrfToken };
      return scoped(who, (tx) => portalSession(tx, who));
    },
  );
  app.post(
    '/portal/:slug/auth/logout',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'Sign out of the portal', params: Slug, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await portalLogout(app.ctx.db, request.cookies[PORTAL_COOKIE]!);
      reply.clearCookie(PORTAL_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/portal/:slug/auth/me',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'The signed-in portal user, their cost centres and addresses',
        params: Slug,
        response: { 200: PortalSession },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) => portalSession(tx, who));
    },
  );

  await portalCatalogRoutes(app, opts);
  await portalOrderRoutes(app, opts);
  await portalProofRoutes(app, opts);
  await portalQuoteRoutes(app, opts);
};
