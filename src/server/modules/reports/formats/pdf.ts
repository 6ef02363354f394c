import { FONT, newPdfDocument, pdfBytes } from '../../../platform/documents/fonts';
import { letterheadBlock } from '../../../platform/documents/pdf';
import type { ChartData, ColumnType } from '../../../../shared/reports';
import { displayCell, localDateTime, totalType } from './cells';
import { collectForDocument, type ReportSource } from './source';

const MARGIN = 40;
const INK = '#111827';
const MUTED = '#6b7280';
const RULE = '#d1d5db';
const SHADE = '#f3f4f6';
const TEXT_SIZE = 8;
const PAD = 3;
export const PALETTE = [
  '#1c7ed6',
  '#f59f00',
  '#e03131',
  '#2f9e44',
  '#7048e8',
  '#0ca678',
  '#d6336c',
  '#495057',
  '#f76707',
  '#74b816',
];

type Doc = PDFKit.PDFDocument;

const short = (v: number, type: ColumnType) =>
  type === 'percent'
    ? `${Math.round(v * 100)}%`
    : type === 'money'
      ? `$${Math.round(v / 100).toLocaleString('en-US')}`
      : Math.abs(v) >= 1000
        ? `${(v / 1000).toFixed(1)}k`
        : String(Math.round(v * 10) / 10);

/** A bar, stacked-bar or line chart in the box, with a legend and value gridlines. */
export function drawChart(doc: Doc, chart: ChartData, x: number, y: number, width: number, height: number) {
  doc.font(FONT.bold).fontSize(10).fillColor(INK).text(chart.title, x, y, { lineBreak: false });
  let lx = x + doc.widthOfString(chart.title) + 16;
  doc.font(FONT.regular).fontSize(8);
  chart.series.forEach((s, i) => {
    doc.rect(lx, y + 2, 8, 8).fill(PALETTE[i % PALETTE.length]!);
    doc.fillColor(INK).text(s.label, lx + 11, y + 2, { lineBreak: false });
    lx += 11 + doc.widthOfString(s.label) + 12;
  });
  const top = y + 20;
  const left = x + 40;
  const bottom = y + height - 16;
  const plotW = width - 40;
  const plotH = bottom - top;
  const totals = chart.points.map((p) =>
    chart.kind === 'stacked-bar'
      ? p.values.reduce<number>((a, v) => a + (v ?? 0), 0)
      : Math.max(0, ...p.values.map((v) => v ?? 0)),
  );
  const max = Math.max(chart.valueType === 'percent' ? 1 : 0, ...totals) || 1;
  for (let i = 0; i <= 4; i++) {
    const gy = bottom - (plotH * i) / 4;
    doc
      .moveTo(left, gy)
      .lineTo(left + plotW, gy)
      .strokeColor(RULE)
      .lineWidth(0.5)
      .stroke();
    doc
      .fillColor(MUTED)
      .fontSize(7)
      .text(short((max * i) / 4, chart.valueType), x, gy - 4, {
        width: 36,
        align: 'right',
        lineBreak: false,
      });
  }
  const n = chart.points.length;
  const slot = plotW / Math.max(n, 1);
  const every = Math.ceil(n / Math.max(1, Math.floor(plotW / 50)));
  chart.points.forEach((p, i) => {
    const cx = left + slot * i;
    if (i % every === 0) {
      doc
        .fillColor(MUTED)
        .fontSize(7)
        .text(p.x, cx, bottom + 3, { width: slot, align: 'center', lineBreak: false, ellipsis: true });
    }
    if (chart.kind === 'line') return;
    const inner = slot * 0.7;
    if (chart.kind === 'stacked-bar') {
      let acc = 0;
      p.values.forEach((v, s) => {
        const h = ((v ?? 0) / max) * plotH;
        if (h > 0) doc.rect(cx + slot * 0.15, bottom - acc - h, inner, h).fill(PALETTE[s % PALETTE.length]!);
        acc += h;
      });
    } else {
      const bw = inner / Math.max(1, p.values.length);
      p.values.forEach((v, s) => {
        const h = ((v ?? 0) / max) * plotH;
        if (h > 0) doc.rect(cx + slot * 0.15 + bw * s, bottom - h, bw, h).fill(PALETTE[s % PALETTE.length]!);
      });
    }
  });
  if (chart.kind === 'line') {
    chart.series.forEach((_s, s) => {
      const colour = PALETTE[s % PALETTE.length]!;
      const pts = chart.points
        .map((p, i) => [left + slot * i + slot / 2, p.values[s]] as const)
        .filter((pt): pt is readonly [number, number] => pt[1] !== null)
        .map(([px, v]) => [px, bottom - (v / max) * plotH] as const);
      pts.forEach(([px, py], i) => (i === 0 ? doc.moveTo(px, py) : doc.lineTo(px, py)));
      if (pts.length > 1) doc.strokeColor(colour).lineWidth(1.5).stroke();
      for (const [px, py] of pts) doc.circle(px, py, 2).fill(colour);
    });
  }
  doc.fillColor(INK);
}

/**
 * Column widths that fill the page: every column gets at least its longest word (so words are not
 * broken), and the room left goes to the columns whose text would wrap, in proportion to how much.
 */
function columnWidths(doc: Doc, texts: string[][], width: number): number[] {
  // Row 0 is the bold header; the slack keeps a word that fits exactly from wrapping on rounding.
  const measure = (t: string, row: number) =>
    doc.font(row === 0 ? FONT.bold : FONT.regular).widthOfString(t) + PAD * 2 + 1.5;
  const longestWord = texts.map((col) =>
    Math.max(...col.flatMap((t, row) => t.split(/\s+/).map((w) => measure(w, row)))),
  );
  const natural = texts.map((col, i) =>
    Math.max(longestWord[i]!, Math.min(180, Math.max(...col.map(measure)))),
  );
  doc.font(FONT.regular);
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= width) return natural.map((w) => (w * width) / total);
  const floor = longestWord.reduce((a, b) => a + b, 0);
  if (floor >= width) return longestWord.map((w) => (w * width) / floor);
  const wanted = natural.map((w, i) => w - longestWord[i]!);
  const spare = (width - floor) / wanted.reduce((a, b) => a + b, 0);
  return longestWord.map((w, i) => w + wanted[i]! * spare);
}

/**
 * A landscape PDF on the shop's paper: letterhead, title, parameters, the chart, then the table with its
 * header on every page; set in the embedded Unicode font.
 */
export async function writePdf(source: ReportSource): Promise<Buffer> {
  const { prepared, columns, timeZone } = source;
  const data = await collectForDocument(source);
  const shop = source.letterhead;
  const doc = newPdfDocument({
    size: shop.paper,
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: prepared.def.title, Author: shop.name },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - MARGIN * 2;
  const bottom = () => doc.page.height - MARGIN - 14;

  letterheadBlock(doc, shop, width, MARGIN);
  doc.moveDown(0.4);
  doc.font(FONT.bold).fontSize(16).fillColor(INK).text(prepared.def.title, MARGIN);
  doc.font(FONT.regular).fontSize(9).fillColor(MUTED);
  doc.text(prepared.labels.map(([k, v]) => `${k}: ${v}`).join('   ·   '), { width });
  doc.moveDown(0.6);

  if (data.chart) {
    const y = doc.y;
    drawChart(doc, data.chart, MARGIN, y, width, 190);
    doc.y = y + 200;
  }

  doc.font(FONT.regular).fontSize(TEXT_SIZE);
  const widths = columnWidths(
    doc,
    columns.map((c) => [
      c.label,
      ...data.rows.slice(0, 200).map((r) => displayCell(r[c.key] ?? null, c.type, timeZone)),
    ]),
    width,
  );
  const right = (t: ColumnType) => t !== 'text' && t !== 'date' && t !== 'datetime';

  const drawRow = (cells: string[], opts: { bold?: boolean; shade?: boolean; aligns: boolean[] }) => {
    doc.font(opts.bold ? FONT.bold : FONT.regular).fontSize(TEXT_SIZE);
    const h =
      Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - PAD * 2 }))) +
      PAD * 2;
    if (doc.y + h > bottom()) {
      doc.addPage();
      header();
      doc.font(opts.bold ? FONT.bold : FONT.regular).fontSize(TEXT_SIZE);
    }
    const y = doc.y;
    if (opts.shade) doc.rect(MARGIN, y, width, h).fill(SHADE);
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor(INK).text(c, x + PAD, y + PAD, {
        width: widths[i]! - PAD * 2,
        align: opts.aligns[i] ? 'right' : 'left',
      });
      x += widths[i]!;
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + width, y + h)
      .strokeColor(RULE)
      .lineWidth(0.5)
      .stroke();
    doc.y = y + h;
  };
  const header = () =>
    drawRow(
      columns.map((c) => c.label),
      { bold: true, shade: true, aligns: columns.map((c) => right(c.type)) },
    );

  header();
  for (const r of data.rows) {
    drawRow(
      columns.map((c) => displayCell(r[c.key] ?? null, c.type, timeZone)),
      { aligns: columns.map((c) => right(c.type)) },
    );
  }
  if (data.totals) {
    drawRow(
      columns.map((c, i) =>
        c.total ? displayCell(data.totals![c.key] ?? null, totalType(c), timeZone) : i === 0 ? 'Total' : '',
      ),
      { bold: true, aligns: columns.map((c) => right(c.total ? totalType(c) : c.type)) },
    );
  }
  doc.moveDown(0.5);
  doc.font(FONT.regular).fontSize(8).fillColor(MUTED);
  if (!data.total) doc.text('No rows for these parameters.', MARGIN);
  if (data.total > data.rows.length) {
    doc.text(
      `The first ${data.rows.length} of ${data.total} rows. Download the Excel or CSV file for all of them.`,
      MARGIN,
    );
  }

  const generated = `Generated ${localDateTime(prepared.ctx.now.toISOString(), timeZone)} (${timeZone})`;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would start a new page: the footer lives in the margin.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 8;
    doc.font(FONT.regular).fontSize(7).fillColor(MUTED);
    doc.text(`${shop.name} · ${prepared.def.title} · ${generated}`, MARGIN, y, { lineBreak: false });
    doc.text(`Page ${i + 1} of ${range.count}`, MARGIN, y, { width, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}
