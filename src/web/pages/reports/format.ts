import type { Cell, ColumnType, LinkKind, ReportColumn } from '../../../shared/reports';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** A number as its column type reads: money from cents, percent from a fraction. */
export function formatValue(v: number, type: ColumnType): string {
  switch (type) {
    case 'money':
      return money.format(v / 100);
    case 'percent':
      return percent.format(v);
    case 'integer':
      return integer.format(v);
    default:
      return decimal.format(v);
  }
}

/** A cell for the screen; moments in the browser's local time. */
export function formatCell(value: Cell | undefined, type: ColumnType): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return formatValue(value, type);
  if (type === 'datetime') return new Date(value).toLocaleString();
  return value;
}

/** A totals cell: a ratio total is a rate, whatever its column. */
export const formatTotal = (value: Cell | undefined, c: ReportColumn) =>
  formatCell(value, c.total === 'ratio' ? 'percent' : c.type);

export const isNumeric = (t: ColumnType) => ['number', 'integer', 'money', 'percent'].includes(t);

/** Where a drill-through link goes. */
export function linkTo(kind: LinkKind, id: string): { to: string; external: boolean } {
  switch (kind) {
    case 'job':
      return { to: `/jobs/${id}`, external: false };
    case 'account':
      return { to: `/accounts/${id}`, external: false };
    case 'purchase_order':
      return { to: `/purchasing/orders/${id}`, external: false };
    case 'material':
      return { to: `/purchasing/materials/${id}`, external: false };
    case 'shipment':
      return { to: `/shipping`, external: false };
    case 'url':
      // A path of this app (an order, a stock item, an escalation) stays in the app; anything else opens apart.
      return id.startsWith('/') && !id.startsWith('//')
        ? { to: id, external: false }
        : { to: id, external: true };
  }
}
