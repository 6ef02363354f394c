import type { AppContext } from './platform/context';
import { createHttpServer, type App, type HttpServerOptions } from './platform/http/app';
import type { Principals } from './platform/http/access';
import { moduleRoutes } from './routes';
import { actorOf, userForApiToken, userForSession } from './modules/users';
import { PORTAL_COOKIE, portalPrincipal } from './modules/portals';

/** Staff by session or API token (the users module), portal users by their own cookie (the portals module). */
const principals: Principals = {
  async staffByToken(db, token) {
    const user = await userForApiToken(db, token);
    return user ? actorOf(user, 'token') : null;
  },
  async staffBySession(db, cookie) {
    const found = await userForSession(db, cookie);
    return found ? { actor: actorOf(found.user, 'session'), csrfToken: found.csrfToken } : null;
  },
  portalCookie: PORTAL_COOKIE,
  async portalBySession(db, cookie) {
    const found = await portalPrincipal(db, cookie);
    return found ? { ...found, portalSlug: found.portal.slug } : null;
  },
};

export type { App };

/** The HTTP server with every module's routes: the composition root hands the platform what it mounts. */
export function buildApp(
  ctx: AppContext,
  opts: Omit<HttpServerOptions, 'routes' | 'principals'> = {},
): Promise<App> {
  return createHttpServer(ctx, { ...opts, routes: moduleRoutes, principals });
}
