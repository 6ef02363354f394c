import type { FastifyReply } from 'fastify';
import { AppError } from '../errors';

/**
 * A fixed-window counter per key, kept in this process's memory. Behind several servers each keeps its
 * own count, so the effective limit is the per-process limit times the number of servers: the limits are
 * there to stop floods and guessing, not to meter usage.
 */
export function windowLimiter(opts: { max: number; windowMs: number; message: string }) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let sweptAt = Date.now();
  const current = (key: string, now: number) => {
    if (now - sweptAt > opts.windowMs) {
      for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      sweptAt = now;
    }
    const w = windows.get(key);
    return w && w.resetAt > now ? w : null;
  };
  /** Refuses (429 with Retry-After) when the key has used up its window; counts nothing. */
  const check = (key: string, reply?: FastifyReply) => {
    const now = Date.now();
    const w = current(key, now);
    if (w && w.count >= opts.max) {
      reply?.header('retry-after', String(Math.max(1, Math.ceil((w.resetAt - now) / 1000))));
      throw new AppError('RATE_LIMITED', opts.message);
    }
  };
  /** Counts one use of the key. */
  const hit = (key: string) => {
    const now = Date.now();
    const w = current(key, now);
    if (w) w.count += 1;
    else windows.set(key, { count: 1, resetAt: now + opts.windowMs });
  };
  return {
    check,
    hit,
    /** Checks, then counts: for limits on every request. */
    take: (key: string, reply?: FastifyReply) => {
      check(key, reply);
      hit(key);
    },
  };
}

/**
 * Counts only failures per address (a wrong password, an unknown link): `guard(ip, reply, work)` refuses once
 * the address has `max` failures in the window, runs the work, and counts it when it throws. A client's whole
 * office can share one address without troubling each other; guessing stops.
 */
export function failureGuard(opts: { max: number; windowMs: number; message: string }) {
  const limit = windowLimiter(opts);
  return async <T>(ip: string, reply: FastifyReply, work: () => Promise<T>): Promise<T> => {
    limit.check(ip, reply);
    try {
      return await work();
    } catch (err) {
      limit.hit(ip);
      throw err;
    }
  };
}

/** API tokens: 600 requests a minute each, unless JOBJACKET_TOKEN_RATE_LIMIT says otherwise. */
export const TOKEN_REQUESTS_PER_MINUTE = 600;
