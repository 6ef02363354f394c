import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont } from 'pdf-lib';
import { DESIGN_MAX_PAGES, type Placement } from '../../../../shared/vdp';
import { impose, type ImposeTask } from './impose';
import { PdfWorkRefusal } from './refusal';

/**
 * The heavy part of variable-data templates, run on a worker thread (`pdf-worker.ts`): parsing a client's
 * PDF design or an uploaded font, setting the buyer's values into the design, imposing the result on a press
 * sheet. Pure functions of bytes in, bytes out; a problem the user can fix is a `PdfWorkRefusal`.
 */

const MAX_PAGE_PT = 5000;

async function loadPdf(bytes: Uint8Array, what: string) {
  if (Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0)
    throw new PdfWorkRefusal(`The ${what} is not a PDF file`);
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (err) {
    const encrypted = (err as Error).name === 'EncryptedPDFError' || /encrypt/i.test((err as Error).message);
    throw new PdfWorkRefusal(
      encrypted
        ? `The ${what} is password-protected: save it without a password`
        : `The ${what} could not be read as a PDF`,
    );
  }
}

/** Checks a client's design: a readable, unencrypted PDF of one page (or front and back); its page sizes. */
export async function inspectDesign(bytes: Uint8Array) {
  const doc = await loadPdf(bytes, 'design');
  const count = doc.getPageCount();
  if (count < 1 || count > DESIGN_MAX_PAGES)
    throw new PdfWorkRefusal(`The design has ${count} pages: upload one page, or two (front and back)`);
  const pages = doc.getPages().map((page) => {
    const { width, height } = page.getSize();
    if (page.getRotation().angle % 360 !== 0)
      throw new PdfWorkRefusal('The design has a rotated page: save it upright');
    if (width > MAX_PAGE_PT || height > MAX_PAGE_PT || width < 36 || height < 36)
      throw new PdfWorkRefusal(
        `A page of ${Math.round(width)} × ${Math.round(height)} pt is not a printable design`,
      );
    return { width: round2(width), height: round2(height) };
  });
  return { pages };
}

/** Checks an uploaded font by parsing it; its name and glyph count. */
export function inspectFont(bytes: Uint8Array) {
  let font: ReturnType<typeof fontkit.create>;
  try {
    font = fontkit.create(bytes);
  } catch {
    throw new PdfWorkRefusal('The file is not a TrueType or OpenType font');
  }
  // A collection (.ttc) or a font without outlines cannot be embedded.
  if (!('numGlyphs' in font) || !font.numGlyphs || !font.hasGlyphForCodePoint)
    throw new PdfWorkRefusal('The file is not a single TrueType or OpenType font');
  if (!font.hasGlyphForCodePoint(0x41) && !font.hasGlyphForCodePoint(0x61))
    throw new PdfWorkRefusal('The font has no Latin letters: it cannot set names');
  const name = [font.familyName, font.subfamilyName].filter(Boolean).join(' ').trim() || font.postscriptName;
  return { name: (name ?? 'Font').slice(0, 120), glyphCount: font.numGlyphs };
}

export type RenderTask = {
  design: Uint8Array;
  /** Font bytes by font id (only the fonts the placements use). */
  fonts: Record<string, Uint8Array>;
  placements: Placement[];
  /** Field name → label, for messages. */
  labels: Record<string, string>;
  values: Record<string, string>;
  title: string;
  subject: string;
  /** The template's moment: the proof's dates, so the same values on the same version give the same bytes. */
  date: string;
};

type Line = { text: string; width: number };

function wrapWords(text: string, font: PDFFont, size: number, width: number): Line[] {
  const lines: Line[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if (!current || font.widthOfTextAtSize(next, size) <= width) current = next;
    else {
      lines.push({ text: current, width: font.widthOfTextAtSize(current, size) });
      current = word;
    }
  }
  if (current) lines.push({ text: current, width: font.widthOfTextAtSize(current, size) });
  return lines;
}

/** Fits a value in its box by the placement's rule: the size and lines to set, or a refusal saying why. */
function fit(value: string, font: PDFFont, p: Placement, label: string): { size: number; lines: Line[] } {
  const issue = (message: string) => new PdfWorkRefusal(message, [{ path: `values.${p.field}`, message }]);
  if (p.fit === 'wrap') {
    const lines = wrapWords(value, font, p.size, p.width);
    if (lines.length > p.maxLines || lines.some((l) => l.width > p.width + 0.01))
      throw issue(`${label} is too long: it must fit in ${p.maxLines} line${p.maxLines > 1 ? 's' : ''}`);
    return { size: p.size, lines };
  }
  for (let size = p.size; size >= p.minSize - 1e-9; size -= 0.25) {
    const width = font.widthOfTextAtSize(value, size);
    if (width <= p.width + 0.01) return { size, lines: [{ text: value, width }] };
  }
  throw issue(`${label} is too long: it does not fit its box even at ${p.minSize} pt`);
}

/** The characters of a value the font cannot draw (a blank box on paper), each named once. */
function missingCharacters(value: string, font: ReturnType<typeof fontkit.create>) {
  const missing = new Set<string>();
  for (const ch of value) {
    if (/\s/.test(ch)) continue;
    if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!)) missing.add(ch);
  }
  return [...missing];
}

const hex = (colour: string) => {
  const n = parseInt(colour.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
};

/** Sets the buyer's values into the design with embedded, subset fonts: the proof (and the piece to print). */
export async function renderProof(task: RenderTask): Promise<Uint8Array> {
  const doc = await loadPdf(task.design, 'design');
  doc.registerFontkit(fontkit);
  const embedded = new Map<string, PDFFont>();
  const parsed = new Map<string, ReturnType<typeof fontkit.create>>();
  for (const p of task.placements) {
    const value = (task.values[p.field] ?? '').replace(/\s+/g, ' ').trim();
    if (!value) continue;
    const label = task.labels[p.field] ?? p.field;
    const bytes = task.fonts[p.fontId];
    if (!bytes) throw new PdfWorkRefusal(`The font of ${label} is no longer in the shop`);
    if (!parsed.has(p.fontId)) parsed.set(p.fontId, fontkit.create(bytes));
    const missing = missingCharacters(value, parsed.get(p.fontId)!);
    if (missing.length) {
      const chars = missing.map(
        (c) => `“${c}” (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
      );
      const message = `${label}: the font cannot print ${chars.join(', ')}`;
      throw new PdfWorkRefusal(message, [{ path: `values.${p.field}`, message }]);
    }
    if (!embedded.has(p.fontId)) {
      const name = `${subsetTag(p.fontId, embedded.size)}+${parsed.get(p.fontId)!.postscriptName ?? 'Font'}`;
      embedded.set(p.fontId, await doc.embedFont(bytes, { subset: true, customName: name }));
    }
    const font = embedded.get(p.fontId)!;
    const page = doc.getPage(Math.min(p.page, doc.getPageCount() - 1));
    const box = page.getMediaBox();
    const { size, lines } = fit(value, font, p, label);
    const ascent = font.heightAtSize(size, { descender: false });
    lines.forEach((line, i) => {
      const dx =
        p.align === 'left' ? 0 : p.align === 'center' ? (p.width - line.width) / 2 : p.width - line.width;
      page.drawText(line.text, {
        x: box.x + p.x + dx,
        y: box.y + box.height - p.y - ascent - i * size * 1.2,
        size,
        font,
        color: hex(p.colour),
      });
    });
  }
  const date = new Date(task.date);
  doc.setTitle(task.title);
  doc.setSubject(task.subject);
  doc.setProducer('Jobjacket');
  doc.setCreator('Jobjacket');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return doc.save();
}

export type PdfTask =
  | { kind: 'inspectDesign'; bytes: Uint8Array }
  | { kind: 'inspectFont'; bytes: Uint8Array }
  | ({ kind: 'render' } & RenderTask)
  | ({ kind: 'impose' } & ImposeTask);

/** Runs one task (on the worker thread). */
export async function runPdfTask(task: PdfTask): Promise<unknown> {
  switch (task.kind) {
    case 'inspectDesign':
      return inspectDesign(task.bytes);
    case 'inspectFont':
      return inspectFont(task.bytes);
    case 'render':
      return renderProof(task);
    case 'impose':
      return impose(task);
  }
}

/** The six capitals that mark a subset font's name in a PDF (ISO 32000 9.6.4); stable, so proofs repeat. */
function subsetTag(fontId: string, index: number) {
  const hash = createHash('sha256').update(`${fontId}:${index}`).digest();
  return Array.from(hash.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

function round2(n: number) {
  return Math.round(n * 100) / 100;
}
