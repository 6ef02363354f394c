import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nameOnlyLetterhead } from './letterhead';
import { businessDocumentPdf, type BusinessDocument } from './pdf';

const dir = mkdtempSync(path.join(tmpdir(), 'jobjacket-documents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The PDF as pdftotext lays it out, one string per page. */
async function pages(doc: BusinessDocument, name: string): Promise<string[]> {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, await businessDocumentPdf(doc));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((page) => page.trim());
}

const columns: BusinessDocument['table']['columns'] = [
  { label: '#', align: 'right', width: 24 },
  { label: 'SKU', width: 80 },
  { label: 'Description' },
  { label: 'Qty', align: 'right', width: 50 },
  { label: 'Unit price', align: 'right', width: 70 },
  { label: 'Amount', align: 'right', width: 80 },
];

const purchaseOrder = (rows: string[][]): BusinessDocument => ({
  letterhead: {
    name: 'Jobjacket Print & Mail',
    lines: ['1200 Press Row', 'Dayton, OH 45402'],
    logo: null,
    paper: 'LETTER',
  },
  title: 'Purchase order',
  number: 'PO-00012',
  barcode: 'PO-00012',
  parties: [
    { label: 'Vendor', lines: ['Midwest Paper Supply', '88 Mill Street', 'Columbus, OH 43004'] },
    { label: 'Ship to', lines: ['Jobjacket Print & Mail', 'Receiving dock 2', 'Dayton, OH 45402'] },
  ],
  facts: [
    ['Date', '2025-03-04'],
    ['Needed by', '2025-03-11'],
    ['Terms', 'Net 30'],
    ['Contact', 'Dana Ruiz'],
  ],
  table: {
    columns,
    rows,
    totals: [
      ['Subtotal', '$1,234.50'],
      ['Total', '$1,296.73'],
    ],
  },
  notes: 'Deliver on pallets, no more than 40 cartons each.',
  footer: 'Please quote PO-00012 on the delivery note and invoice.',
});

const paperRow = ['1', 'PAP-100GL', '100# gloss text, 19x25', '4', '$86.25', '$345.00'];

describe('businessDocumentPdf', () => {
  it('prints a purchase order with its header, parties, facts, lines and totals', async () => {
    const text = (
      await pages(
        purchaseOrder([paperRow, ['2', 'ENV-10W', '#10 window envelope', '5', '$177.90', '$889.50']]),
        'po',
      )
    ).join('\n');

    expect(text).toContain('Purchase order');
    expect(text).toContain('PO-00012');
    expect(text).toContain('Jobjacket Print & Mail');
    expect(text).toContain('VENDOR');
    expect(text).toContain('Midwest Paper Supply');
    expect(text).toContain('Columbus, OH 43004');
    expect(text).toContain('Receiving dock 2');
    expect(text).toMatch(/Needed by/);
    expect(text).toContain('Net 30');
    expect(text).toMatch(/#\s+SKU\s+Description\s+Qty\s+Unit price\s+Amount/);
    expect(text).toMatch(/1\s+PAP-100GL\s+100# gloss text, 19x25\s+4\s+\$86\.25\s+\$345\.00/);
    expect(text).toMatch(/Subtotal\s+\$1,234\.50/);
    expect(text).toMatch(/Total\s+\$1,296\.73/);
    expect(text).toContain('Deliver on pallets');
    expect(text).toContain('Please quote PO-00012 on the delivery note and invoice.');
    expect(text).toContain('Page 1 of 1');
  });

  it('prints a bill of lading with three parties and signature lines', async () => {
    const text = (
      await pages(
        {
          letterhead: nameOnlyLetterhead('Jobjacket Print & Mail'),
          title: 'Bill of lading',
          number: 'BOL-00457',
          parties: [
            { label: 'Shipper', lines: ['Jobjacket Print & Mail', '1200 Press Row', 'Dayton, OH 45402'] },
            { label: 'Consignee', lines: ['Harbor Credit Union', '9 Lake Ave', 'Toledo, OH 43604'] },
            { label: 'Bill to', lines: ['Harbor Credit Union', 'Accounts payable'] },
          ],
          facts: [
            ['Ship date', '2025-03-05'],
            ['Carrier', 'Buckeye Freight'],
            ['PRO number', 'BF-7781203'],
          ],
          table: {
            columns: [
              { label: 'Handling units', align: 'right', width: 80 },
              { label: 'Description' },
              { label: 'Class', align: 'right', width: 50 },
              { label: 'Weight (lb)', align: 'right', width: 80 },
            ],
            rows: [['2 pallets', 'Printed statements in cartons', '55', '1,480']],
            totals: [['Total weight', '1,480 lb']],
          },
          signatures: ['Shipper', 'Carrier', 'Consignee'],
        },
        'bol',
      )
    ).join('\n');

    expect(text).toContain('Bill of lading');
    expect(text).toContain('BOL-00457');
    expect(text).toMatch(/SHIPPER\s+CONSIGNEE\s+BILL TO/);
    expect(text).toContain('Toledo, OH 43604');
    expect(text).toContain('BF-7781203');
    expect(text).toMatch(/2 pallets\s+Printed statements in cartons\s+55\s+1,480/);
    expect(text).toMatch(/Total weight\s+1,480 lb/);
    expect(text).toMatch(/Shipper\s+Date\s+Carrier\s+Date\s+Consignee\s+Date/);
    expect(text).toContain('Page 1 of 1');
  });

  it('spreads 200 lines over several pages, each starting with the header row, losing none', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => [
      String(i + 1),
      `SKU-${String(i + 1).padStart(4, '0')}`,
      i % 7 === 0
        ? 'Coated cover stock, long description that wraps onto a second line in the column'
        : 'Text stock',
      String(i + 1),
      '$1.00',
      `$${i + 1}.00`,
    ]);
    const result = await pages(purchaseOrder(rows), 'long');

    expect(result.length).toBeGreaterThanOrEqual(4);
    result.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${result.length}`);
      if (/SKU-\d{4}/.test(page)) expect(page).toMatch(/#\s+SKU\s+Description\s+Qty\s+Unit price\s+Amount/);
    });
    const skus = result.join('\n').match(/SKU-\d{4}/g) ?? [];
    expect(skus).toEqual(rows.map((r) => r[1]));
    expect(result.at(-1)).toMatch(/Total\s+\$1,296\.73/);
  });
});
