import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

// DejaVu Sans comes from npm (dejavu-fonts-ttf), so every install prints the same glyphs: accents, arrows,
// Vietnamese, Greek and Cyrillic names. PDFKit's built-in Helvetica knows only WinAnsi and printed "→" as "!’".
// The condensed cut sets about as wide as Helvetica did, so tables and labels keep the widths they were laid out for.
const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);

/** The names to pass to `doc.font()` in every PDF the shop prints. */
export const FONT = { regular: 'DejaVuSansCondensed', bold: 'DejaVuSansCondensed-Bold' } as const;

/** Paper sizes the shop prints on (its profile chooses one). */
export type PaperSize = 'LETTER' | 'A4';

/** A PDFKit document whose text is set in the embedded Unicode font (regular and bold registered). */
export function newPdfDocument(options: PDFKit.PDFDocumentOptions = {}): PDFKit.PDFDocument {
  const regular = path.join(fontDir, `${FONT.regular}.ttf`);
  const doc = new PDFDocument({ ...options, font: regular });
  doc.registerFont(FONT.regular, regular);
  doc.registerFont(FONT.bold, path.join(fontDir, `${FONT.bold}.ttf`));
  return doc;
}

/** The bytes of a PDF once `doc.end()` is called: call this first, then draw, then end. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
