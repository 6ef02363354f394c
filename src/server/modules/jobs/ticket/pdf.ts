import { FONT, newPdfDocument, pdfBytes } from '../../../platform/documents/fonts';
import type { Letterhead } from '../../../platform/documents/letterhead';
import type { Rows, TicketContent } from './content';

const MARGIN = 48;
const INK = '#111827';
const MUTED = '#6b7280';
const RULE = '#d1d5db';

/**
 * The job ticket as a PDF on the shop's paper: letterhead, header with barcode and QR code, facts, items,
 * stages, notes, page numbers; set in the embedded Unicode font.
 */
export function ticketPdf(t: TicketContent, shop: Letterhead): Promise<Buffer> {
  const doc = newPdfDocument({
    size: shop.paper,
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${t.number} ${t.title}`, Author: shop.name },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - MARGIN * 2;

  const ensure = (height: number) => {
    if (doc.y + height > doc.page.height - MARGIN - 24) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.6).font(FONT.bold).fontSize(12).fillColor(INK).text(text, MARGIN);
    doc
      .moveTo(MARGIN, doc.y + 2)
      .lineTo(MARGIN + width, doc.y + 2)
      .strokeColor(RULE)
      .lineWidth(0.7)
      .stroke();
    doc.moveDown(0.4);
  };
  const rows = (list: Rows, labelWidth = 120) => {
    for (const [label, value] of list) {
      const h = doc
        .font(FONT.regular)
        .fontSize(10)
        .heightOfString(value || '—', { width: width - labelWidth });
      ensure(h + 4);
      const y = doc.y;
      doc
        .font(FONT.regular)
        .fontSize(9)
        .fillColor(MUTED)
        .text(label, MARGIN, y, { width: labelWidth - 8 });
      doc
        .font(FONT.regular)
        .fontSize(10)
        .fillColor(INK)
        .text(value || '—', MARGIN + labelWidth, y, { width: width - labelWidth });
      doc.y = Math.max(doc.y, y + h) + 3;
    }
  };

  doc
    .font(FONT.regular)
    .fontSize(9)
    .fillColor(MUTED)
    .text(`${shop.name} · Job ticket`, MARGIN, MARGIN, {
      width: width - 220,
      lineBreak: false,
      ellipsis: true,
    });
  if (shop.lines.length) {
    doc
      .fontSize(7)
      .text(shop.lines.join(' · '), MARGIN, doc.y, { width: width - 220, lineBreak: false, ellipsis: true });
  }
  if (shop.logo) doc.image(shop.logo, MARGIN + width - 220, MARGIN, { fit: [120, 40], align: 'right' });
  doc
    .font(FONT.bold)
    .fontSize(26)
    .fillColor(INK)
    .text(t.number, MARGIN, MARGIN + 24);
  doc
    .font(FONT.regular)
    .fontSize(14)
    .text(t.title, MARGIN, doc.y + 2, { width: width - 120 });
  doc.image(t.barcode, MARGIN, doc.y + 6, { height: 34 });
  doc.image(t.qr, MARGIN + width - 90, MARGIN, { width: 90 });
  doc.y = Math.max(doc.y + 48, MARGIN + 110);

  heading('Job');
  rows(t.facts);
  for (const item of t.items) {
    heading(item.heading);
    rows(item.rows);
  }
  heading('Stages');
  const cols = [130, 170, 150, width - 450];
  const line = (cells: string[], bold: boolean) => {
    ensure(16);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc
        .font(bold ? FONT.bold : FONT.regular)
        .fontSize(9)
        .fillColor(INK)
        .text(c, x, y, { width: cols[i]! - 6, lineBreak: false, ellipsis: true });
      x += cols[i]!;
    });
    doc.y = y + 14;
    doc
      .moveTo(MARGIN, doc.y - 2)
      .lineTo(MARGIN + width, doc.y - 2)
      .strokeColor(RULE)
      .lineWidth(0.4)
      .stroke();
  };
  line(t.stages.header, true);
  for (const r of t.stages.rows) line(r, false);
  if (t.notes.length) {
    heading('Notes');
    rows(t.notes);
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The page number sits in the bottom margin; without this PDFKit starts a new, blank page for it.
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(8).fillColor(MUTED);
    doc.text(`${t.number} · Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, {
      width,
      align: 'right',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}
