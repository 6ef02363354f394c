import PDFDocument from 'pdfkit';
import type { TicketImages } from './barcodes';
import type { Block, Column, Field, TicketContent } from './ticket-content';

/** Renders the job ticket as a Letter-size PDF (Helvetica, ruled tables, "Page X of Y" footers). */

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 612, height: 792 };
const M = { top: 64, left: 50, right: 50, bottom: 60 };
const W = PAGE.width - M.left - M.right;
const BOTTOM = PAGE.height - M.bottom;
const C = {
  ink: '#1a1a1a',
  muted: '#6b7280',
  accent: '#1f3a5f',
  rule: '#d5d9df',
  faint: '#e8ebef',
  fill: '#eef1f5',
  warnFill: '#fff4e0',
  warnInk: '#8a4b00',
  flag: '#b42318',
};

function ensureSpace(doc: Doc, needed: number) {
  if (doc.y + needed > BOTTOM) doc.addPage();
}

function rule(doc: Doc, y: number, color = C.faint, width = 0.6) {
  doc
    .save()
    .moveTo(M.left, y)
    .lineTo(M.left + W, y)
    .lineWidth(width)
    .strokeColor(color)
    .stroke()
    .restore();
}

function header(doc: Doc, c: TicketContent, img: TicketImages) {
  const qrSize = 76;
  const qrX = M.left + W - qrSize;
  doc.image(img.qr, qrX, 36, { width: qrSize, height: qrSize });
  doc.font('Helvetica').fontSize(6.5).fillColor(C.muted);
  doc.text('Scan to open the job', qrX - 10, 36 + qrSize + 2, { width: qrSize + 20, align: 'center' });
  const bcW = 170;
  const bcX = qrX - 16 - bcW;
  doc.image(img.barcode, bcX, 42, { width: bcW, height: 44 });
  doc.font('Courier').fontSize(9).fillColor(C.ink);
  doc.text(c.number, bcX, 90, { width: bcW, align: 'center', characterSpacing: 1 });

  const leftW = bcX - M.left - 12;
  doc.font('Helvetica-Bold').fontSize(8.5).fillColor(C.accent);
  doc.text(`${c.shopName.toUpperCase()}  ·  ${c.documentTitle.toUpperCase()}`, M.left, 40, {
    width: leftW,
    characterSpacing: 1.2,
  });
  doc.font('Helvetica-Bold').fontSize(26).fillColor(C.ink).text(c.number, M.left, 56, { width: leftW });
  if (c.flag) {
    const numW = doc.widthOfString(c.number);
    doc.fontSize(8.5);
    const fw = doc.widthOfString(c.flag) + 12;
    const fx = Math.min(M.left + numW + 10, M.left + leftW - fw);
    doc.save().roundedRect(fx, 62, fw, 17, 3).fill(C.flag).restore();
    doc.fillColor('#ffffff').text(c.flag, fx, 66.5, { width: fw, align: 'center', lineBreak: false });
  }
  doc.font('Helvetica').fontSize(12.5).fillColor(C.ink).text(c.title, M.left, 90, { width: leftW });
  const y = Math.max(doc.y, 36 + qrSize + 14) + 8;
  rule(doc, y, C.accent, 1.4);
  doc.y = y + 14;
}

function runningHeader(doc: Doc, c: TicketContent) {
  doc.font('Helvetica-Bold').fontSize(8.5).fillColor(C.accent);
  doc.text(`${c.number}`, M.left, 34, { lineBreak: false });
  doc.font('Helvetica').fillColor(C.muted);
  doc.text(`  ${c.title}`, M.left + doc.widthOfString(c.number) + 16, 34, {
    width: W - 120,
    lineBreak: false,
    height: 12,
    ellipsis: true,
  });
  rule(doc, 48, C.rule);
  doc.y = M.top;
}

function sectionTitle(doc: Doc, title: string) {
  ensureSpace(doc, 64);
  doc.moveDown(0.2);
  doc.font('Helvetica-Bold').fontSize(10).fillColor(C.accent);
  doc.text(title.toUpperCase(), M.left, doc.y, { width: W, characterSpacing: 0.6 });
  const y = doc.y + 3;
  rule(doc, y, C.accent, 0.8);
  doc.y = y + 6;
}

function fieldHeight(doc: Doc, f: Field, width: number) {
  doc.font('Helvetica').fontSize(10);
  return 10 + doc.heightOfString(f.value || '—', { width });
}

function fieldsGrid(doc: Doc, fields: Field[]) {
  const gap = 18;
  const colW = (W - gap) / 2;
  for (let i = 0; i < fields.length; i += 2) {
    const pair = fields.slice(i, i + 2);
    const h = Math.max(...pair.map((f) => fieldHeight(doc, f, colW))) + 8;
    ensureSpace(doc, h);
    const y = doc.y;
    pair.forEach((f, j) => {
      const x = M.left + j * (colW + gap);
      doc.font('Helvetica-Bold').fontSize(6.8).fillColor(C.muted);
      doc.text(f.label.toUpperCase(), x, y + 2, { width: colW, characterSpacing: 0.5 });
      doc
        .font('Helvetica')
        .fontSize(10)
        .fillColor(C.ink)
        .text(f.value || '—', x, y + 11, { width: colW });
    });
    rule(doc, y + h - 2);
    doc.y = y + h + 2;
  }
}

function fieldsList(doc: Doc, fields: Field[]) {
  const labelW = 104;
  const valueW = W - labelW;
  for (const f of fields) {
    doc.font('Helvetica').fontSize(9.5);
    const h = doc.heightOfString(f.value, { width: valueW }) + 7;
    ensureSpace(doc, h);
    const y = doc.y;
    doc
      .font('Helvetica-Bold')
      .fontSize(8)
      .fillColor(C.muted)
      .text(f.label, M.left, y + 4, { width: labelW });
    doc
      .font('Helvetica')
      .fontSize(9.5)
      .fillColor(C.ink)
      .text(f.value, M.left + labelW, y + 3, { width: valueW });
    rule(doc, y + h + 1);
    doc.y = y + h + 2;
  }
}

function table(doc: Doc, columns: Column[], rows: string[][]) {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * W);
  const pad = 5;
  const drawRow = (cells: string[], head: boolean) => {
    doc.font(head ? 'Helvetica-Bold' : 'Helvetica').fontSize(head ? 8 : 9);
    const h =
      Math.max(...cells.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i]! - 2 * pad }))) +
      2 * pad -
      1;
    const y = doc.y;
    if (head) doc.save().rect(M.left, y, W, h).fill(C.fill).restore();
    let x = M.left;
    cells.forEach((t, i) => {
      doc.fillColor(head ? C.accent : C.ink).text(t, x + pad, y + pad, { width: widths[i]! - 2 * pad });
      x += widths[i]!;
    });
    rule(doc, y + h, head ? C.rule : C.faint, head ? 0.8 : 0.6);
    doc.y = y + h;
    return h;
  };
  const headerCells = columns.map((c) => c.header);
  ensureSpace(doc, 48);
  drawRow(headerCells, true);
  for (const row of rows) {
    doc.font('Helvetica').fontSize(9);
    const h =
      Math.max(...row.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i]! - 2 * pad }))) + 9;
    if (doc.y + h > BOTTOM) {
      doc.addPage();
      drawRow(headerCells, true);
    }
    drawRow(row, false);
  }
  doc.y += 6;
}

function text(doc: Doc, body: string, tone?: 'warning') {
  doc.font('Helvetica').fontSize(9.5);
  if (tone === 'warning') {
    const h = doc.heightOfString(body, { width: W - 20 }) + 12;
    ensureSpace(doc, h);
    const y = doc.y;
    doc.save().roundedRect(M.left, y, W, h, 3).fill(C.warnFill).restore();
    doc.fillColor(C.warnInk).text(body, M.left + 10, y + 6, { width: W - 20 });
    doc.y = y + h + 6;
    return;
  }
  ensureSpace(doc, 28);
  doc.fillColor(C.ink).text(body, M.left, doc.y + 2, { width: W, lineGap: 1.5 });
  doc.y += 8;
}

function block(doc: Doc, b: Block) {
  if (b.kind === 'fields') return b.layout === 'grid' ? fieldsGrid(doc, b.fields) : fieldsList(doc, b.fields);
  if (b.kind === 'table') return table(doc, b.columns, b.rows);
  return text(doc, b.text, b.tone);
}

function footers(doc: Doc, c: TicketContent) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    const y = PAGE.height - 38;
    rule(doc, y - 6, C.rule);
    doc.font('Helvetica').fontSize(8).fillColor(C.muted);
    doc.text(c.footer, M.left, y, { width: W / 2, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, M.left + W / 2, y, {
      width: W / 2,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = M.bottom;
  }
}

/** The ticket as PDF bytes. */
export function renderTicketPdf(c: TicketContent, img: TicketImages): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: M,
    bufferPages: true,
    info: { Title: `Job ticket ${c.number} — ${c.title}`, Author: c.shopName, Subject: 'Job ticket' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.on('pageAdded', () => runningHeader(doc, c));
  header(doc, c, img);
  for (const section of c.sections) {
    sectionTitle(doc, section.title);
    for (const b of section.blocks) block(doc, b);
    doc.y += 8;
  }
  footers(doc, c);
  doc.end();
  return done;
}
