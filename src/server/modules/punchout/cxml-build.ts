import { randomUUID } from 'node:crypto';

/** The cXML version the documents declare (the DTD is named, never fetched). */
export const CXML_VERSION = '1.2.014';
/** Prices are in the shop's currency. */
export const CURRENCY = 'USD';
/** UNSPSC 82121500 "Printing": the classification of every item the portal sells. */
const UNSPSC_PRINTING = '82121500';

const esc = (value: string | number) =>
  String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** A new payloadID: unique, and naming the sender's host as cXML asks. */
export const newPayloadId = (host: string) => `${Date.now()}.${randomUUID()}@${host}`;

function envelope(body: string, opts: { payloadId: string; now: Date; dtd?: string }) {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/${CXML_VERSION}/${opts.dtd ?? 'cXML.dtd'}">`,
    `<cXML payloadID="${esc(opts.payloadId)}" timestamp="${opts.now.toISOString()}" xml:lang="en-US">`,
    body,
    '</cXML>',
    '',
  ].join('\n');
}

/** A party of a header: one credential. */
export type Party = { domain: string; identity: string };
const credential = (p: Party, secret?: string) =>
  `<Credential domain="${esc(p.domain)}"><Identity>${esc(p.identity)}</Identity>${
    secret ? `<SharedSecret>${esc(secret)}</SharedSecret>` : ''
  }</Credential>`;
const header = (from: Party, to: Party, sender: Party) =>
  `  <Header>\n    <From>${credential(from)}</From>\n    <To>${credential(to)}</To>\n    <Sender>${credential(sender)}<UserAgent>Jobjacket</UserAgent></Sender>\n  </Header>`;

/** Money with as many decimals as it needs (two at least): engine prices are not whole cents a unit. */
export const moneyText = (cents: number) => (cents / 100).toFixed(4).replace(/0{1,2}$/, '');
const money = (cents: number) => `<Money currency="${CURRENCY}">${moneyText(cents)}</Money>`;

/** A Response with a status: 200 OK, or the error code and its text. */
export function statusResponse(opts: {
  code: number;
  text: string;
  detail?: string;
  inReplyTo?: string;
  now: Date;
  host: string;
  body?: string;
}) {
  const detail = opts.detail ? esc(opts.detail) : '';
  return envelope(
    `  <Response>\n    <Status code="${opts.code}" text="${esc(opts.text)}">${detail}</Status>${
      opts.body ? `\n${opts.body}` : ''
    }\n  </Response>`,
    { payloadId: newPayloadId(opts.host), now: opts.now },
  );
}

/** The answer to a set-up request: where the buyer's browser goes to shop. */
export const setupResponse = (startUrl: string, now: Date, host: string) =>
  statusResponse({
    code: 200,
    text: 'OK',
    now,
    host,
    body: `    <PunchOutSetupResponse>\n      <StartPage><URL>${esc(startUrl)}</URL></StartPage>\n    </PunchOutSetupResponse>`,
  });

/** A line of the returned cart. */
export type CartItem = {
  quantity: number;
  sku: string;
  lineId: string;
  /** The line's amount; the unit price is this over the quantity. */
  amountCents: number;
  description: string;
};

/** The cart as a PunchOutOrderMessage, from the shop (From/Sender) to the buying organisation (To). */
export function orderMessage(opts: {
  shop: Party;
  buyer: Party;
  buyerCookie: string;
  items: CartItem[];
  now: Date;
  host: string;
}) {
  const total = opts.items.reduce((s, i) => s + i.amountCents, 0);
  const items = opts.items.map(
    (i) =>
      `      <ItemIn quantity="${i.quantity}">
        <ItemID><SupplierPartID>${esc(i.sku)}</SupplierPartID><SupplierPartAuxiliaryID>${esc(i.lineId)}</SupplierPartAuxiliaryID></ItemID>
        <ItemDetail>
          <UnitPrice>${money(i.amountCents / i.quantity)}</UnitPrice>
          <Description xml:lang="en">${esc(i.description)}</Description>
          <UnitOfMeasure>EA</UnitOfMeasure>
          <Classification domain="UNSPSC">${UNSPSC_PRINTING}</Classification>
        </ItemDetail>
      </ItemIn>`,
  );
  return envelope(
    [
      header(opts.shop, opts.buyer, opts.shop),
      '  <Message>',
      '    <PunchOutOrderMessage>',
      `      <BuyerCookie>${esc(opts.buyerCookie)}</BuyerCookie>`,
      `      <PunchOutOrderMessageHeader operationAllowed="create"><Total>${money(total)}</Total></PunchOutOrderMessageHeader>`,
      ...items,
      '    </PunchOutOrderMessage>',
      '  </Message>',
    ].join('\n'),
    { payloadId: newPayloadId(opts.host), now: opts.now },
  );
}

/** What the notices say about the order. */
export type NoticeOrder = {
  buyerOrderId: string;
  /** The OrderRequest's payloadID, which the notices refer to. */
  payloadId: string;
  orderNumber: string;
  orderDate: string;
  totalCents: number;
};

/** "Accepted": the order confirmation, sent once the order is placed. */
export function confirmationRequest(opts: {
  shop: Party;
  buyer: Party;
  order: NoticeOrder;
  now: Date;
  host: string;
}) {
  const { order } = opts;
  return envelope(
    [
      header(opts.shop, opts.buyer, opts.shop),
      '  <Request>',
      '    <ConfirmationRequest>',
      `      <ConfirmationHeader type="accept" noticeDate="${opts.now.toISOString()}" confirmID="${esc(order.orderNumber)}" operation="new"><Total>${money(order.totalCents)}</Total></ConfirmationHeader>`,
      `      <OrderReference orderID="${esc(order.buyerOrderId)}" orderDate="${esc(order.orderDate)}"><DocumentReference payloadID="${esc(order.payloadId)}"/></OrderReference>`,
      '    </ConfirmationRequest>',
      '  </Request>',
    ].join('\n'),
    { payloadId: newPayloadId(opts.host), now: opts.now },
  );
}

/** "Shipped": the ship notice, with the carrier and tracking number. */
export function shipNoticeRequest(opts: {
  shop: Party;
  buyer: Party;
  order: NoticeOrder;
  shipmentNumber: string;
  carrier: string;
  trackingNumber: string | null;
  now: Date;
  host: string;
}) {
  const { order } = opts;
  const tracking = opts.trackingNumber
    ? `<ShipmentIdentifier>${esc(opts.trackingNumber)}</ShipmentIdentifier>`
    : '';
  return envelope(
    [
      header(opts.shop, opts.buyer, opts.shop),
      '  <Request>',
      '    <ShipNoticeRequest>',
      `      <ShipNoticeHeader shipmentID="${esc(opts.shipmentNumber)}" noticeDate="${opts.now.toISOString()}" shipmentDate="${opts.now.toISOString()}" operation="new"/>`,
      `      <ShipControl><CarrierIdentifier domain="companyName">${esc(opts.carrier)}</CarrierIdentifier>${tracking}</ShipControl>`,
      `      <ShipNoticePortion><OrderReference orderID="${esc(order.buyerOrderId)}" orderDate="${esc(order.orderDate)}"><DocumentReference payloadID="${esc(order.payloadId)}"/></OrderReference></ShipNoticePortion>`,
      '    </ShipNoticeRequest>',
      '  </Request>',
    ].join('\n'),
    { payloadId: newPayloadId(opts.host), now: opts.now, dtd: 'Fulfill.dtd' },
  );
}
