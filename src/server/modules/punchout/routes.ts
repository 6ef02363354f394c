import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rolesFor } from '../../../shared/permissions';
import {
  PunchOutReturn,
  PunchOutSecret,
  PunchOutSecretInput,
  PunchOutSettings,
  PunchOutSettingsInput,
  PunchOutState,
} from '../../../shared/punchout';
import { todayIn } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { failureGuard } from '../../platform/http/rate-limit';
import { clockOf, serviceContext } from '../../platform/http/transaction';
import { PORTAL_COOKIE, requirePortalUser, type OrderEffects } from '../portals';
import { authenticate } from './credentials';
import { setupResponse, statusResponse } from './cxml-build';
import { CxmlError, MAX_CXML_BYTES, readRequest } from './cxml-parse';
import { acceptOrderRequest } from './order-request';
import { returnPageRoutes } from './return-routes';
import { openPunchOut, punchOutOf, returnCart, startPunchOut } from './sessions';
import { getPunchOutSettings, savePunchOutSettings, setPunchOutSecret } from './settings';

const PortalParams = z.object({ id: z.uuid() }).strict();
const Slug = z.object({ slug: z.string().min(1).max(40) }).strict();
const StartParams = z.object({ token: z.string().min(20).max(100) }).strict();
const XML_TYPES = ['text/xml', 'application/xml'];

// cXML status codes this endpoint answers, with their standard texts.
const STATUS = {
  400: 'Bad Request',
  401: 'Unauthorized',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
} as const;

/** Thrown inside the failure guard so a refused credential counts against the address. */
class Refused extends Error {}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title><body style="font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * cXML PunchOut: the document endpoint procurement systems post to, the StartPage that opens a punch-out
 * session in the portal, the portal's "return to procurement", and the staff's set-up of a portal.
 */
export const punchoutRoutes: FastifyPluginAsyncZod = async (app) => {
  const clock = clockOf(app);
  const host = new URL(app.ctx.config.publicUrl).host;
  const publicUrl = app.ctx.config.publicUrl;
  const today = () => todayIn(app.ctx.config.JOBJACKET_TIMEZONE);
  const effects = (): OrderEffects => ({
    mailer: app.ctx.mailer,
    files: app.ctx.files,
    publicUrl,
    today: today(),
  });
  const managers = rolesFor('portal.manage');
  // Each refused document costs an Argon2 check: an address guessing secrets is stopped after 20 in 10 minutes.
  const countingRefusals = failureGuard({
    max: 20,
    windowMs: 10 * 60_000,
    message: 'Too many refused cXML documents from this address; wait ten minutes',
  });

  await app.register(returnPageRoutes);
  app.addContentTypeParser(XML_TYPES, { parseAs: 'string', bodyLimit: MAX_CXML_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/punchout/cxml',
    {
      config: { access: 'public' },
      bodyLimit: MAX_CXML_BYTES,
      schema: {
        tags: ['punchout'],
        summary: 'cXML documents from a procurement system: PunchOutSetupRequest or OrderRequest (text/xml)',
        description:
          'Answers a cXML Response whose Status code is also the HTTP status: 200 (with the StartPage for a set-up request), 400 for a document it cannot read or an order it cannot take, 401 for credentials or a shared secret that do not match, 409 when stock is short, 429 after 20 refused documents from an address in 10 minutes. See docs/punchout.md.',
        body: z.string().max(MAX_CXML_BYTES),
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const answer = (code: keyof typeof STATUS, detail: string) =>
        reply
          .status(code)
          .type('text/xml; charset=utf-8')
          .send(statusResponse({ code, text: STATUS[code], detail, now, host }));
      try {
        const doc = readRequest(request.body);
        // Its own transaction: an order refused half-way writes nothing, and the answer is sent after commit.
        const xml = await countingRefusals(request.ip, reply, async () => {
          const signed = await app.ctx.db.transaction(async (tx) => {
            const settings = await authenticate(tx, doc);
            if (!settings) return null;
            if (doc.kind === 'PunchOutSetupRequest') {
              const { startUrl } = await openPunchOut({ db: tx, clock, settings, request: doc, publicUrl });
              return setupResponse(startUrl, now, host);
            }
            const outcome = await acceptOrderRequest({
              db: tx,
              clock,
              queue: app.ctx.queue,
              settings,
              request: doc,
              effects: effects(),
            });
            const detail = outcome.repeated
              ? `Already received as ${outcome.orderNumber}`
              : `Accepted as ${outcome.orderNumber}`;
            return statusResponse({ code: 200, text: 'OK', detail, now, host });
          });
          if (!signed) throw new Refused();
          return signed;
        });
        return reply.type('text/xml; charset=utf-8').send(xml);
      } catch (err) {
        if (err instanceof Refused) return answer(401, 'The credentials or the shared secret do not match');
        if (err instanceof AppError && err.code === 'RATE_LIMITED') return answer(429, err.message);
        if (err instanceof CxmlError) return answer(400, err.message);
        if (err instanceof AppError && err.code === 'INSUFFICIENT_STOCK') return answer(409, err.message);
        if (
          err instanceof AppError &&
          ['VALIDATION', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND'].includes(err.code)
        )
          return answer(400, err.message);
        request.log.error(err);
        return answer(500, 'The order could not be taken; try again later');
      }
    },
  );

  app.get(
    '/punchout/start/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['punchout'],
        summary: 'The StartPage: opens the punch-out session in the portal (works once, for 5 minutes)',
        params: StartParams,
      },
    },
    async (request, reply) => {
      const started = await app.ctx.db.transaction((tx) =>
        startPunchOut(tx, request.params.token, clock.now()),
      );
      if (!started)
        return reply
          .status(404)
          .type('text/html; charset=utf-8')
          .send(page('Link used or expired', 'Start again from your procurement system.'));
      reply.setCookie(PORTAL_COOKIE, started.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: app.ctx.config.secureCookies,
        path: '/',
      });
      return reply.redirect(`/p/${started.slug}`, 303);
    },
  );

  app.get(
    '/portals/:id/punchout',
    {
      config: { access: managers },
      schema: {
        tags: ['punchout'],
        summary: "A portal's cXML PunchOut set-up (404 until one is saved)",
        params: PortalParams,
        response: { 200: PunchOutSettings },
      },
    },
    (request) => getPunchOutSettings({ db: request.db, portalId: request.params.id, publicUrl }),
  );

  app.put(
    '/portals/:id/punchout',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags: ['punchout'],
        summary:
          "Save a portal's cXML PunchOut set-up: credentials, cost centre, punch-out buyer, notice URL",
        params: PortalParams,
        body: PunchOutSettingsInput,
        response: { 200: PunchOutSettings },
      },
    },
    (request) =>
      savePunchOutSettings({
        ...serviceContext(request),
        portalId: request.params.id,
        input: request.body,
        publicUrl,
        policy: { allowPrivate: app.ctx.config.JOBJACKET_WEBHOOKS_ALLOW_PRIVATE },
      }),
  );

  app.post(
    '/portals/:id/punchout/secret',
    {
      config: { access: managers, transaction: true },
      schema: {
        tags: ['punchout'],
        summary: 'Set or rotate the shared secret (typed, or a random one); shown this once, kept hashed',
        params: PortalParams,
        body: PunchOutSecretInput,
        response: { 200: PunchOutSecret },
      },
    },
    (request) =>
      setPunchOutSecret({ ...serviceContext(request), portalId: request.params.id, input: request.body }),
  );

  app.get(
    '/portal/:slug/punchout',
    {
      config: { access: 'portal' },
      schema: {
        tags: ['portal'],
        summary: 'Whether this portal session is a punch-out session (the cart goes back to procurement)',
        params: Slug,
        response: { 200: PunchOutState },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      const session = await punchOutOf(app.ctx.db, who, request.cookies[PORTAL_COOKIE]);
      return { active: !!session, returnTo: session ? 'your procurement system' : null };
    },
  );

  app.post(
    '/portal/:slug/punchout/return',
    {
      config: { access: 'portal' },
      schema: {
        tags: ['portal'],
        summary: 'Return the cart to the procurement system: a PunchOutOrderMessage for the browser to post',
        description: 'Ends the punch-out session. No order is made: the OrderRequest that follows makes it.',
        params: Slug,
        response: { 200: PunchOutReturn },
      },
    },
    (request) =>
      returnCart({
        db: app.ctx.db,
        who: requirePortalUser(request),
        cookie: request.cookies[PORTAL_COOKIE],
        today: today(),
        now: clock.now(),
        host,
      }),
  );
};
