import type { Shipment } from '../../../shared/shipping';
import { carrierLabels } from '../../../shared/shipping';
import type { Letterhead } from '../../platform/documents/letterhead';
import { businessDocumentPdf } from '../../platform/documents/pdf';
import { addressLines } from '../purchasing';

const dims = (p: Shipment['packages'][number]) =>
  p.lengthIn && p.widthIn && p.heightIn ? `${p.lengthIn} × ${p.widthIn} × ${p.heightIn} in` : '—';

const commonFacts = (s: Shipment): [string, string][] => [
  ['Job', `${s.job.number} ${s.job.title}`],
  ['Ship date', s.shippedAt?.slice(0, 10) ?? s.plannedDate ?? '—'],
  ['Carrier', `${carrierLabels[s.carrier]}${s.service ? ` · ${s.service}` : ''}`],
  ['Tracking', s.trackingNumber ?? '—'],
];

/** The packing slip that travels in the box: what is in this shipment. */
export function packingSlipPdf(s: Shipment, letterhead: Letterhead) {
  return businessDocumentPdf({
    letterhead,
    title: 'Packing slip',
    number: s.number,
    barcode: s.number,
    parties: [
      { label: 'Ship to', lines: addressLines(s.address) },
      { label: 'Client', lines: [s.account.name] },
    ],
    facts: [
      ...commonFacts(s),
      ['Your PO', s.job.clientPo ?? '—'],
      ['Packages', `${s.packages.length} · ${s.totalWeightLb} lb`],
    ],
    table: {
      columns: [
        { label: '#', align: 'right', width: 24 },
        { label: 'Item' },
        { label: 'Quantity', align: 'right', width: 80 },
      ],
      rows: s.items.length
        ? s.items.map((i, n) => [String(n + 1), i.description ?? 'Item', i.quantity.toLocaleString('en-US')])
        : s.packages.map((p, n) => [String(n + 1), p.contents ?? `Package ${n + 1}`, '1']),
    },
    notes: s.notes ?? undefined,
    footer: `Questions about this delivery? Quote ${s.job.number} / ${s.number}.`,
  });
}

/**
 * A straight bill of lading for freight: the shop as shipper and as the party billed for freight (prepaid),
 * consignee, handling units, class and signatures.
 */
export function billOfLadingPdf(s: Shipment, letterhead: Letterhead) {
  const shop = [letterhead.name, ...letterhead.lines];
  return businessDocumentPdf({
    letterhead,
    title: 'Bill of lading',
    number: s.number,
    barcode: s.number,
    parties: [
      { label: 'Shipper', lines: shop },
      { label: 'Consignee', lines: addressLines(s.address) },
      { label: 'Bill freight charges to', lines: shop },
    ],
    facts: [
      ...commonFacts(s).map(([k, v]): [string, string] => (k === 'Tracking' ? ['PRO number', v] : [k, v])),
      ['Handling units', `${s.freight?.pallets ?? s.packages.length} pallet(s)`],
      ['Hazardous', s.freight?.hazardous ? 'Yes' : 'No'],
      ['Client PO', s.job.clientPo ?? '—'],
    ],
    table: {
      columns: [
        { label: 'Pieces', align: 'right', width: 50 },
        { label: 'Description' },
        { label: 'NMFC', width: 70 },
        { label: 'Class', width: 50 },
        { label: 'Dimensions', width: 110 },
        { label: 'Weight (lb)', align: 'right', width: 70 },
      ],
      rows: s.packages.map((p) => [
        '1',
        p.contents ?? 'Printed matter',
        s.freight?.nmfc ?? '—',
        s.freight?.freightClass ?? '—',
        dims(p),
        String(p.weightLb),
      ]),
      totals: [['Total weight', `${s.totalWeightLb} lb`]],
    },
    notes: s.notes ?? undefined,
    signatures: ['Shipper', 'Carrier', 'Consignee'],
    footer: 'Received subject to the classifications and tariffs in effect on the date of issue.',
  });
}
