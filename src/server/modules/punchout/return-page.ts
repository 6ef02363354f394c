import { createHash, timingSafeEqual } from 'node:crypto';

// The page that carries the cart to the procurement system. The web app's CSP allows forms to post to this
// site only, so the posting page is served here with its own policy: one form, to the one origin the
// procurement system named at set-up, and one script (by hash) that submits it.

const esc = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SUBMIT = "document.getElementById('procurement').submit();";
const SUBMIT_HASH = createHash('sha256').update(SUBMIT).digest('base64');

const shell = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.6rem 1rem}</style></head><body>${body}</body></html>`;

/** The auto-submitting form and the Content-Security-Policy that lets it post where it must, and nowhere else. */
export function postingPage(opts: { url: string; field: string; cxml: string }) {
  const html = shell(
    'Returning your cart',
    `<h1>Returning your cart to procurement…</h1><form id="procurement" method="post" action="${esc(opts.url)}" accept-charset="UTF-8"><input type="hidden" name="${esc(opts.field)}" value="${esc(opts.cxml)}"><button type="submit">Continue to procurement</button></form><script>${SUBMIT}</script>`,
  );
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SUBMIT_HASH}'; form-action ${new URL(opts.url).origin}; base-uri 'none'; frame-ancestors 'none'`;
  return { html, csp };
}

/** A page that says why the cart could not go back, with the way back to it. */
export function problemPage(detail: string, slug: string | null) {
  const back = slug ? `<p><a href="/p/${encodeURIComponent(slug)}/cart">Back to the cart</a></p>` : '';
  return shell(
    'The cart could not be returned',
    `<h1>The cart could not be returned</h1><p>${esc(detail)}</p>${back}`,
  );
}

/** Compares the form's CSRF token with the session's in constant time. */
export function sameToken(given: string, expected: string) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
