import { productTypeName, type ItemSpec, type ShipTo } from '../../../shared/jobs';

/** How a change order names the fields it changed. */
const LABELS: Record<string, string> = {
  title: 'title',
  dueDate: 'due date',
  inHandsDate: 'in-hands date',
  contactId: 'contact',
  costCentreId: 'cost centre',
  clientPo: 'PO',
  description: 'description',
  clientNotes: 'notes for the client',
  estimatedPriceCents: 'estimated price',
  shipTo: 'ship-to',
  productType: 'product',
  quantity: 'quantity',
  pages: 'pages',
  proof: 'proof',
  packaging: 'packaging',
  priceCents: 'price',
  'spec.finishedSize': 'finished size',
  'spec.flatSize': 'flat size',
  'spec.stock': 'stock',
  'spec.inks': 'inks',
  'spec.finishing': 'finishing',
  'spec.mailing': 'mailing',
};

type Size = NonNullable<ItemSpec['finishedSize']>;

/** Cents as dollars with thousands separators: $1,950.00 (negative as −$…). */
export const dollars = (cents: number) =>
  `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A value as a person reads it: money in dollars, sizes, inks as 4/4, an address on one line. */
function show(key: string, v: unknown, names: Map<string, string>): string {
  if (v === null || v === undefined || v === '') return '—';
  if (key.endsWith('Cents')) return dollars(v as number);
  if (key === 'productType') return productTypeName(String(v));
  if (typeof v === 'number') return v.toLocaleString('en-US');
  if (typeof v === 'string') return names.get(v) ?? v;
  if (key === 'shipTo') {
    const a = v as ShipTo;
    return `${a.line1}, ${a.city} ${a.region} ${a.postalCode}`;
  }
  if (key.endsWith('Size')) {
    const s = v as Size;
    return `${s.width} × ${s.height} ${s.unit}`;
  }
  if (key === 'spec.inks') {
    const i = v as NonNullable<ItemSpec['inks']>;
    return `${i.front}/${i.back}${i.spots.length ? ` + ${i.spots.join(', ')}` : ''}`;
  }
  const parts = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined && x !== null && x !== false && x !== '')
    .map(([k, x]) => (x === true ? k : String(x)));
  return parts.length ? parts.join(' ') : '—';
}

/**
 * The fields that differ between two records, as before/after images (the raw values) and lines a person
 * reads ("quantity: 5,000 → 7,500"); `names` turns ids (a contact) into names in the lines.
 */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  keys: string[],
  names = new Map<string, string>(),
) {
  const changed = keys.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
  return {
    before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
    after: Object.fromEntries(changed.map((k) => [k, after[k] ?? null])),
    lines: changed.map(
      (k) => `${LABELS[k] ?? k}: ${show(k, before[k], names)} → ${show(k, after[k], names)}`,
    ),
  };
}

/** An item with its spec's parts as fields of their own (`spec.inks`…), so a change names the part. */
export function flattenItem<T extends { spec: ItemSpec }>(item: T) {
  const { spec, ...rest } = item;
  return { ...rest, ...Object.fromEntries(Object.entries(spec).map(([k, v]) => [`spec.${k}`, v])) };
}

export const ITEM_FIELDS = [
  'productType',
  'quantity',
  'description',
  'pages',
  ...['finishedSize', 'flatSize', 'stock', 'inks', 'finishing', 'mailing'].map((k) => `spec.${k}`),
  'proof',
  'packaging',
  'priceCents',
];
