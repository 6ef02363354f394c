import type { FastifyInstance } from 'fastify';

/**
 * The web app's Content-Security-Policy: only our own scripts, no plugins, no framing by other sites.
 * Styles allow 'unsafe-inline' because Mantine writes its CSS variables into <style> elements at run time;
 * images allow data:/blob: (icons, generated previews) and https: (remote images a user chose to show in a
 * sanitised e-mail, inside a sandboxed frame); frames allow blob: for PDF proofs rendered in the browser.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API answers are data and files, never pages: nothing in them may run or load (PDFs may be framed by the app). */
const API_POLICY = "default-src 'none'; frame-ancestors 'self'";

/**
 * Security headers on every answer (OWASP ASVS 14.4): CSP, no MIME sniffing, no framing, no referrer leaks
 * to other sites, and HSTS when the shop is served over TLS. The interactive API reference (/api/docs)
 * keeps the policy its plugin sets, since it runs its own bundled scripts.
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }) {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'SAMEORIGIN');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (opts.hsts || request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/docs')) return;
    // A route that serves a page with its own, narrower policy keeps it (the PunchOut posting page).
    if (reply.hasHeader('content-security-policy')) return;
    reply.header(
      'content-security-policy',
      request.url.startsWith('/api/') ? API_POLICY : CONTENT_SECURITY_POLICY,
    );
  });
}
