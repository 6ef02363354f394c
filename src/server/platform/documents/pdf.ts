import bwipjs from 'bwip-js/node';
import { FONT, newPdfDocument, pdfBytes } from './fonts';
import type { Letterhead } from './letterhead';

/** A business document the shop sends or prints: purchase order, packing slip, bill of lading… */
export interface BusinessDocument {
  /** The shop's name, address and contact lines, logo and paper size (its profile). */
  letterhead: Letterhead;
  /** "Purchase order", "Packing slip", "Bill of lading". */
  title: string;
  /** "PO-00012". */
  number: string;
  /** Drawn as a Code 128 barcode at the top right. */
  barcode?: string;
  /** Vendor / Ship to / Bill to…, laid out side by side, three to a row at most. */
  parties: { label: string; lines: string[] }[];
  /** Date, expected, terms, carrier… */
  facts: [label: string, value: string][];
  table: {
    /** Columns without a width share what the others leave. */
    columns: { label: string; align?: 'left' | 'right'; width?: number }[];
    rows: string[][];
    totals?: [label: string, value: string][];
  };
  notes?: string;
  /** Labels of the signature lines at the bottom ("Shipper", "Carrier", "Consignee"). */
  signatures?: string[];
  footer?: string;
}

// The look of the job ticket (src/server/modules/jobs/ticket/pdf.ts).
const MARGIN = 48;
const INK = '#111827';
const MUTED = '#6b7280';
const RULE = '#d1d5db';
const SHADE = '#f3f4f6';
const CELL_PAD = 4;
const TABLE_FONT = 9;

type Doc = PDFKit.PDFDocument;

const rule = (doc: Doc, x: number, y: number, width: number, lineWidth = 0.7) =>
  doc
    .moveTo(x, y)
    .lineTo(x + width, y)
    .strokeColor(RULE)
    .lineWidth(lineWidth)
    .stroke();

/** Column widths in points: fixed widths as given, the rest shared, all scaled to fill the text width. */
function columnWidths(columns: BusinessDocument['table']['columns'], width: number): number[] {
  const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
  const flexible = columns.filter((c) => !c.width).length;
  const share = flexible ? Math.max(60, (width - fixed) / flexible) : 0;
  const natural = columns.map((c) => c.width ?? share);
  const total = natural.reduce((a, b) => a + b, 0);
  return natural.map((w) => (w * width) / total);
}

/**
 * A PDF of a business document on the shop's paper: letterhead (logo, name, address) with optional barcode,
 * parties in columns, facts, a table whose header row repeats on every page, totals, notes, signature lines
 * and "Page X of Y". Text is set in the embedded Unicode font.
 */
export async function businessDocumentPdf(d: BusinessDocument): Promise<Buffer> {
  const barcode = d.barcode
    ? await bwipjs.toBuffer({ bcid: 'code128', text: d.barcode, scale: 2, height: 10, includetext: false })
    : undefined;

  const shop = d.letterhead;
  const doc = newPdfDocument({
    size: shop.paper,
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${d.title} ${d.number}`, Author: shop.name },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - MARGIN * 2;
  const bottom = () => doc.page.height - MARGIN;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.8).font(FONT.bold).fontSize(11).fillColor(INK).text(text, MARGIN);
    rule(doc, MARGIN, doc.y + 2, width);
    doc.moveDown(0.5);
  };
  const lines = (list: string[]) => list.filter((l) => l && l.trim());

  // Header: the shop's letterhead on the left, the barcode on the right, then the title and number.
  let headerBottom = letterheadBlock(doc, shop, width - 200);
  if (barcode) {
    const barcodeWidth = 180;
    doc.image(barcode, MARGIN + width - barcodeWidth, MARGIN, { fit: [barcodeWidth, 34], align: 'right' });
    doc
      .font(FONT.regular)
      .fontSize(8)
      .fillColor(MUTED)
      .text(d.barcode ?? '', MARGIN + width - barcodeWidth, MARGIN + 37, {
        width: barcodeWidth,
        align: 'right',
      });
    headerBottom = Math.max(headerBottom, doc.y);
  }
  doc
    .font(FONT.bold)
    .fontSize(22)
    .fillColor(INK)
    .text(d.title, MARGIN, headerBottom + 14, { width });
  doc.font(FONT.regular).fontSize(13).fillColor(INK).text(d.number, MARGIN, doc.y, { width });
  rule(doc, MARGIN, doc.y + 6, width, 1);
  doc.y += 14;

  // Parties: up to three columns a row.
  for (let start = 0; start < d.parties.length; start += 3) {
    const row = d.parties.slice(start, start + 3);
    const columnWidth = width / Math.max(2, row.length);
    const heights = row.map((p) =>
      doc
        .font(FONT.regular)
        .fontSize(10)
        .heightOfString(lines(p.lines).join('\n') || '—', { width: columnWidth - 12 }),
    );
    ensure(Math.max(...heights) + 20);
    const y = doc.y + 6;
    row.forEach((p, i) => {
      const x = MARGIN + i * columnWidth;
      doc
        .font(FONT.bold)
        .fontSize(8)
        .fillColor(MUTED)
        .text(p.label.toUpperCase(), x, y, { width: columnWidth - 12, characterSpacing: 0.5 });
      doc
        .font(FONT.regular)
        .fontSize(10)
        .fillColor(INK)
        .text(lines(p.lines).join('\n') || '—', x, y + 13, { width: columnWidth - 12 });
    });
    doc.x = MARGIN;
    doc.y = y + 13 + Math.max(...heights) + 6;
  }

  // Facts: label over value, four to a row.
  if (d.facts.length) {
    doc.y += 6;
    const perRow = 4;
    const factWidth = width / perRow;
    for (let start = 0; start < d.facts.length; start += perRow) {
      const row = d.facts.slice(start, start + perRow);
      const heights = row.map(([, value]) =>
        doc
          .font(FONT.regular)
          .fontSize(10)
          .heightOfString(value || '—', { width: factWidth - 10 }),
      );
      ensure(Math.max(...heights) + 16);
      const y = doc.y;
      row.forEach(([label, value], i) => {
        const x = MARGIN + i * factWidth;
        doc
          .font(FONT.regular)
          .fontSize(8)
          .fillColor(MUTED)
          .text(label, x, y, { width: factWidth - 10, lineBreak: false, ellipsis: true });
        doc
          .font(FONT.regular)
          .fontSize(10)
          .fillColor(INK)
          .text(value || '—', x, y + 11, { width: factWidth - 10 });
      });
      doc.x = MARGIN;
      doc.y = y + 11 + Math.max(...heights) + 6;
    }
  }

  drawTable(doc, d.table, width, bottom);

  if (d.notes?.trim()) {
    heading('Notes');
    doc.font(FONT.regular).fontSize(10).fillColor(INK).text(d.notes.trim(), MARGIN, doc.y, { width });
  }

  if (d.signatures?.length) {
    doc.y += 12;
    for (let start = 0; start < d.signatures.length; start += 3) {
      const row = d.signatures.slice(start, start + 3);
      const blockWidth = width / row.length;
      ensure(62);
      const y = doc.y + 34;
      row.forEach((label, i) => {
        const x = MARGIN + i * blockWidth;
        const signWidth = (blockWidth - 16) * 0.64;
        const dateX = x + signWidth + 8;
        const dateWidth = blockWidth - 16 - signWidth - 8;
        doc
          .moveTo(x, y)
          .lineTo(x + signWidth, y)
          .strokeColor(INK)
          .lineWidth(0.6)
          .stroke();
        doc
          .moveTo(dateX, y)
          .lineTo(dateX + dateWidth, y)
          .stroke();
        doc.font(FONT.regular).fontSize(8).fillColor(MUTED);
        doc.text(label, x, y + 4, { width: signWidth, lineBreak: false });
        doc.text('Date', dateX, y + 4, { width: dateWidth, lineBreak: false });
      });
      doc.x = MARGIN;
      doc.y = y + 22;
    }
  }

  // Running head on continuation pages and the footer on every page, drawn once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.page.margins.bottom = 0; // the footer sits in the bottom margin; without this pdfkit would add a page
    doc.font(FONT.regular).fontSize(8).fillColor(MUTED);
    if (i > 0) {
      doc.text(`${shop.name} · ${d.title} ${d.number}`, MARGIN, MARGIN - 22, { width, lineBreak: false });
    }
    const y = doc.page.height - MARGIN + 12;
    if (d.footer) doc.text(d.footer, MARGIN, y, { width: width - 150, height: 20, ellipsis: true });
    doc.text(`${d.number} · Page ${i + 1} of ${range.count}`, MARGIN + width - 140, y, {
      width: 140,
      align: 'right',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}

/**
 * The shop's logo (when it has one), name and address lines at the top left of the first page, within
 * `width`; answers where the block ends. Shared by every document the shop prints.
 */
export function letterheadBlock(doc: Doc, shop: Letterhead, width: number, y = MARGIN): number {
  if (shop.logo) {
    doc.image(shop.logo, MARGIN, y, { fit: [Math.min(width, 160), 44] });
    y += 50;
  }
  doc.font(FONT.bold).fontSize(11).fillColor(INK).text(shop.name, MARGIN, y, { width });
  doc.font(FONT.regular).fontSize(9).fillColor(MUTED);
  for (const line of shop.lines) doc.text(line, MARGIN, doc.y, { width });
  return doc.y;
}

/** The table, starting a new page (with the header row again) whenever the next row would not fit. */
function drawTable(doc: Doc, table: BusinessDocument['table'], width: number, bottom: () => number) {
  const widths = columnWidths(table.columns, width);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const align = (i: number) => table.columns[i]?.align ?? 'left';
  const cellHeight = (text: string, i: number, bold = false) =>
    doc
      .font(bold ? FONT.bold : FONT.regular)
      .fontSize(TABLE_FONT)
      .heightOfString(text || ' ', { width: widths[i]! - CELL_PAD * 2 });

  const headerHeight = Math.max(...table.columns.map((c, i) => cellHeight(c.label, i, true))) + CELL_PAD * 2;
  const drawCells = (cells: string[], y: number, height: number, bold: boolean) => {
    cells.forEach((text, i) => {
      if (i >= widths.length || !text) return;
      doc
        .font(bold ? FONT.bold : FONT.regular)
        .fontSize(TABLE_FONT)
        .fillColor(INK)
        .text(text, xs[i]! + CELL_PAD, y + CELL_PAD, {
          width: widths[i]! - CELL_PAD * 2,
          height: height - CELL_PAD * 2 + 1, // the slack keeps rounding from cutting the last line
          align: align(i),
          ellipsis: true,
        });
    });
  };
  const drawHeader = () => {
    const y = doc.y;
    doc.rect(MARGIN, y, width, headerHeight).fill(SHADE);
    drawCells(
      table.columns.map((c) => c.label),
      y,
      headerHeight,
      true,
    );
    rule(doc, MARGIN, y + headerHeight, width, 0.8);
    doc.y = y + headerHeight;
  };

  doc.y += 14;
  if (doc.y + headerHeight + 24 > bottom()) doc.addPage();
  drawHeader();
  const tallest = bottom() - MARGIN - headerHeight;
  for (const row of table.rows) {
    const height = Math.min(
      tallest,
      Math.max(...row.map((text, i) => (i < widths.length ? cellHeight(text, i) : 0)), TABLE_FONT) +
        CELL_PAD * 2,
    );
    if (doc.y + height > bottom()) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    drawCells(row, y, height, false);
    rule(doc, MARGIN, y + height, width, 0.4);
    doc.y = y + height;
  }

  // Totals: label and value right-aligned under the last column, the last line in bold.
  const totals = table.totals ?? [];
  if (!totals.length) {
    doc.x = MARGIN;
    return;
  }
  const valueWidth = Math.max(widths[widths.length - 1]!, 80);
  const labelWidth = 160;
  if (doc.y + totals.length * 16 + 8 > bottom()) doc.addPage();
  doc.y += 6;
  totals.forEach(([label, value], i) => {
    const bold = i === totals.length - 1;
    const y = doc.y;
    doc
      .font(bold ? FONT.bold : FONT.regular)
      .fontSize(10)
      .fillColor(INK);
    doc.text(label, MARGIN + width - valueWidth - labelWidth, y, { width: labelWidth - 8, align: 'right' });
    doc.text(value, MARGIN + width - valueWidth, y, { width: valueWidth - CELL_PAD, align: 'right' });
    doc.y = y + 16;
  });
  doc.x = MARGIN;
}
