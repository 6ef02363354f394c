import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  PasswordChange,
  PasswordReset,
  PasswordResetRequest,
  PortalPreferences,
  ResetRequested,
} from '../../../shared/portal-account';
import { clockOf } from '../../platform/http/transaction';
import { failureGuard, windowLimiter } from '../../platform/http/rate-limit';
import {
  changePassword,
  RESET_REQUESTED,
  requestPasswordReset,
  resetPassword,
  setPreferences,
} from './passwords';
import { portalScope, Slug } from './portal-request';
import { PORTAL_COOKIE, requirePortalUser } from './users';

/**
 * A portal user's own account: a forgotten password reset by an e-mailed link, a password changed, and whether
 * order status e-mails reach them.
 */
export const portalAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  const clock = clockOf(app);
  const scoped = portalScope(app.ctx.db);
  // Reset links: unknown or used tokens count as failures per address (guessing stops), like sign-in.
  const countingFailures = failureGuard({
    max: app.ctx.config.JOBJACKET_SIGNIN_IP_FAILURES,
    windowMs: 10 * 60_000,
    message: 'Too many failed attempts from this address; wait ten minutes',
  });
  // Asking for a link never fails (the answer must not tell whether the e-mail exists), so every request counts:
  // per address and per e-mail, so nobody floods a mailbox.
  const askPerAddress = windowLimiter({
    max: 10,
    windowMs: 15 * 60_000,
    message: 'Too many reset requests from this address; wait fifteen minutes',
  });
  const askPerEmail = windowLimiter({
    max: 3,
    windowMs: 15 * 60_000,
    message:
      'A reset link was asked for this e-mail several times; wait fifteen minutes and check your inbox',
  });

  app.post(
    '/portal/:slug/auth/reset-request',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'E-mail a single-use link to choose a new password; the same answer whether or not the e-mail is known',
        params: Slug,
        body: PasswordResetRequest,
        response: { 202: ResetRequested },
      },
    },
    async (request, reply) => {
      askPerAddress.take(request.ip, reply);
      askPerEmail.take(`${request.params.slug}:${request.body.email.toLowerCase()}`, reply);
      await app.ctx.db.transaction((tx) =>
        requestPasswordReset({
          db: tx,
          clock,
          slug: request.params.slug,
          email: request.body.email,
          mailer: app.ctx.mailer,
          publicUrl: app.ctx.config.publicUrl,
        }),
      );
      return reply.status(202).send({ message: RESET_REQUESTED });
    },
  );
  app.post(
    '/portal/:slug/auth/reset',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Choose a new password with a reset link (once); ends the user’s sessions',
        params: Slug,
        body: PasswordReset,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await countingFailures(request.ip, reply, () =>
        app.ctx.db.transaction((tx) =>
          resetPassword({ db: tx, clock, slug: request.params.slug, ...request.body }),
        ),
      );
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/portal/:slug/account/password',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Change my password (the current one is required); my other sessions end',
        params: Slug,
        body: PasswordChange,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const who = requirePortalUser(request);
      await countingFailures(request.ip, reply, () =>
        scoped(who, (tx) =>
          changePassword({
            db: tx,
            clock,
            who,
            sessionToken: request.cookies[PORTAL_COOKIE] ?? '',
            ...request.body,
          }),
        ),
      );
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/portal/:slug/account/preferences',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'My settings', params: Slug, response: { 200: PortalPreferences } },
    },
    async (request) => ({ orderEmails: requirePortalUser(request).user.orderEmails }),
  );
  app.put(
    '/portal/:slug/account/preferences',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Turn order status e-mails (received, approved, rejected) on or off',
        params: Slug,
        body: PortalPreferences,
        response: { 200: PortalPreferences },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, (tx) =>
        setPreferences({ db: tx, clock, who, orderEmails: request.body.orderEmails }),
      );
    },
  );
};
