import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { Db } from '../db';
import { requireActor } from './access';
import { shopClock, type Clock, type ServiceContext } from '../service-context';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Run the handler in one transaction: `request.db` is that transaction, committed after the handler
     * returns and rolled back when it throws. The handler returns its body (setting `reply.status` first)
     * and never sends the reply itself, so nobody hears "done" before the commit.
     */
    transaction?: boolean;
  }
  interface FastifyRequest {
    /** The route's transaction (`config.transaction`), else the database. */
    db: Db;
  }
}

/** Wraps the handlers of `transaction: true` routes, and gives every request `request.db`. */
export function registerTransactions(app: FastifyInstance) {
  app.decorateRequest('db', null as unknown as Db);
  app.addHook('onRequest', async (request) => {
    request.db = app.ctx.db;
  });
  app.addHook('onRoute', (route) => {
    if (!route.config?.transaction) return;
    const handler = route.handler as (
      this: FastifyInstance,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => Promise<unknown>;
    const inTransaction = async function (
      this: FastifyInstance,
      request: FastifyRequest,
      reply: FastifyReply,
    ) {
      const send = reply.send;
      // Nobody may hear "done" before the commit: a reply sent from inside the transaction is a bug (500).
      reply.send = () => {
        throw new Error(
          `${route.method} ${route.url} sent its reply inside its transaction; return the body`,
        );
      };
      try {
        return await app.ctx.db.transaction(async (tx) => {
          request.db = tx;
          return handler.call(this, request, reply);
        });
      } finally {
        reply.send = send;
        request.db = app.ctx.db;
      }
    };
    route.handler = inTransaction as RouteHandlerMethod;
  });
}

const clocks = new Map<string, Clock>();

/** The shop's clock for the app's time zone (one per zone). */
export function clockOf(app: FastifyInstance): Clock {
  const zone = app.ctx.config.JOBJACKET_TIMEZONE;
  let clock = clocks.get(zone);
  if (!clock) clocks.set(zone, (clock = shopClock(zone)));
  return clock;
}

/** The service context of a staff request: its database or transaction, the signed-in actor, the clock. */
export function serviceContext(request: FastifyRequest): ServiceContext {
  return { db: request.db, actor: requireActor(request), clock: clockOf(request.server) };
}
