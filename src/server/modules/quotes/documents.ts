import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Quote } from '../../../shared/quotes';
import { businessDocumentPdf } from '../../platform/documents/pdf';
import { wordPage, type Letterhead } from '../../platform/documents/letterhead';

const dollars = (cents: number) =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const each = (cents: number) =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;

/** The rows of a quote letter: every item at every quantity, the same in the PDF and the Word document. */
function quoteRows(q: Quote) {
  return q.items.flatMap((item) =>
    item.quantities.map((p, i) => [
      i === 0 ? `${item.position}. ${item.description}${item.optional ? ' (option)' : ''}` : '',
      p.quantity.toLocaleString('en-US'),
      dollars(p.priceCents),
      p.postageCents ? dollars(p.postageCents) : '—',
      dollars(p.taxCents),
      dollars(p.totalCents),
      each(p.unitCents),
    ]),
  );
}
const headings = ['Item', 'Quantity', 'Price', 'Postage', 'Tax', 'Total', 'Each'];

function facts(q: Quote): [string, string][] {
  return [
    ['Quote', `${q.number}${q.version > 1 ? ` (version ${q.version})` : ''}`],
    ['Date', (q.sentAt ?? q.updatedAt).slice(0, 10)],
    ['Valid until', q.validUntil],
    ['Delivery', `${q.turnaroundDays} working days after acceptance`],
    ['Account manager', q.owner?.name ?? '—'],
  ];
}

const notesOf = (q: Quote) =>
  [q.clientNotes, q.terms ? `Terms: ${q.terms}` : null].filter(Boolean).join('\n\n') || undefined;

/** The quote letter on the shop's letterhead, as a PDF. */
export function quotePdf(q: Quote, shop: Letterhead): Promise<Buffer> {
  return businessDocumentPdf({
    letterhead: shop,
    title: 'Quote',
    number: q.number,
    parties: [
      {
        label: 'Prepared for',
        lines: [q.account.name, ...(q.contact ? [q.contact.name, q.contact.email ?? ''] : [])].filter(
          Boolean,
        ),
      },
    ],
    facts: facts(q),
    table: {
      columns: headings.map((label, i) => ({
        label,
        align: i === 0 ? 'left' : 'right',
        width: i === 0 ? undefined : 62,
      })),
      rows: quoteRows(q),
    },
    notes: [q.title, notesOf(q)].filter(Boolean).join('\n\n'),
    footer: `${q.number} · ${q.title}`,
  });
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: 'D1D5DB' };
const borders = { top: thin, bottom: thin, left: thin, right: thin };
const cell = (text: string, opts: { bold?: boolean; right?: boolean } = {}) =>
  new TableCell({
    borders,
    children: [
      new Paragraph({
        alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: opts.bold, size: 18 })],
      }),
    ],
  });

/** The same letter as an editable Word document on the shop's paper size. */
export function quoteDocx(q: Quote, shop: Letterhead): Promise<Buffer> {
  const para = (text: string, size = 20, color?: string) =>
    new Paragraph({ children: [new TextRun({ text, size, color })] });
  const doc = new Document({
    creator: shop.name,
    title: `Quote ${q.number}`,
    sections: [
      {
        properties: { page: wordPage(shop.paper) },
        children: [
          para(shop.name, 24),
          ...(shop.lines.length ? [para(shop.lines.join(' · '), 16, '6B7280')] : []),
          new Paragraph({
            heading: HeadingLevel.TITLE,
            children: [new TextRun({ text: `Quote ${q.number}`, bold: true })],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: q.title }),
          para(`Prepared for ${[q.account.name, q.contact?.name].filter(Boolean).join(', ')}`),
          ...facts(q).map(([label, value]) => para(`${label}: ${value}`)),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({
                tableHeader: true,
                children: headings.map((h, i) => cell(h, { bold: true, right: i > 0 })),
              }),
              ...quoteRows(q).map(
                (r) => new TableRow({ children: r.map((v, i) => cell(v, { right: i > 0 })) }),
              ),
            ],
          }),
          ...(notesOf(q) ?? '')
            .split('\n')
            .filter(Boolean)
            .map((line) => para(line)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
