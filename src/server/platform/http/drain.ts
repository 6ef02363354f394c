import type { FastifyInstance } from 'fastify';

/**
 * A stopping server first tells the load balancer: from `begin()` on, `/ready` answers 503 (the rest keeps
 * serving), so the balancer takes the node out before its listener closes and no client is refused.
 */
export function registerDrain(app: FastifyInstance) {
  let draining = false;
  app.addHook('onRequest', async (request, reply) => {
    if (!draining || request.url !== '/ready') return;
    reply.code(503).header('retry-after', '5').send({ status: 'draining' });
    return reply;
  });
  return {
    begin() {
      draining = true;
    },
  };
}
