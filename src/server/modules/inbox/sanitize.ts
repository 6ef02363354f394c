import sanitizeHtml from 'sanitize-html';

/**
 * Client HTML is hostile until proven otherwise: keep the formatting, drop scripts, styles, event handlers,
 * forms and frames, allow only http(s)/mailto/tel links, and block remote images unless asked (they track
 * opens). The browser shows the result in a sandboxed iframe without scripts as a second wall.
 */
export function sanitizeEmailHtml(html: string, opts: { remoteImages?: boolean } = {}) {
  let blocked = false;
  const safe = sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'style'),
      'img',
      'font',
      'center',
      'span',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['width', 'cellpadding', 'cellspacing', 'border'],
      font: ['color', 'size', 'face'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: opts.remoteImages ? ['http', 'https', 'data'] : ['data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
      }),
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        if (/^\s*data:/i.test(src) && !/^\s*data:image\/(png|jpe?g|gif|webp|bmp);/i.test(src)) {
          const { src: _src, ...rest } = attribs;
          return { tagName, attribs: rest };
        }
        if (!opts.remoteImages && /^\s*(https?:)?\/\//i.test(src)) {
          blocked = true;
          const { src: _src, ...rest } = attribs;
          return { tagName, attribs: { ...rest, alt: rest.alt || '[remote image blocked]' } };
        }
        return { tagName, attribs };
      },
    },
  });
  return { html: safe, remoteImagesBlocked: blocked };
}
