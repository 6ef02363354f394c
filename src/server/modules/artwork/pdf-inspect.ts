import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFObject,
} from 'pdf-lib';
import { IDENTITY, multiply, scanOperations, type Matrix } from './content-stream';

/** What the preflight reads out of a PDF before judging it. */
export type PdfFacts = {
  pages: number;
  /** Per page: the media box, and the bleed and trim boxes when the file sets them (points). */
  boxes: { media: Size; bleed: Size | null; trim: Size | null }[];
  fonts: { name: string; embedded: boolean }[];
  images: { page: number; widthPx: number; heightPx: number; colourSpace: string; ppi: number }[];
  /** Pages where text or shapes are painted in an RGB colour that is not a grey. */
  rgbPaintPages: number[];
};
type Size = { width: number; height: number };

/** Bounds on a hostile file, beyond the upload's byte limit. */
export const INSPECT_LIMITS = { pages: 500, operations: 2_000_000, formDepth: 8, images: 2_000 };

export class UnreadablePdf extends Error {}

const RGB_FAMILY = /^(DeviceRGB|CalRGB|ICC RGB)$/;
/** Three equal components are a grey, which prints on black alone whatever the space. */
const isGrey = (c: unknown[]) => c[0] === c[1] && c[1] === c[2];

/** Reads a PDF's pages, boxes, fonts, placed images and colours. Synchronous and CPU-bound: run it off the main thread. */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfFacts> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (err) {
    const encrypted = /encrypt/i.test((err as Error).message);
    throw new UnreadablePdf(
      encrypted
        ? 'The PDF is password-protected or encrypted: export it again without security'
        : 'The file is not a PDF that can be read (it may be damaged)',
    );
  }
  const pages = doc.getPages();
  if (pages.length === 0) throw new UnreadablePdf('The PDF has no pages');
  if (pages.length > INSPECT_LIMITS.pages)
    throw new UnreadablePdf(`The PDF has ${pages.length} pages; at most ${INSPECT_LIMITS.pages} are checked`);

  const ctx = doc.context;
  const lookup = (o: PDFObject | undefined): PDFObject | undefined =>
    o instanceof PDFRef ? ctx.lookup(o) : o;
  const arrayOf = (o: PDFObject | undefined) => {
    const v = lookup(o);
    return v instanceof PDFArray ? v : undefined;
  };
  const dictOf = (o: PDFObject | undefined): PDFDict | undefined => {
    const v = lookup(o);
    if (v instanceof PDFDict) return v;
    if (v instanceof PDFStream) return v.dict;
    return undefined;
  };
  const nameOf = (o: PDFObject | undefined) => {
    const v = lookup(o);
    return v instanceof PDFName ? v.decodeText() : undefined;
  };
  const num = (o: PDFObject | undefined) => {
    const v = lookup(o);
    return v instanceof PDFNumber ? v.asNumber() : 0;
  };
  const boxSize = (o: PDFObject | undefined): Size | null => {
    const arr = arrayOf(o);
    if (!arr || arr.size() !== 4) return null;
    const [x1, y1, x2, y2] = [0, 1, 2, 3].map((k) => num(arr.get(k)));
    return { width: Math.abs(x2! - x1!), height: Math.abs(y2! - y1!) };
  };

  const fonts = new Map<string, boolean>();
  const seenFontDicts = new Set<PDFDict>();
  const noteFonts = (resources: PDFDict | undefined) => {
    const fontDict = dictOf(resources?.get(PDFName.of('Font')));
    for (const [, ref] of fontDict?.entries() ?? []) {
      const font = dictOf(ref);
      if (!font || seenFontDicts.has(font)) continue;
      seenFontDicts.add(font);
      const name = (nameOf(font.get(PDFName.of('BaseFont'))) ?? 'Unnamed font').replace(/^[A-Z]{6}\+/, '');
      const subtype = nameOf(font.get(PDFName.of('Subtype')));
      let embedded = subtype === 'Type3'; // Type 3 glyphs are drawn by the file itself
      let described = font;
      if (subtype === 'Type0') {
        const descendants = arrayOf(font.get(PDFName.of('DescendantFonts')));
        described = dictOf(descendants?.get(0)) ?? font;
      }
      const descriptor = dictOf(described.get(PDFName.of('FontDescriptor')));
      if (descriptor)
        embedded ||= ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(PDFName.of(k)));
      fonts.set(name, (fonts.get(name) ?? true) && embedded);
    }
  };

  const colourSpaceName = (o: PDFObject | undefined, resources: PDFDict | undefined): string => {
    const v = lookup(o);
    if (v instanceof PDFName) {
      const n = v.decodeText();
      const named = dictOf(resources?.get(PDFName.of('ColorSpace')))?.get(PDFName.of(n));
      return named ? colourSpaceName(named, undefined) : n;
    }
    if (v instanceof PDFArray) {
      const family = nameOf(v.get(0)) ?? 'Unknown';
      if (family === 'ICCBased') {
        const n = num(dictOf(v.get(1))?.get(PDFName.of('N')));
        return n === 4 ? 'ICC CMYK' : n === 3 ? 'ICC RGB' : 'ICC Gray';
      }
      if (family === 'Indexed') return `Indexed ${colourSpaceName(v.get(1), resources)}`;
      if (family === 'DeviceN' || family === 'Separation') return family;
      return family;
    }
    return 'Unknown';
  };

  const images: PdfFacts['images'] = [];
  const rgbPaintPages = new Set<number>();
  const budget = { left: INSPECT_LIMITS.operations };

  const contentBytes = (stream: PDFObject | undefined): Uint8Array[] => {
    const v = lookup(stream);
    if (v instanceof PDFArray) return v.asArray().flatMap((s) => contentBytes(s));
    if (v instanceof PDFRawStream) return [decodePDFRawStream(v).decode()];
    if (v instanceof PDFStream) return [v.getContents()];
    return [];
  };

  const walk = (
    data: Uint8Array[],
    resources: PDFDict | undefined,
    start: Matrix,
    page: number,
    depth: number,
  ) => {
    noteFonts(resources);
    const xobjects = dictOf(resources?.get(PDFName.of('XObject')));
    let ctm = start;
    let fillRgb = false;
    let strokeRgb = false;
    const stack: Matrix[] = [];
    for (const chunk of data) {
      scanOperations(
        chunk,
        ({ op, operands }) => {
          if (op === 'q') stack.push(ctm);
          else if (op === 'Q') ctm = stack.pop() ?? start;
          else if (op === 'cm' && operands.length >= 6) {
            const m = operands.slice(-6).map((x) => (typeof x === 'number' ? x : 0)) as Matrix;
            ctm = multiply(m, ctm);
          } else if ((op === 'rg' || op === 'RG') && operands.length >= 3) {
            if (!isGrey(operands.slice(-3))) rgbPaintPages.add(page);
          } else if ((op === 'cs' || op === 'CS') && typeof operands[0] === 'string') {
            const space = colourSpaceName(PDFName.of(operands[0].slice(1)), resources);
            if (op === 'cs') fillRgb = RGB_FAMILY.test(space);
            else strokeRgb = RGB_FAMILY.test(space);
          } else if (op === 'sc' || op === 'scn' || op === 'SC' || op === 'SCN') {
            const rgb = op === 'sc' || op === 'scn' ? fillRgb : strokeRgb;
            if (rgb && operands.length === 3 && !isGrey(operands)) rgbPaintPages.add(page);
          } else if (op === 'Do' && typeof operands[0] === 'string') {
            const ref = xobjects?.get(PDFName.of(operands[0].slice(1)));
            const xobject = lookup(ref);
            if (!(xobject instanceof PDFStream)) return;
            const subtype = nameOf(xobject.dict.get(PDFName.of('Subtype')));
            if (subtype === 'Image' && images.length < INSPECT_LIMITS.images) {
              const widthPx = num(xobject.dict.get(PDFName.of('Width')));
              const heightPx = num(xobject.dict.get(PDFName.of('Height')));
              const isMask = xobject.dict.get(PDFName.of('ImageMask'))?.toString() === 'true';
              // The image fills the unit square of the current matrix: its placed size is the matrix's axes.
              const wIn = Math.hypot(ctm[0], ctm[1]) / 72;
              const hIn = Math.hypot(ctm[2], ctm[3]) / 72;
              if (wIn <= 0 || hIn <= 0) return;
              const ppi = Math.floor(Math.min(widthPx / wIn, heightPx / hIn));
              const cs = isMask
                ? 'Mask'
                : colourSpaceName(xobject.dict.get(PDFName.of('ColorSpace')), resources) || 'Unknown';
              images.push({ page, widthPx, heightPx, colourSpace: cs, ppi });
            } else if (subtype === 'Form' && depth < INSPECT_LIMITS.formDepth) {
              const matrix = arrayOf(xobject.dict.get(PDFName.of('Matrix')));
              const m =
                matrix && matrix.size() === 6
                  ? ([0, 1, 2, 3, 4, 5].map((k) => num(matrix.get(k))) as Matrix)
                  : IDENTITY;
              const formResources = dictOf(xobject.dict.get(PDFName.of('Resources'))) ?? resources;
              walk(contentBytes(xobject), formResources, multiply(m, ctm), page, depth + 1);
            }
          }
        },
        budget,
      );
    }
  };

  const boxes: PdfFacts['boxes'] = [];
  for (const [index, page] of pages.entries()) {
    const node = page.node;
    boxes.push({
      media: boxSize(node.MediaBox()) ?? { width: page.getWidth(), height: page.getHeight() },
      bleed: boxSize(node.BleedBox()),
      trim: boxSize(node.TrimBox()),
    });
    walk(contentBytes(node.Contents()), node.Resources(), IDENTITY, index + 1, 0);
  }
  return {
    pages: pages.length,
    boxes,
    fonts: [...fonts].map(([name, embedded]) => ({ name, embedded })),
    images,
    rgbPaintPages: [...rgbPaintPages],
  };
}
