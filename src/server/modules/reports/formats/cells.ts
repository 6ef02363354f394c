import type { Cell, ColumnType, ReportColumn } from '../../../../shared/reports';

/**
 * Text a spreadsheet could run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a leading
 * apostrophe. Only text cells pass through here: numbers stay numbers, negative ones included.
 */
export const neutralise = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** The shop-local wall-clock time of an instant, as 'YYYY-MM-DD HH:MM'. */
export function localDateTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** How a cell reads in a document (PDF, Word, e-mail). Ratio totals are rates, whatever the column. */
export function displayCell(value: Cell, type: ColumnType, timeZone: string): string {
  if (value === null || value === '') return '';
  if (typeof value === 'string') {
    if (type === 'datetime') return localDateTime(value, timeZone);
    return value;
  }
  switch (type) {
    case 'money':
      return money.format(value / 100);
    case 'integer':
      return integer.format(value);
    case 'percent':
      return percent.format(value);
    default:
      return decimal.format(value);
  }
}

/** The type a totals cell is shown as: a ratio total is a rate even under a text column ("On time"). */
export const totalType = (c: ReportColumn): ColumnType => (c.total === 'ratio' ? 'percent' : c.type);

/** How a cell is written to CSV: numbers plain (money in dollars), dates ISO, moments shop-local, text guarded. */
export function csvCell(value: Cell, type: ColumnType, timeZone: string): string | number {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (type === 'money') return (value / 100).toFixed(2);
    if (type === 'percent') return Number(value.toFixed(6));
    return value;
  }
  if (type === 'datetime') return localDateTime(value, timeZone);
  return neutralise(value);
}

export const contentTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;
