import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';

/** A picture of the given pixels, as JPEG, in RGB or CMYK: for artwork samples. */
async function photo(width: number, height: number, colour: 'rgb' | 'cmyk') {
  const base = sharp({
    create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } },
  }).composite([
    {
      input: Buffer.from(
        `<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#f5a623"/></svg>`,
      ),
    },
  ]);
  return colour === 'cmyk' ? base.toColourspace('cmyk').jpeg().toBuffer() : base.jpeg().toBuffer();
}

/**
 * Builds a one-or-more-page artwork PDF for a 3.5 × 2 in business card, for tests and the demo: `good` is the
 * right size with bleed, an embedded font, CMYK colour and a 300+ ppi CMYK photo; `bad` is the finished size
 * without bleed, Helvetica (not embedded), RGB colour and a 200-pixel RGB photo stretched over the page;
 * `rgb` is `good` but for its photo, the low-resolution RGB one.
 */
export async function sampleArtwork(
  kind: 'good' | 'bad' | 'rgb',
  opts: { pages?: number } = {},
): Promise<Buffer> {
  const good = kind !== 'bad';
  const [w, h] = good ? [3.75, 2.25] : [3.5, 2];
  const doc = new PDFDocument({ size: [w * 72, h * 72], margin: 0, autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const image = kind === 'good' ? await photo(1200, 720, 'cmyk') : await photo(200, 120, 'rgb');
  const require = createRequire(import.meta.url);
  const font = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  for (let i = 0; i < (opts.pages ?? 1); i++) {
    doc.addPage({ size: [w * 72, h * 72], margin: 0 });
    doc.image(image, 0, 0, { width: w * 72, height: h * 72 });
    if (good) doc.font(font).fillColor([0, 0, 0, 100]);
    else doc.font('Helvetica').fillColor('#d0021b');
    doc.fontSize(11).text(good ? 'Nguyễn Zoë Øster' : 'Call us today', 18, 18);
  }
  doc.end();
  return done;
}
