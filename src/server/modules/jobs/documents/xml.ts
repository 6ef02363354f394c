/** A tiny XML writer: enough to emit well-formed, escaped documents without a library. */

export type XmlAttrs = Record<string, string | number | boolean | null | undefined>;
export type XmlNode = { name: string; attrs: XmlAttrs; children: (XmlNode | string)[] };

// Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/FFFF).
const invalid =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text content. */
export function escapeText(value: string): string {
  return value.replace(invalid, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value; newlines and tabs become references so parsers keep them. */
export function escapeAttr(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** An element; attributes that are null, undefined or '' are left out. */
export function el(
  name: string,
  attrs: XmlAttrs = {},
  children: (XmlNode | string | null | false)[] = [],
): XmlNode {
  return { name, attrs, children: children.filter((c): c is XmlNode | string => c !== null && c !== false) };
}

function attrText(attrs: XmlAttrs): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
}

/** Serialises a node tree with two-space indentation (text-only elements stay on one line). */
export function serialize(node: XmlNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  const open = `${pad}<${node.name}${attrText(node.attrs)}`;
  if (!node.children.length) return `${open}/>`;
  if (node.children.every((c) => typeof c === 'string')) {
    return `${open}>${node.children.map((c) => escapeText(c as string)).join('')}</${node.name}>`;
  }
  const inner = node.children
    .map((c) => (typeof c === 'string' ? `${pad}  ${escapeText(c)}` : serialize(c, depth + 1)))
    .join('\n');
  return `${open}>\n${inner}\n${pad}</${node.name}>`;
}

/** A whole document with its XML declaration. */
export const xmlDocument = (root: XmlNode) => `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root)}\n`;
