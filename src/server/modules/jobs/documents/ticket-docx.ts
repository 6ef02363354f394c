import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import type { TicketImages } from './barcodes';
import type { Block, Column, Field, TicketContent } from './ticket-content';

/** Renders the job ticket as an editable Word document (Letter, tables with header rows). */

const WIDTH = 12240 - 2 * 1008; // Letter minus 0.7 in margins, in twentieths of a point
const ACCENT = '1F3A5F';
const MUTED = '6B7280';
const FILL = 'EEF1F5';
const RULE = { style: BorderStyle.SINGLE, size: 4, color: 'D5D9DF' };
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const ruled = {
  top: RULE,
  bottom: RULE,
  left: NONE,
  right: NONE,
  insideHorizontal: RULE,
  insideVertical: NONE,
};
const invisible = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};
const margins = { top: 60, bottom: 60, left: 90, right: 90 };

const lines = (text: string, run: { bold?: boolean; color?: string; size?: number } = {}) =>
  text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...run }));

function cell(text: string, width: number, opts: { label?: boolean; head?: boolean } = {}) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins,
    shading: opts.head || opts.label ? { type: ShadingType.CLEAR, fill: FILL, color: 'auto' } : undefined,
    children: [
      new Paragraph({
        children: lines(text || '—', {
          bold: opts.head || opts.label,
          color: opts.head ? ACCENT : opts.label ? MUTED : undefined,
          size: opts.head || opts.label ? 17 : 19,
        }),
      }),
    ],
  });
}

function fieldsTable(fields: Field[], layout: 'grid' | 'list') {
  const perRow = layout === 'grid' ? 2 : 1;
  const labelW = layout === 'grid' ? 1600 : 2000;
  const valueW = WIDTH / perRow - labelW;
  const rows: TableRow[] = [];
  for (let i = 0; i < fields.length; i += perRow) {
    const pair = fields.slice(i, i + perRow);
    while (pair.length < perRow) pair.push({ label: '', value: '' });
    rows.push(
      new TableRow({
        cantSplit: true,
        children: pair.flatMap((f) => [cell(f.label, labelW, { label: true }), cell(f.value, valueW)]),
      }),
    );
  }
  return new Table({
    width: { size: WIDTH, type: WidthType.DXA },
    columnWidths: Array.from({ length: perRow }, () => [labelW, valueW]).flat(),
    layout: TableLayoutType.FIXED,
    borders: ruled,
    rows,
  });
}

function dataTable(columns: Column[], rows: string[][]) {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => Math.round((c.width / total) * WIDTH));
  return new Table({
    width: { size: WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: ruled,
    rows: [
      new TableRow({
        tableHeader: true,
        children: columns.map((c, i) => cell(c.header, widths[i]!, { head: true })),
      }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, widths[i]!)) })),
    ],
  });
}

function block(b: Block): FileChild[] {
  if (b.kind === 'fields') return [fieldsTable(b.fields, b.layout), new Paragraph({})];
  if (b.kind === 'table') return [dataTable(b.columns, b.rows), new Paragraph({})];
  const warning = b.tone === 'warning';
  return [
    new Paragraph({
      spacing: { after: 120 },
      shading: warning ? { type: ShadingType.CLEAR, fill: 'FFF4E0', color: 'auto' } : undefined,
      children: lines(b.text, warning ? { color: '8A4B00' } : {}),
    }),
  ];
}

function header(c: TicketContent, img: TicketImages): FileChild {
  const left = [
    new Paragraph({
      children: [
        new TextRun({
          text: `${c.shopName} · ${c.documentTitle}`.toUpperCase(),
          bold: true,
          color: ACCENT,
          size: 17,
        }),
      ],
    }),
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: [
        new TextRun({ text: c.number, bold: true, size: 52, color: '1A1A1A' }),
        ...(c.flag ? [new TextRun({ text: `  ${c.flag}`, bold: true, size: 20, color: 'B42318' })] : []),
      ],
    }),
    new Paragraph({ children: [new TextRun({ text: c.title, size: 26 })] }),
  ];
  const right = [
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [
        new ImageRun({ type: 'png', data: img.barcode, transformation: { width: 190, height: 50 } }),
        new TextRun('   '),
        new ImageRun({ type: 'png', data: img.qr, transformation: { width: 88, height: 88 } }),
      ],
    }),
  ];
  const leftW = Math.round(WIDTH * 0.52);
  return new Table({
    width: { size: WIDTH, type: WidthType.DXA },
    columnWidths: [leftW, WIDTH - leftW],
    layout: TableLayoutType.FIXED,
    borders: { ...invisible, bottom: { style: BorderStyle.SINGLE, size: 12, color: ACCENT } },
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: leftW, type: WidthType.DXA }, children: left }),
          new TableCell({ width: { size: WIDTH - leftW, type: WidthType.DXA }, children: right }),
        ],
      }),
    ],
  });
}

/** The ticket as DOCX bytes. */
export async function renderTicketDocx(c: TicketContent, img: TicketImages): Promise<Buffer> {
  const body: FileChild[] = [header(c, img), new Paragraph({})];
  for (const section of c.sections) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        keepNext: true,
        spacing: { before: 200, after: 80 },
        children: [new TextRun({ text: section.title, color: ACCENT, bold: true, size: 24 })],
      }),
    );
    for (const b of section.blocks) body.push(...block(b));
  }
  const footer = new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: WIDTH }],
        border: { top: RULE },
        children: [
          new TextRun({ text: c.footer, size: 16, color: MUTED }),
          new TextRun({
            size: 16,
            color: MUTED,
            children: [new Tab(), 'Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
          }),
        ],
      }),
    ],
  });
  const doc = new Document({
    creator: c.shopName,
    title: `Job ticket ${c.number}`,
    description: c.title,
    styles: { default: { document: { run: { font: 'Arial', size: 19 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 12240, height: 15840 },
            margin: { top: 1008, right: 1008, bottom: 1008, left: 1008, footer: 500 },
          },
        },
        footers: { default: footer },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
