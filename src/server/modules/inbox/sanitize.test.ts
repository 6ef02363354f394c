import { describe, expect, it } from 'vitest';
import { sanitizeEmailHtml } from './sanitize';

// sanitize-html is held at 2.17.5, the last release that supports Node 20; later releases fix bypasses through
// URI-bearing attributes, <noscript>, CDATA, <meta refresh>, SVG animation and iframe fallbacks. Our allowlist
// admits none of those, and these vectors prove it stays so whatever the allowlist becomes.
const vectors = [
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<p><![CDATA[</p><img src=x onerror=alert(1)>]]></p>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<svg><animate attributeName="href" values="javascript:alert(1)"/><a><text>x</text></a></svg>',
  '<iframe srcdoc="<script>alert(1)</script>"><img src=x onerror=alert(1)></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
  '<video poster="javascript:alert(1)"></video><table background="javascript:alert(1)"></table>',
  '<a href="jav&#x09;ascript:alert(1)">x</a><a href=" javascript:alert(1)">y</a><a href="JaVaScRiPt:alert(1)">z</a>',
  '<img src="data:text/html,<script>alert(1)</script>"><a ping="https://evil.test" href="https://ok.test">ok</a>',
  '<template><img src=x onerror=alert(1)></template><object data="javascript:alert(1)"></object>',
];

describe('inbound e-mail HTML sanitising', () => {
  it.each(vectors)('neutralises %s', (html) => {
    const { html: safe } = sanitizeEmailHtml(html, { remoteImages: true });
    expect(safe).not.toMatch(
      /javascript:|onerror|<script|<meta|<iframe|<svg|<math|<form|<object|<template|ping=/i,
    );
    expect(safe).not.toMatch(/(poster|background|action|formaction|srcdoc)=/i);
    expect(safe).not.toMatch(/src="data:text\/html/i);
  });

  it('keeps the formatting a client wrote', () => {
    const { html } = sanitizeEmailHtml('<p dir="rtl"><b>Zoë</b> <a href="https://example.com">site</a></p>');
    expect(html).toContain('<b>Zoë</b>');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
});
