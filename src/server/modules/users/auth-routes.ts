import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AcceptInvite, Login, Me } from '../../../shared/users';
import { failureGuard } from '../../platform/http/rate-limit';
import { requireActor, SESSION_COOKIE } from '../../platform/http/access';
import { serviceContext } from '../../platform/http/transaction';
import { presentUser } from './presenter';
import { getUser } from './service';
import { acceptInvite, login, logout, logoutEverywhere, SESSION_DAYS, userForSession } from './auth';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  // Per-address limit on failed sign-ins, on top of the per-user lock-out kept in the database; successful
  // sign-ins do not count (an office signs in from one address).
  const limited = failureGuard({
    max: app.ctx.config.JOBJACKET_SIGNIN_IP_FAILURES,
    windowMs: 10 * 60_000,
    message: 'Too many failed sign-ins from this address; wait ten minutes',
  });
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Sign in; sets the session cookie', body: Login, response: { 200: Me } },
    },
    async (request, reply) => {
      // Rotation: the session this browser held before (if any) ends; sign-in always issues a new one.
      const previous = request.cookies[SESSION_COOKIE];
      const { token, csrfToken, user } = await limited(request.ip, reply, () =>
        login({ db: app.ctx.db, ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] }),
      );
      if (previous) await logout({ db: app.ctx.db, token: previous });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: app.ctx.config.secureCookies,
        path: '/',
        maxAge: SESSION_DAYS * 86_400,
      });
      return { user: presentUser(user), csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'staff' }, schema: { tags, summary: 'Sign out', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout({ db: app.ctx.db, token });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/logout-everywhere',
    {
      config: { access: 'staff', transaction: true },
      schema: {
        tags,
        summary: 'Sign out of every browser and device (API tokens stay; revoke them one by one)',
        response: { 200: z.object({ sessionsEnded: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const sessionsEnded = await logoutEverywhere(serviceContext(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { sessionsEnded };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'The signed-in user and their CSRF token', response: { 200: Me } },
    },
    async (request) => {
      const actor = requireActor(request);
      const user = await getUser({ db: app.ctx.db, id: actor.id! });
      const session =
        actor.via === 'session' ? await userForSession(app.ctx.db, request.cookies[SESSION_COOKIE]!) : null;
      return { user: presentUser(user), csrfToken: session?.csrfToken ?? null };
    },
  );

  app.post(
    '/auth/accept-invite',
    {
      config: { access: 'public', transaction: true },
      schema: {
        tags,
        summary: 'Set a password from an invitation link',
        body: AcceptInvite,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await limited(request.ip, reply, () => acceptInvite({ db: request.db, ...request.body }));
      reply.status(204);
      return null;
    },
  );
};
