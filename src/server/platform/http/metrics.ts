import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { AppError } from '../errors';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Prometheus metrics at /metrics: process figures and request durations by route and status. They tell an
 * outsider the shop's routes and load, so they answer a scraper that sends JOBJACKET_METRICS_TOKEN as a
 * Bearer token, or — with no token set — only a caller on this machine.
 */
export function registerMetrics(app: FastifyInstance, opts: { token?: string } = {}) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const allowed = opts.token
      ? request.headers.authorization === `Bearer ${opts.token}`
      : LOOPBACK.has(request.socket.remoteAddress ?? '');
    if (!allowed) {
      throw new AppError(
        'FORBIDDEN',
        opts.token ? 'Send the metrics token as a Bearer token' : 'Metrics answer this machine only',
      );
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
