import { productTypeLabels, type Job } from '../../../../shared/jobs';
import { mailClassLabels } from './spec-text';
import type { TicketData } from './ticket-data';
import { el, xmlDocument, type XmlNode } from './xml';
import { productIntents, xjdfProductTypes } from './xjdf-intents';

/**
 * The job as a CIP4 XJDF 2.x product description: one Product per item with its intents, the
 * customer, and the deliveries (ship-to drop, plus a mail drop per mailing item) as DeliveryParams
 * keyed by DropID — XJDF 2.x has no DeliveryIntent.
 */

export const XJDF_NS = 'http://www.CIP4.org/JDFSchema_2_0';
type Item = Job['items'][number];

const priorities: Record<Job['priority'], number> = { low: 25, normal: 50, high: 75, rush: 100 };
const mailMethods = {
  first_class: 'USPS-FirstClass',
  marketing: 'USPS-Marketing',
  periodicals: 'USPS-Periodicals',
  nonprofit: 'USPS-Nonprofit',
} as const;

/** 17:00 on a calendar day in the shop's time zone, as an xs:dateTime with its offset. */
export function endOfBusiness(date: string, timeZone: string): string {
  const probe = new Date(`${date}T17:00:00Z`);
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(probe)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name === 'GMT' ? 'Z' : name.replace('GMT', '');
  return `${date}T17:00:00${offset}`;
}

const productId = (item: Item) => `Item_${item.position}`;

function product(item: Item): XmlNode {
  return el(
    'Product',
    {
      ID: productId(item),
      IsRoot: true,
      Amount: item.quantity,
      ProductType: xjdfProductTypes[item.productType],
      ProductTypeDetails: productTypeLabels[item.productType],
      DescriptiveName: item.description ?? productTypeLabels[item.productType],
    },
    productIntents(item),
  );
}

const resourceSet = (name: string, resources: XmlNode[]) =>
  el('ResourceSet', { Name: name, Usage: 'Input' }, resources);

function customerContact(d: TicketData): XmlNode {
  const c = d.contact;
  const channels = c
    ? [
        c.email ? el('ComChannel', { ChannelType: 'Email', Locator: `mailto:${c.email}` }) : null,
        c.phone ? el('ComChannel', { ChannelType: 'Phone', Locator: c.phone }) : null,
      ]
    : [];
  return el('Resource', {}, [
    el('Part', { ContactType: 'Customer' }),
    el('Contact', {}, [
      ...channels,
      el('Company', { OrganizationName: d.account.name }),
      c ? el('Person', { FirstName: c.firstName, FamilyName: c.lastName }) : null,
    ]),
  ]);
}

function deliveryContact(d: TicketData, dropId: string): XmlNode | null {
  const a = d.shipTo;
  if (!a) return null;
  return el('Resource', {}, [
    el('Part', { ContactType: 'Delivery', DropID: dropId }),
    el('Contact', {}, [
      el('Address', {
        Street: a.line1,
        ExtendedAddress: a.line2,
        City: a.city,
        Region: a.region,
        PostalCode: a.postalCode,
        CountryCode: a.country,
      }),
      el('Company', { OrganizationName: d.account.name }),
      a.attention ? el('Person', { DescriptiveName: a.attention }) : null,
    ]),
  ]);
}

type Drop = { id: string; method?: string; description?: string; required: string; items: [Item, number][] };

/** One drop to the ship-to address for the shipped items, one per mailed item (to the post office). */
function drops(d: TicketData): Drop[] {
  const { job, timeZone } = d;
  const shipBy = endOfBusiness(job.inHandsDate ?? job.dueDate, timeZone);
  const shipped = job.items.filter((i) => !i.spec.mailing);
  const out: Drop[] = [];
  if (shipped.length) out.push({ id: 'D1', required: shipBy, items: shipped.map((i) => [i, i.quantity]) });
  for (const item of job.items) {
    const m = item.spec.mailing;
    if (!m) continue;
    out.push({
      id: `D${out.length + 1}`,
      method: mailMethods[m.mailClass],
      description: mailClassLabels[m.mailClass],
      required: endOfBusiness(m.dropDate ?? job.dueDate, timeZone),
      items: [[item, m.pieces ?? item.quantity]],
    });
  }
  return out;
}

/** The XJDF document for a loaded job. */
export function buildXjdf(d: TicketData): string {
  const { job } = d;
  const allDrops = drops(d);
  const contacts = [
    customerContact(d),
    ...allDrops.filter((x) => !x.method).map((x) => deliveryContact(d, x.id)),
  ].filter((x): x is XmlNode => x !== null);
  const comments = [
    ['Description', job.description],
    ['Production', job.internalNotes],
    ['Customer', job.clientNotes],
  ] as const;
  const root = el(
    'XJDF',
    { xmlns: XJDF_NS, JobID: job.number, Types: 'Product', Version: '2.2', DescriptiveName: job.title },
    [
      ...comments
        .filter(([, text]) => text?.trim())
        .map(([type, text]) => el('Comment', { Type: type }, [text!.trim()])),
      el('ProductList', {}, job.items.map(product)),
      resourceSet('NodeInfo', [
        el('Resource', {}, [
          el('NodeInfo', {
            End: endOfBusiness(job.dueDate, d.timeZone),
            JobPriority: priorities[job.priority],
          }),
        ]),
      ]),
      resourceSet('CustomerInfo', [
        el('Resource', {}, [
          el('CustomerInfo', { CustomerJobName: job.title, CustomerOrderID: job.clientPo }),
        ]),
      ]),
      resourceSet('Contact', contacts),
      allDrops.length
        ? resourceSet(
            'DeliveryParams',
            allDrops.map((drop) =>
              el('Resource', { DescriptiveName: drop.description }, [
                el('Part', { DropID: drop.id }),
                el('DeliveryParams', { Method: drop.method, Required: drop.required }, [
                  ...drop.items.map(([item, amount]) =>
                    el('DropItem', { ItemRef: productId(item), Amount: amount }),
                  ),
                ]),
              ]),
            ),
          )
        : null,
    ],
  );
  return xmlDocument(root);
}
