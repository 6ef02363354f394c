import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/** The largest cXML document the endpoint reads (an OrderRequest of 50 lines is ~30 KB). */
export const MAX_CXML_BYTES = 256 * 1024;

/** A document the endpoint cannot read: answered with cXML status 400 and this text. */
export class CxmlError extends Error {}

// Elements that may repeat: always arrays, so one and many read the same way.
const REPEATED = new Set(['Credential', 'Extrinsic', 'ItemOut', 'ItemIn', 'Street', 'DeliverTo', 'Email']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Only the five XML entities and character references: a DOCTYPE's own entities are refused before this.
  processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 10_000 },
  htmlEntities: false,
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;

/** The text of an element, whether the parser gave a string or an object with attributes. */
export function textOf(node: unknown): string {
  if (typeof node === 'string') return node.trim();
  if (node && typeof node === 'object' && '#text' in node) return String((node as Node)['#text']).trim();
  return '';
}

const child = (node: unknown, name: string): Node | undefined => {
  const value = node && typeof node === 'object' ? (node as Node)[name] : undefined;
  return value === undefined ? undefined : typeof value === 'object' ? (value as Node) : { '#text': value };
};
const list = (node: unknown, name: string): Node[] => {
  const value = node && typeof node === 'object' ? (node as Node)[name] : undefined;
  return Array.isArray(value)
    ? (value as unknown[]).map((v) => (typeof v === 'object' ? (v as Node) : { '#text': v }))
    : [];
};
const attr = (node: unknown, name: string) =>
  node && typeof node === 'object' ? String((node as Node)[`@${name}`] ?? '').trim() : '';

/** A credential of the header: a domain and an identity (and the Sender's shared secret). */
export type Credential = { domain: string; identity: string; secret: string };
const credentials = (node: unknown): Credential[] =>
  list(node, 'Credential').map((c) => ({
    domain: attr(c, 'domain'),
    identity: textOf(c['Identity']),
    secret: textOf(c['SharedSecret']),
  }));

/** What every request document carries: its id and the three parties. */
export type CxmlHeader = { payloadId: string; from: Credential[]; to: Credential[]; sender: Credential[] };

export type SetupRequest = CxmlHeader & {
  kind: 'PunchOutSetupRequest';
  operation: 'create' | 'edit' | 'inspect';
  buyerCookie: string;
  formPostUrl: string;
  userEmail: string | null;
  userName: string | null;
};

export type OrderRequestLine = {
  lineNumber: number;
  quantity: number;
  supplierPartId: string;
  auxiliaryId: string | null;
  unitPrice: number;
  currency: string;
};

export type OrderRequest = CxmlHeader & {
  kind: 'OrderRequest';
  orderId: string;
  orderDate: string;
  type: string;
  total: { amount: number; currency: string } | null;
  shipTo: {
    name: string;
    deliverTo: string | null;
    street: string[];
    city: string;
    state: string;
    postalCode: string;
    country: string;
  } | null;
  lines: OrderRequestLine[];
  /** The requester named by the header's Contact, if any. */
  contactEmail: string | null;
  contactName: string | null;
};

const url = z.url({ protocol: /^https?$/ }).max(2000);
const money = (node: Node | undefined) => {
  const amount = Number(textOf(node));
  return { amount, currency: attr(node, 'currency').toUpperCase() };
};

/** Checks well-formedness and refuses what a cXML document never needs (entity declarations). */
function parse(xml: string): Node {
  if (Buffer.byteLength(xml) > MAX_CXML_BYTES)
    throw new CxmlError(`The document is over ${MAX_CXML_BYTES} bytes`);
  if (/<!ENTITY/i.test(xml)) throw new CxmlError('Entity declarations are not accepted');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new CxmlError(`Not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(xml) as Node;
  const root = child(doc, 'cXML');
  if (!root) throw new CxmlError('The root element is not cXML');
  return root;
}

function headerOf(root: Node): CxmlHeader {
  const header = child(root, 'Header');
  if (!header) throw new CxmlError('The document has no Header');
  return {
    payloadId: attr(root, 'payloadID'),
    from: credentials(child(header, 'From')),
    to: credentials(child(header, 'To')),
    sender: credentials(child(header, 'Sender')),
  };
}

function setupOf(header: CxmlHeader, node: Node): SetupRequest {
  const extrinsic = (name: string) =>
    list(node, 'Extrinsic').find((e) => attr(e, 'name').toLowerCase() === name.toLowerCase());
  const formPost = url.safeParse(textOf(child(child(node, 'BrowserFormPost'), 'URL')));
  if (!formPost.success) throw new CxmlError('BrowserFormPost/URL is missing or not an http(s) URL');
  const operation = attr(node, 'operation') || 'create';
  if (!['create', 'edit', 'inspect'].includes(operation))
    throw new CxmlError(`Unknown operation "${operation}" (create, edit or inspect)`);
  const email = z
    .email()
    .max(254)
    .safeParse(textOf(extrinsic('UserEmail')));
  const name = textOf(extrinsic('UserFullName')) || textOf(extrinsic('UniqueName'));
  return {
    ...header,
    kind: 'PunchOutSetupRequest',
    operation: operation as SetupRequest['operation'],
    buyerCookie: textOf(child(node, 'BuyerCookie')).slice(0, 500),
    formPostUrl: formPost.data,
    userEmail: email.success ? email.data : null,
    userName: name ? name.slice(0, 120) : null,
  };
}

function orderOf(header: CxmlHeader, node: Node): OrderRequest {
  const head = child(node, 'OrderRequestHeader');
  const orderId = attr(head, 'orderID');
  if (!orderId || orderId.length > 100)
    throw new CxmlError('OrderRequestHeader has no orderID (at most 100 characters)');
  const items = list(node, 'ItemOut');
  if (!items.length) throw new CxmlError('The OrderRequest has no ItemOut');
  if (items.length > 50) throw new CxmlError('An OrderRequest holds at most 50 ItemOut lines');
  const lines = items.map((item, i): OrderRequestLine => {
    const id = child(item, 'ItemID');
    const price = money(child(child(child(item, 'ItemDetail'), 'UnitPrice'), 'Money'));
    const quantity = Number(attr(item, 'quantity'));
    const line = {
      lineNumber: Number(attr(item, 'lineNumber') || i + 1),
      quantity,
      supplierPartId: textOf(child(id, 'SupplierPartID')),
      auxiliaryId: textOf(child(id, 'SupplierPartAuxiliaryID')) || null,
      unitPrice: price.amount,
      currency: price.currency,
    };
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10_000_000)
      throw new CxmlError(`ItemOut ${line.lineNumber}: quantity must be a whole number above 0`);
    if (!line.supplierPartId) throw new CxmlError(`ItemOut ${line.lineNumber}: no SupplierPartID`);
    if (!Number.isFinite(line.unitPrice) || line.unitPrice < 0 || !/^[A-Z]{3}$/.test(line.currency))
      throw new CxmlError(`ItemOut ${line.lineNumber}: UnitPrice/Money needs an amount and a currency`);
    return line;
  });
  const address = child(child(head, 'ShipTo'), 'Address');
  const postal = child(address, 'PostalAddress');
  const total = child(child(head, 'Total'), 'Money');
  const contact = child(head, 'Contact');
  const contactEmail = z
    .email()
    .max(254)
    .safeParse(textOf(list(contact, 'Email')[0]));
  return {
    ...header,
    kind: 'OrderRequest',
    orderId,
    orderDate: attr(head, 'orderDate'),
    type: attr(head, 'type') || 'new',
    total: total ? money(total) : null,
    shipTo: postal
      ? {
          name: textOf(child(address, 'Name')),
          deliverTo: list(postal, 'DeliverTo').map(textOf).filter(Boolean).join(', ') || null,
          street: list(postal, 'Street').map(textOf).filter(Boolean),
          city: textOf(child(postal, 'City')),
          state: textOf(child(postal, 'State')),
          postalCode: textOf(child(postal, 'PostalCode')),
          country: attr(child(postal, 'Country'), 'isoCountryCode') || 'US',
        }
      : null,
    lines,
    contactEmail: contactEmail.success ? contactEmail.data : null,
    contactName: textOf(child(contact, 'Name')).slice(0, 120) || null,
  };
}

/** Reads a PunchOutSetupRequest or an OrderRequest; anything else is a CxmlError. */
export function readRequest(xml: string): SetupRequest | OrderRequest {
  const root = parse(xml);
  const header = headerOf(root);
  if (!header.payloadId || header.payloadId.length > 250)
    throw new CxmlError('The cXML element has no payloadID (at most 250 characters)');
  const request = child(root, 'Request');
  const setup = child(request, 'PunchOutSetupRequest');
  if (setup) return setupOf(header, setup);
  const order = child(request, 'OrderRequest');
  if (order) return orderOf(header, order);
  throw new CxmlError('Expected a PunchOutSetupRequest or an OrderRequest');
}

/** Reads any cXML document into a plain tree (tests and the docs' examples read answers with it). */
export function readDocument(xml: string): Node {
  return parse(xml);
}
