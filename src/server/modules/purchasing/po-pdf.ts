import type { PostalAddress, PurchaseOrder } from '../../../shared/purchasing';
import type { Letterhead } from '../../platform/documents/letterhead';
import { businessDocumentPdf } from '../../platform/documents/pdf';
import type { vendors } from './tables';

export const money = (cents: number) =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

export const addressLines = (a: PostalAddress | null | undefined): string[] =>
  a
    ? [
        a.name,
        a.attention ? `Attn: ${a.attention}` : null,
        a.line1,
        a.line2,
        `${a.city}, ${a.region} ${a.postalCode}`,
        a.country !== 'US' ? a.country : null,
        a.phone,
      ].filter((x): x is string => Boolean(x))
    : [];

/** The purchase order as the vendor receives it. */
export function purchaseOrderPdf(
  po: PurchaseOrder,
  vendor: typeof vendors.$inferSelect,
  letterhead: Letterhead,
) {
  return businessDocumentPdf({
    letterhead,
    title: 'Purchase order',
    number: po.number,
    barcode: po.number,
    parties: [
      {
        label: 'Vendor',
        lines: [
          vendor.name,
          ...addressLines(vendor.address).slice(vendor.address?.name ? 1 : 0),
          vendor.email,
        ],
      },
      {
        label: 'Ship to',
        lines: po.shipTo ? addressLines(po.shipTo) : [letterhead.name, ...letterhead.lines],
      },
    ],
    facts: [
      ['Date', (po.sentAt ?? po.createdAt).slice(0, 10)],
      ['Needed by', po.expectedDate ?? '—'],
      ['Terms', vendor.terms ?? '—'],
      ['Contact', vendor.contactName ?? '—'],
    ],
    table: {
      columns: [
        { label: '#', align: 'right', width: 24 },
        { label: 'SKU', width: 80 },
        { label: 'Description' },
        { label: 'Qty', align: 'right', width: 50 },
        { label: 'Unit', width: 50 },
        { label: 'Unit price', align: 'right', width: 70 },
        { label: 'Amount', align: 'right', width: 80 },
      ],
      rows: po.lines.map((l, i) => [
        String(i + 1),
        l.material.sku,
        `${l.material.name}${l.unitFactor > 1 ? ` (${l.unitFactor} ${l.material.unit} per ${l.unit})` : ''}`,
        String(l.quantity),
        l.unit,
        money(l.unitCostCents),
        money(l.amountCents),
      ]),
      totals: [['Total', money(po.totalCents)]],
    },
    notes: po.notes ?? undefined,
    footer: `Please quote ${po.number} on the delivery note and invoice.`,
  });
}
