import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { wordPage, type Letterhead } from '../../../platform/documents/letterhead';
import type { Rows, TicketContent } from './content';

const thin = { style: BorderStyle.SINGLE, size: 4, color: 'D1D5DB' };
const borders = { top: thin, bottom: thin, left: thin, right: thin };
const cell = (text: string, opts: { bold?: boolean; width?: number } = {}) =>
  new TableCell({
    borders,
    width: opts.width ? { size: opts.width, type: WidthType.PERCENTAGE } : undefined,
    children: [new Paragraph({ children: [new TextRun({ text, bold: opts.bold, size: 20 })] })],
  });
const factsTable = (rows: Rows) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      ([label, value]) =>
        new TableRow({
          children: [cell(label, { bold: true, width: 28 }), cell(value || '—', { width: 72 })],
        }),
    ),
  });
const heading = (text: string) =>
  new Paragraph({ text, heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 80 } });

/** The job ticket as an editable Word document with the same content as the PDF, on the shop's paper. */
export function ticketDocx(t: TicketContent, shop: Letterhead): Promise<Buffer> {
  const doc = new Document({
    creator: shop.name,
    title: `${t.number} ${t.title}`,
    sections: [
      {
        properties: { page: wordPage(shop.paper) },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ text: `${t.number} · ${t.title}`, size: 16 })],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            children: [new TextRun({ text: `${shop.name} · Job ticket`, size: 18, color: '6B7280' })],
          }),
          ...(shop.lines.length
            ? [
                new Paragraph({
                  children: [new TextRun({ text: shop.lines.join(' · '), size: 14, color: '6B7280' })],
                }),
              ]
            : []),
          new Paragraph({
            heading: HeadingLevel.TITLE,
            children: [new TextRun({ text: t.number, bold: true })],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: t.title }),
          new Paragraph({
            children: [
              new ImageRun({ type: 'png', data: t.barcode, transformation: { width: 220, height: 50 } }),
              new TextRun('    '),
              new ImageRun({ type: 'png', data: t.qr, transformation: { width: 90, height: 90 } }),
            ],
          }),
          heading('Job'),
          factsTable(t.facts),
          ...t.items.flatMap((item) => [heading(item.heading), factsTable(item.rows)]),
          heading('Stages'),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({
                tableHeader: true,
                children: t.stages.header.map((h) => cell(h, { bold: true })),
              }),
              ...t.stages.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
            ],
          }),
          ...(t.notes.length ? [heading('Notes'), factsTable(t.notes)] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
