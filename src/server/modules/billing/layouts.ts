import type { ReadyToInvoice } from '../../../shared/quotes';

/**
 * The invoice-import layouts of the two accounting products our shops use, one CSV row per invoice line (the
 * job number is the invoice number; an invoice's lines share it). Headers are the ones each product maps by
 * itself; see docs/billing.md.
 */
export const QUICKBOOKS_HEADER = [
  'Invoice number',
  'Customer',
  'Invoice date',
  'Due date',
  'Terms',
  'Memo',
  'Item (Product/Service)',
  'Item Description',
  'Item Quantity',
  'Item Rate',
  'Item Amount',
  'Item tax code',
  'Service Date',
];
export const XERO_HEADER = [
  '*ContactName',
  'EmailAddress',
  'POAddressLine1',
  'POAddressLine2',
  'POAddressLine3',
  'POAddressLine4',
  'POCity',
  'PORegion',
  'POPostalCode',
  'POCountry',
  '*InvoiceNumber',
  'Reference',
  '*InvoiceDate',
  '*DueDate',
  'InventoryItemCode',
  '*Description',
  '*Quantity',
  '*UnitAmount',
  'Discount',
  '*AccountCode',
  '*TaxType',
  'TrackingName1',
  'TrackingOption1',
  'TrackingName2',
  'TrackingOption2',
  'Currency',
  'BrandingTheme',
];

const cell = (v: string | number) => {
  const s = String(v);
  // A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const row = (cells: (string | number)[]) => cells.map(cell).join(',');
const money = (cents: number) => (cents / 100).toFixed(2);
const rate = (cents: number, quantity: number) =>
  quantity ? (cents / 100 / quantity).toFixed(6).replace(/0+$/, '').replace(/\.$/, '') : '0';
const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

export type LayoutOptions = { invoiceDate: string; dueDate: string; salesAccountCode: string };

/** QuickBooks Online "Import invoices": US dates, the line amount, taxable or not per line. */
export function quickbooksCsv(jobs: ReadyToInvoice[], o: LayoutOptions) {
  const lines = jobs.flatMap((j) =>
    j.lines.map((l) =>
      row([
        j.jobNumber,
        j.account.name,
        usDate(o.invoiceDate),
        usDate(o.dueDate),
        'Net 30',
        [j.title, j.clientPo ? `PO ${j.clientPo}` : ''].filter(Boolean).join(' — '),
        'Printing',
        l.description,
        l.quantity,
        rate(l.amountCents, l.quantity),
        money(l.amountCents),
        j.account.taxExempt || l.description.startsWith('Postage') ? 'NON' : 'TAX',
        usDate(o.invoiceDate),
      ]),
    ),
  );
  return [row(QUICKBOOKS_HEADER), ...lines].join('\r\n') + '\r\n';
}

/** Xero "Import sales invoices" template: day-first dates, the sales account code, amounts tax exclusive. */
export function xeroCsv(jobs: ReadyToInvoice[], o: LayoutOptions) {
  const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const lines = jobs.flatMap((j) =>
    j.lines.map((l) =>
      row([
        j.account.name,
        ...Array(9).fill(''),
        j.jobNumber,
        [j.clientPo ? `PO ${j.clientPo}` : '', j.title].filter(Boolean).join(' — '),
        dmy(o.invoiceDate),
        dmy(o.dueDate),
        '',
        l.description,
        l.quantity,
        rate(l.amountCents, l.quantity),
        '',
        o.salesAccountCode,
        j.account.taxExempt || l.description.startsWith('Postage') ? 'Tax Exempt' : 'Tax on Sales',
        '',
        '',
        '',
        '',
        'USD',
        '',
      ]),
    ),
  );
  return [row(XERO_HEADER), ...lines].join('\r\n') + '\r\n';
}
