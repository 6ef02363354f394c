import type { Address } from '../../../../shared/accounts';
import type { Job } from '../../../../shared/jobs';

type Item = Job['items'][number];
export type TicketParty = { shipTo: Address | null; contact: { firstName: string; lastName: string } | null };

const esc = (v: string | number) =>
  String(v).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
const attrs = (a: Record<string, string | number | undefined | null>) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => ` ${k}="${esc(v!)}"`)
    .join('');
const el = (name: string, a: Record<string, string | number | undefined | null>, children: string[] = []) =>
  children.length ? `<${name}${attrs(a)}>${children.join('')}</${name}>` : `<${name}${attrs(a)}/>`;

const points = (value: number, unit: 'in' | 'mm') =>
  Math.round((unit === 'in' ? value * 72 : (value * 72) / 25.4) * 100) / 100;
const token = (s: string) => s.trim().replace(/[^\w.-]+/g, '_');

function colours(count: number, spots: string[]) {
  const process = count >= 4 ? ['Cyan', 'Magenta', 'Yellow', 'Black'] : count >= 1 ? ['Black'] : [];
  return [...process, ...spots.map(token)].join(' ');
}

/** FoldCatalog codes for the folds people name; unknown folds are left out rather than guessed. */
function foldCatalog(fold: string | null | undefined) {
  const f = (fold ?? '').toLowerCase();
  if (/tri|letter|roll|c-?fold/.test(f)) return 'F6-1';
  if (/half|bi-?fold|single/.test(f)) return 'F4-1';
  return null;
}

function bindingType(binding: string | null | undefined) {
  const b = (binding ?? '').toLowerCase();
  if (/saddle/.test(b)) return 'SaddleStitch';
  if (/perfect|soft/.test(b)) return 'SoftCover';
  if (/coil|spiral/.test(b)) return 'CoilBinding';
  if (/wire|ring/.test(b)) return 'RingBinding';
  if (/case|hard/.test(b)) return 'HardCover';
  if (/side/.test(b)) return 'SideStitch';
  if (/corner/.test(b)) return 'CornerStitch';
  return null;
}

const gsm = (weight: string | null | undefined) =>
  /(\d+(?:\.\d+)?)\s*(gsm|g\/m2|g\/m²)/i.exec(weight ?? '')?.[1];

const intent = (name: string, body: string) => el('Intent', { Name: name }, [body]);

function product(item: Item, id: string) {
  const s = item.spec;
  const intents: string[] = [];
  const size = s.finishedSize;
  if (size || item.pages) {
    intents.push(
      intent(
        'LayoutIntent',
        el('LayoutIntent', {
          FinishedDimensions: size
            ? `${points(size.width, size.unit)} ${points(size.height, size.unit)} 0`
            : undefined,
          Dimensions: s.flatSize
            ? `${points(s.flatSize.width, s.flatSize.unit)} ${points(s.flatSize.height, s.flatSize.unit)}`
            : undefined,
          Pages: item.pages ?? undefined,
          Sides: s.inks ? (s.inks.back > 0 ? 'TwoSidedHeadToHead' : 'OneSided') : undefined,
        }),
      ),
    );
  }
  if (s.inks && (s.inks.front > 0 || s.inks.back > 0 || s.inks.spots.length)) {
    const surfaces = [
      s.inks.front > 0 || s.inks.spots.length
        ? el('SurfaceColor', { Surface: 'Front', ColorsUsed: colours(s.inks.front, s.inks.spots) })
        : '',
      s.inks.back > 0 ? el('SurfaceColor', { Surface: 'Back', ColorsUsed: colours(s.inks.back, []) }) : '',
    ].filter(Boolean);
    intents.push(intent('ColorIntent', el('ColorIntent', {}, surfaces)));
  }
  if (s.stock) {
    const quality = [s.stock.weight, s.stock.finish, s.stock.colour, s.stock.name].filter(Boolean).join(' ');
    intents.push(
      intent(
        'MediaIntent',
        el('MediaIntent', {
          MediaType: 'Paper',
          Weight: gsm(s.stock.weight),
          MediaQuality: quality || undefined,
        }),
      ),
    );
  }
  const fold = foldCatalog(s.finishing?.fold);
  if (fold) intents.push(intent('FoldingIntent', el('FoldingIntent', { FoldCatalog: fold })));
  const binding = bindingType(s.finishing?.binding);
  if (binding) intents.push(intent('BindingIntent', el('BindingIntent', { BindingType: binding })));
  return el(
    'Product',
    {
      ID: id,
      IsRoot: 'true',
      Amount: item.quantity,
      ProductType: token(item.productType),
      DescriptiveName: item.description ?? `${item.productType} × ${item.quantity}`,
    },
    intents,
  );
}

/**
 * The job as a CIP4 XJDF 2.x document for production systems: one product per item with its intents, and the
 * delivery as DeliveryParams with a DropItem per product (XJDF 2 has no DeliveryIntent).
 */
export function jobToXjdf(job: Job, party: TicketParty): string {
  const ids = job.items.map((i) => `P_${i.position}`);
  const resources: string[] = [];
  if (party.shipTo) {
    const a = party.shipTo;
    resources.push(
      el('ResourceSet', { Name: 'Contact', Usage: 'Input' }, [
        el('Resource', {}, [
          el('Part', { ContactType: 'Delivery', DropID: 'D1' }),
          el('Contact', {}, [
            el('Address', {
              Street: [a.line1, a.line2].filter(Boolean).join(', '),
              City: a.city,
              Region: a.region,
              PostalCode: a.postalCode,
              CountryCode: a.country,
            }),
            ...(party.contact
              ? [el('Person', { FirstName: party.contact.firstName, FamilyName: party.contact.lastName })]
              : []),
          ]),
        ]),
      ]),
    );
  }
  resources.push(
    el('ResourceSet', { Name: 'DeliveryParams', Usage: 'Input' }, [
      el('Resource', {}, [
        el('Part', { DropID: 'D1' }),
        el(
          'DeliveryParams',
          { Required: `${job.dueDate}T17:00:00Z` },
          job.items.map((i, n) => el('DropItem', { ItemRef: ids[n], Amount: i.quantity })),
        ),
      ]),
    ]),
  );
  const root = el(
    'XJDF',
    {
      xmlns: 'http://www.CIP4.org/JDFSchema_2_0',
      JobID: job.number,
      Types: 'Product',
      Version: '2.2',
      DescriptiveName: job.title,
    },
    [
      el(
        'ProductList',
        {},
        job.items.map((i, n) => product(i, ids[n]!)),
      ),
      ...resources,
    ],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
