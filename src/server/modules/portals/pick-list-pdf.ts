import type { PickList } from '../../../shared/pick-list';
import type { Letterhead } from '../../platform/documents/letterhead';
import { businessDocumentPdf } from '../../platform/documents/pdf';

/**
 * The pick list on paper, in walking order: a box to tick, the bin, the shelf SKU, what it is (a kit's
 * components say which kit), how many, and for which order. The orders' barcode is the first order's number.
 */
export function pickListPdf(list: PickList, letterhead: Letterhead, printedAt: string) {
  const numbers = list.orders.map((o) => o.number);
  return businessDocumentPdf({
    letterhead,
    title: 'Pick list',
    number: numbers.length === 1 ? numbers[0]! : `${numbers.length} orders: ${numbers.join(', ')}`,
    barcode: numbers.length === 1 ? numbers[0] : undefined,
    parties: list.orders.slice(0, 6).map((o) => ({
      label: `${o.number} — ${o.account}`,
      lines: [`For ${o.buyer}`, o.shipTo],
    })),
    facts: [
      ['Printed', printedAt],
      ['Lines', String(list.lines.length)],
      ['Units', String(list.lines.reduce((s, l) => s + l.quantity, 0))],
    ],
    table: {
      columns: [
        { label: '✓', width: 22 },
        { label: 'Bin', width: 70 },
        { label: 'SKU', width: 90 },
        { label: 'Item' },
        { label: 'Qty', align: 'right', width: 50 },
        { label: 'Order', width: 80 },
      ],
      rows: list.lines.map((l) => [
        l.picked ? '☑' : '☐',
        l.location ?? '—',
        l.itemSku,
        l.kit ? `${l.name} (kit ${l.kit.sku} ${l.kit.name} × ${l.kit.quantity})` : l.name,
        `${l.quantity} ${l.unit}`,
        l.orderNumber,
      ]),
    },
    notes: list.lines.length
      ? 'Walk the bins in the order listed; tick each line as it is picked, or scan its shelf label on the pick-list screen.'
      : 'Nothing to pick from stock on these orders: their lines are printed, not picked.',
  });
}
