import fontkit from '@pdf-lib/fontkit';
import { cmyk, PDFDocument, rgb } from 'pdf-lib';
import type { Imposition } from '../../../../shared/vdp';
import { PdfWorkRefusal } from './refusal';

export type ImposeTask = {
  /** The finished piece: one page, or front and back (each page = trim + bleed on every side). */
  piece: Uint8Array;
  imposition: Imposition;
  quantity: number;
  /** Printed in the slug line (SKU, order). */
  label: string;
  /** A font for the slug line (any script the label uses). */
  slugFont: Uint8Array;
  date: string;
};

export type ImposedSheet = {
  bytes: Uint8Array;
  up: number;
  columns: number;
  rows: number;
  sheets: number;
  sheetWidthPt: number;
  sheetHeightPt: number;
  /** Where the crop marks are drawn (points from the sheet's top-left), for checks and the press operator. */
  trimLinesX: number[];
  trimLinesY: number[];
  gridTop: number;
  gridLeft: number;
};

const MARK_GAP = 3;
const MARK_LENGTH = 12;
/** Room around the grid for the crop marks, and below it for the slug line. */
const MARGIN = MARK_GAP + MARK_LENGTH + 6;
const SLUG = 14;

function layout(sheetW: number, sheetH: number, cellW: number, cellH: number, gutter: number) {
  const columns = Math.max(0, Math.floor((sheetW - 2 * MARGIN + gutter) / (cellW + gutter)));
  const rows = Math.max(0, Math.floor((sheetH - 2 * MARGIN - SLUG + gutter) / (cellH + gutter)));
  return { columns, rows, up: columns * rows, sheetW, sheetH };
}

/**
 * Imposes the piece n-up on the press sheet: as many as fit (the sheet turned whichever way holds more), the
 * grid centred, crop marks at every trim line outside the grid (so no mark falls on a neighbour's bleed), the
 * back (if any) on a second page mirrored so it backs up its front, and a slug line with the count and the
 * sheets the quantity needs.
 */
export async function impose(task: ImposeTask): Promise<ImposedSheet> {
  const source = await PDFDocument.load(task.piece);
  const out = await PDFDocument.create();
  out.registerFontkit(fontkit);
  const sides = await out.embedPdf(source, source.getPageIndices());
  const { width: cellW, height: cellH } = sides[0]!;
  const bleed = task.imposition.bleedPt;
  const gutter = task.imposition.gutterPt;
  if (2 * bleed >= Math.min(cellW, cellH)) throw new PdfWorkRefusal('The bleed is larger than the design');
  const sheetW = task.imposition.sheetWidthIn * 72;
  const sheetH = task.imposition.sheetHeightIn * 72;
  const upright = layout(sheetW, sheetH, cellW, cellH, gutter);
  const turned = layout(sheetH, sheetW, cellW, cellH, gutter);
  const best = turned.up > upright.up ? turned : upright;
  if (!best.up)
    throw new PdfWorkRefusal(
      `The design (${Math.round(cellW)} × ${Math.round(cellH)} pt) does not fit on a ${task.imposition.sheetWidthIn} × ${task.imposition.sheetHeightIn} in sheet`,
    );
  const gridW = best.columns * cellW + (best.columns - 1) * gutter;
  const gridH = best.rows * cellH + (best.rows - 1) * gutter;
  const gridLeft = (best.sheetW - gridW) / 2;
  const gridTop = (best.sheetH - SLUG - gridH) / 2;
  const sheets = Math.ceil(task.quantity / best.up);
  const font = await out.embedFont(task.slugFont, { subset: true, customName: 'Slug' });
  const trimLinesX = Array.from({ length: best.columns }, (_, c) => {
    const left = gridLeft + c * (cellW + gutter) + bleed;
    return [left, left + cellW - 2 * bleed];
  }).flat();
  const trimLinesY = Array.from({ length: best.rows }, (_, r) => {
    const top = gridTop + r * (cellH + gutter) + bleed;
    return [top, top + cellH - 2 * bleed];
  }).flat();
  const registration = cmyk(1, 1, 1, 1);
  sides.forEach((side, s) => {
    const page = out.addPage([best.sheetW, best.sheetH]);
    const fromTop = (y: number) => best.sheetH - y;
    for (let r = 0; r < best.rows; r += 1)
      for (let c = 0; c < best.columns; c += 1) {
        // The back is mirrored left to right, so each back lands behind its front when the sheet is turned.
        const col = s === 0 ? c : best.columns - 1 - c;
        const x = gridLeft + col * (cellW + gutter);
        const y = fromTop(gridTop + r * (cellH + gutter) + cellH);
        page.drawPage(side, { x, y, width: cellW, height: cellH });
      }
    const line = (x1: number, y1: number, x2: number, y2: number) =>
      page.drawLine({
        start: { x: x1, y: fromTop(y1) },
        end: { x: x2, y: fromTop(y2) },
        thickness: 0.3,
        color: registration,
      });
    const gridBottom = gridTop + gridH;
    const gridRight = gridLeft + gridW;
    for (const x of trimLinesX) {
      line(x, gridTop - MARK_GAP, x, gridTop - MARK_GAP - MARK_LENGTH);
      line(x, gridBottom + MARK_GAP, x, gridBottom + MARK_GAP + MARK_LENGTH);
    }
    for (const y of trimLinesY) {
      line(gridLeft - MARK_GAP, y, gridLeft - MARK_GAP - MARK_LENGTH, y);
      line(gridRight + MARK_GAP, y, gridRight + MARK_GAP + MARK_LENGTH, y);
    }
    const slug =
      `${task.label} · ${s === 0 ? 'front' : 'back'} · ${best.up}-up (${best.columns} × ${best.rows}) on ` +
      `${task.imposition.sheetWidthIn} × ${task.imposition.sheetHeightIn} in · ${task.quantity} pieces → ${sheets} sheets`;
    page.drawText(slug, { x: gridLeft, y: 8, size: 6, font, color: rgb(0, 0, 0) });
  });
  const date = new Date(task.date);
  out.setTitle(`${task.label} print-ready`);
  out.setProducer('Jobjacket');
  out.setCreator('Jobjacket');
  out.setCreationDate(date);
  out.setModificationDate(date);
  return {
    bytes: await out.save(),
    up: best.up,
    columns: best.columns,
    rows: best.rows,
    sheets,
    sheetWidthPt: best.sheetW,
    sheetHeightPt: best.sheetH,
    trimLinesX,
    trimLinesY,
    gridTop,
    gridLeft,
  };
}
