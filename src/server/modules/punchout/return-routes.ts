import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayIn } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { clockOf } from '../../platform/http/transaction';
import { PORTAL_COOKIE, portalPrincipal } from '../portals';
import { postingPage, problemPage, sameToken } from './return-page';
import { returnCart } from './sessions';

const ReturnForm = z.object({ slug: z.string().min(1).max(40), csrf: z.string().min(1).max(200) }).strict();

/**
 * "Return to procurement" as a plain form post from the portal (the portal's page cannot post to another
 * site itself): checks the portal cookie and the form's CSRF token, ends the punch-out session, and answers
 * the page that posts the PunchOutOrderMessage to the procurement system.
 */
export const returnPageRoutes: FastifyPluginAsyncZod = async (app) => {
  const clock = clockOf(app);
  const host = new URL(app.ctx.config.publicUrl).host;
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.post(
    '/punchout/return',
    {
      // Public to the access hook because a form post carries its CSRF token in the body; checked below.
      config: { access: 'public' },
      schema: {
        tags: ['punchout'],
        summary: 'Return the cart (a form post from the portal): the page that posts it to procurement',
        description:
          'Form fields `slug` and `csrf` (the portal session’s token), with the portal cookie. Answers an HTML page whose form posts `cxml-urlencoded` to the BrowserFormPost URL.',
        body: ReturnForm,
      },
    },
    async (request, reply) => {
      const page = (status: number, html: string) =>
        reply.status(status).type('text/html; charset=utf-8').send(html);
      const cookie = request.cookies[PORTAL_COOKIE];
      const who = cookie ? await portalPrincipal(app.ctx.db, cookie) : null;
      if (!who || who.portal.slug !== request.body.slug)
        return page(
          401,
          problemPage('Your portal session has ended: start again from your procurement system.', null),
        );
      if (!sameToken(request.body.csrf, who.csrfToken))
        return page(
          403,
          problemPage('The form is out of date: go back to the cart and try again.', who.portal.slug),
        );
      try {
        const form = await returnCart({
          db: app.ctx.db,
          who,
          cookie,
          today: todayIn(app.ctx.config.JOBJACKET_TIMEZONE),
          now: clock.now(),
          host,
        });
        const { html, csp } = postingPage(form);
        return reply
          .header('content-security-policy', csp)
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(html);
      } catch (err) {
        if (err instanceof AppError) return page(409, problemPage(err.message, who.portal.slug));
        throw err;
      }
    },
  );
};
