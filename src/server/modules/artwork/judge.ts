import type { ArtworkRules, PreflightFinding, PreflightReport } from '../../../shared/artwork';
import type { PdfFacts } from './pdf-inspect';

/** A product's finished (trimmed) size in inches, or null when its spec does not say. */
export type FinishedSize = { widthIn: number; heightIn: number } | null;

const TOLERANCE_IN = 0.02; // about 1.5 pt: rounding in design tools, not a wrong size
const inches = (pt: number) => pt / 72;
const fmt = (n: number) => (Math.round(n * 1000) / 1000).toString();
const pageList = (pages: number[]) =>
  pages.length === 1
    ? `page ${pages[0]}`
    : `pages ${pages.slice(0, 8).join(', ')}${pages.length > 8 ? '…' : ''}`;
const near = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE_IN;
const RGB_SPACES = /^(DeviceRGB|CalRGB|ICC RGB|Indexed (DeviceRGB|CalRGB|ICC RGB)|Lab)$/;

/**
 * Judges what was read from a PDF against a product's artwork rules, in plain words a buyer can act on.
 * Each finding is blocking or a warning as the product says; the report is blocked when any finding blocks.
 */
export function judgeArtwork(facts: PdfFacts, rules: ArtworkRules, finished: FinishedSize): PreflightReport {
  const findings: PreflightFinding[] = [];
  const add = (check: PreflightFinding['check'], message: string) =>
    findings.push({ check, severity: rules.severity[check], message });

  if (rules.pages !== null && facts.pages !== rules.pages) {
    add(
      'pages',
      `The file has ${facts.pages} page${facts.pages === 1 ? '' : 's'}; this product needs exactly ${rules.pages}.`,
    );
  }

  // The page as printed is the bleed box when the file sets one, else the media box.
  const sizes = facts.boxes
    .map((b) => b.bleed ?? b.media)
    .map((s) => ({ w: inches(s.width), h: inches(s.height) }));
  const first = sizes[0]!;
  const expected = finished
    ? { w: finished.widthIn + 2 * rules.bleedIn, h: finished.heightIn + 2 * rules.bleedIn }
    : null;
  if (expected && finished) {
    const fits = (s: { w: number; h: number }, e: { w: number; h: number }) =>
      (near(s.w, e.w) && near(s.h, e.h)) || (near(s.w, e.h) && near(s.h, e.w));
    const wrong = sizes.map((s, i) => (fits(s, expected) ? 0 : i + 1)).filter(Boolean);
    if (wrong.length) {
      const bad = sizes[wrong[0]! - 1]!;
      const finishedOnly = rules.bleedIn > 0 && fits(bad, { w: finished.widthIn, h: finished.heightIn });
      const want = `${fmt(expected.w)} × ${fmt(expected.h)} in (the finished ${fmt(finished.widthIn)} × ${fmt(finished.heightIn)} in plus ${fmt(rules.bleedIn)} in bleed on each side)`;
      add(
        'pageSize',
        finishedOnly
          ? `${pageList(wrong)[0]!.toUpperCase()}${pageList(wrong).slice(1)} ${wrong.length === 1 ? 'is' : 'are'} the finished size with no bleed: extend the background ${fmt(rules.bleedIn)} in beyond each edge, to ${want}.`
          : `${pageList(wrong)[0]!.toUpperCase()}${pageList(wrong).slice(1)} ${wrong.length === 1 ? 'is' : 'are'} ${fmt(bad.w)} × ${fmt(bad.h)} in; the page must be ${want}.`,
      );
    }
  }

  const notEmbedded = facts.fonts.filter((f) => !f.embedded).map((f) => f.name);
  if (notEmbedded.length) {
    add(
      'fonts',
      `${notEmbedded.length === 1 ? 'A font is' : `${notEmbedded.length} fonts are`} not embedded (${notEmbedded.slice(0, 6).join(', ')}): the press would substitute another. Export the PDF with all fonts embedded, or convert the text to outlines.`,
    );
  }

  const low = facts.images.filter((i) => i.colourSpace !== 'Mask' && i.ppi < rules.minPpi);
  if (low.length) {
    const worst = low.reduce((a, b) => (a.ppi <= b.ppi ? a : b));
    add(
      'resolution',
      `${low.length === 1 ? 'An image' : `${low.length} images`} on ${pageList([...new Set(low.map((i) => i.page))])} ${low.length === 1 ? 'is' : 'are'} below ${rules.minPpi} ppi at the size placed (the lowest is ${worst.ppi} ppi, ${worst.widthPx} × ${worst.heightPx} pixels): it will print soft or blocky. Use a larger image or place it smaller.`,
    );
  }

  if (rules.cmykOnly) {
    const rgbImages = facts.images.filter((i) => RGB_SPACES.test(i.colourSpace));
    if (rgbImages.length) {
      add(
        'colour',
        `${rgbImages.length === 1 ? 'An image' : `${rgbImages.length} images`} on ${pageList([...new Set(rgbImages.map((i) => i.page))])} ${rgbImages.length === 1 ? 'is' : 'are'} RGB; the press prints CMYK, so colours may shift. Convert the images to CMYK before exporting.`,
      );
    }
    if (facts.rgbPaintPages.length) {
      add(
        'colour',
        `Text or shapes on ${pageList(facts.rgbPaintPages.sort((a, b) => a - b))} use RGB colour; the press prints CMYK, so colours may shift. Set the document's colours to CMYK.`,
      );
    }
  }

  return {
    pages: facts.pages,
    pageWidthIn: Number(fmt(first.w)),
    pageHeightIn: Number(fmt(first.h)),
    expectedWidthIn: expected ? Number(fmt(expected.w)) : null,
    expectedHeightIn: expected ? Number(fmt(expected.h)) : null,
    fonts: facts.fonts,
    images: facts.images.slice(0, 50),
    findings,
    blocked: findings.some((f) => f.severity === 'block'),
  };
}

/** The finished size of a product's spec in inches (mm converted), or null without one. */
export function finishedSizeOf(spec: {
  finishedSize?: { width: number; height: number; unit: 'in' | 'mm' };
}): FinishedSize {
  const s = spec.finishedSize;
  if (!s) return null;
  const k = s.unit === 'mm' ? 1 / 25.4 : 1;
  return { widthIn: s.width * k, heightIn: s.height * k };
}
