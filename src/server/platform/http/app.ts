import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { LoggerOptions } from 'pino';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { registerAccessControl, type Principals } from './access';
import { registerTransactions } from './transaction';
import { registerErrorHandling } from './errors';
import { registerMetrics } from './metrics';
import { registerWellFormedText } from './well-formed';
import { registerSecurityHeaders } from './security-headers';
import { responseSerializer } from './serializer';
import { toProblem, AppError } from '../errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export type App = FastifyInstance;

/**
 * Secrets never reach the log: credentials in headers are censored, and a failed query's bound values
 * (which can hold password hashes, tokens or client data) are cut from error messages and stacks.
 */
const withoutQueryParams = (text: string | undefined) =>
  text?.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, '\nparams: [redacted]');
const loggerRedaction: Pick<LoggerOptions, 'redact' | 'serializers'> = {
  redact: {
    paths: [
      'req.headers.authorization',
      'req.headers.cookie',
      'req.headers["x-csrf-token"]',
      'req.headers["x-inbound-token"]',
      'req.headers["idempotency-key"]',
      'res.headers["set-cookie"]',
    ],
    censor: '[redacted]',
  },
  serializers: {
    err: (err: Error & { cause?: unknown }) => ({
      type: err.constructor?.name ?? 'Error',
      message: withoutQueryParams(err.message),
      stack: withoutQueryParams(err.stack),
      code: (err as { code?: unknown }).code,
      cause:
        err.cause instanceof Error
          ? { message: err.cause.message, code: (err.cause as { code?: unknown }).code }
          : undefined,
    }),
  },
};
const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../dist/web');

export type HttpServerOptions = {
  /** Every module's routes, mounted under /api/v1 (given by the composition root: platform knows no module). */
  routes: FastifyPluginAsyncZod[];
  /** How a session cookie or token becomes a staff actor or a portal user. */
  principals: Principals;
  logger?: boolean;
  logStream?: { write(line: string): void };
};

/** Builds the HTTP server: platform hooks, the OpenAPI reference, the given routes and the web app. */
export async function createHttpServer(ctx: AppContext, opts: HttpServerOptions): Promise<App> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: ctx.config.LOG_LEVEL,
            ...loggerRedaction,
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.JOBJACKET_TRUST_PROXY,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerSecurityHeaders(app, { hsts: ctx.config.publicUrl.startsWith('https:') });
  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Jobjacket API',
        version: '1',
        description:
          'Sign in with a session cookie (browser) or `Authorization: Bearer <API token>`. See docs/api.md.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'jj_session' },
          portalSession: { type: 'apiKey', in: 'cookie', name: 'jj_portal' },
        },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const access = input.route.config?.access;
      const schema = out.schema as Record<string, unknown>;
      if (access === 'portal') {
        schema.security = [{ portalSession: [] }];
        schema['x-roles'] = 'portal';
      } else if (access && access !== 'public') {
        schema.security = [{ bearer: [] }, { session: [] }];
        schema['x-roles'] = access === 'staff' ? 'staff' : access;
      } else if (access === 'public') {
        schema.security = [];
      }
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerAccessControl(app, opts.principals);
  registerTransactions(app);
  registerWellFormedText(app);
  registerMetrics(app, { token: ctx.config.JOBJACKET_METRICS_TOKEN });

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await ctx.db.execute(sql`select 1`);
      return { status: 'ready', database: ctx.database.kind };
    } catch {
      return reply.status(503).send({ status: 'not ready', database: 'unreachable' });
    }
  });

  for (const routes of opts.routes) await app.register(routes, { prefix: '/api/v1' });

  registerWebApp(app);
  return app;
}

function registerWebApp(app: FastifyInstance) {
  const indexPath = path.join(webRoot, 'index.html');
  const hasWeb = existsSync(indexPath);
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    app.register(fastifyStatic, { root: webRoot, wildcard: true, index: false });
  }
  if (hasWeb)
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.type('text/html').send(readFileSync(indexPath)),
    );
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !hasWeb || request.method !== 'GET') {
      const problem = toProblem(
        new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
      );
      return reply.status(404).type('application/problem+json').send(problem);
    }
    if (/\.[a-z0-9]+$/i.test(request.url.split('?')[0]!)) {
      return reply.status(404).type('text/plain').send('Not found');
    }
    // A client portal (`/p/{slug}/…`) and a client's proof or quote link (`/proof/{token}`, `/quote/{token}`)
    // have their own page and bundle; every other address is the staff app.
    const portal = ['/p/', '/proof/', '/quote/'].some((prefix) => request.url.startsWith(prefix));
    const page = portal ? path.join(webRoot, 'portal.html') : indexPath;
    return reply.type('text/html').send(readFileSync(page));
  });
}
