import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { Imposition, Placement } from '../../../../shared/vdp';
import { pdfBytes } from '../../../platform/documents/fonts';
import { impose } from './impose';
import { inspectDesign, renderProof } from './pdf-work';

// The PDF work itself, without HTTP: fitting rules, a two-sided piece on the press sheet.
const dir = mkdtempSync(path.join(tmpdir(), 'jj-vdp-unit-'));
const ttf = (name: string) =>
  readFileSync(
    path.join(
      path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
      'ttf',
      name,
    ),
  );
const sans = ttf('DejaVuSans.ttf');

async function twoSided(): Promise<Buffer> {
  const doc = new PDFDocument({ size: [270, 162], margin: 0 });
  const done = pdfBytes(doc);
  doc.text('FRONT', 20, 130);
  doc.addPage({ size: [270, 162], margin: 0 });
  doc.text('BACK', 20, 130);
  doc.end();
  return done;
}

const task = (design: Buffer, placements: Placement[], values: Record<string, string>) => ({
  design,
  fonts: { 'dejavu-sans': sans },
  placements,
  labels: { address: 'Address' },
  values,
  title: 'proof',
  subject: 'test',
  date: '2026-01-01T00:00:00.000Z',
});

function words(bytes: Uint8Array, page: number) {
  const file = path.join(dir, `p${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const html = execFileSync('pdftotext', [
    '-f',
    String(page),
    '-l',
    String(page),
    '-bbox',
    file,
    '-',
  ]).toString();
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    text: m[3]!,
  }));
}

describe('variable-data PDF work', () => {
  it('wraps long text to the allowed lines on the back side, and refuses a fourth line', async () => {
    const design = await twoSided();
    expect(await inspectDesign(design)).toEqual({
      pages: [
        { width: 270, height: 162 },
        { width: 270, height: 162 },
      ],
    });
    const wrap = Placement.parse({
      field: 'address',
      page: 1,
      x: 20,
      y: 20,
      width: 120,
      size: 10,
      fit: 'wrap',
      maxLines: 3,
    });
    const bytes = await renderProof(
      task(design, [wrap], { address: 'Level 4, 12 Øster Allé, Nørrebro København' }),
    );
    const back = words(bytes, 2);
    const level = back.find((w) => w.text === 'Level')!;
    const last = back.find((w) => w.text === 'København')!;
    expect(level.x).toBeCloseTo(20, 0);
    expect(last.y - level.y).toBeGreaterThan(10); // wrapped onto a later line (12 pt apart)
    expect(words(bytes, 1).map((w) => w.text)).toEqual(['FRONT']); // the front is untouched
    await expect(
      renderProof(
        task(design, [wrap], {
          address: 'Long street name '.repeat(8),
        }),
      ),
    ).rejects.toThrow('Address is too long: it must fit in 3 lines');
  });

  it('imposes a two-sided piece on two sheet pages, the back mirrored, with the sheets the quantity needs', async () => {
    const design = await twoSided();
    const sheet = await impose({
      piece: design,
      imposition: Imposition.parse({ sheetWidthIn: 13, sheetHeightIn: 19, bleedPt: 9, gutterPt: 12 }),
      quantity: 500,
      label: 'BC · O-1',
      slugFont: sans,
      date: '2026-01-01T00:00:00.000Z',
    });
    const file = path.join(dir, 'sheet.pdf');
    writeFileSync(file, sheet.bytes);
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Pages:\s+2/);
    expect(info).toMatch(new RegExp(`Page size:\\s+${sheet.sheetWidthPt} x ${sheet.sheetHeightPt} pts`));
    expect(sheet.sheets).toBe(Math.ceil(500 / sheet.up));
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text.match(/FRONT/g)).toHaveLength(sheet.up);
    expect(text.match(/BACK/g)).toHaveLength(sheet.up);
    expect(text).toContain(`· back · ${sheet.up}-up`);
    // Each column's trim lines are 252 pt apart (270 − 2 × 9 bleed).
    expect(sheet.trimLinesX[1]! - sheet.trimLinesX[0]!).toBeCloseTo(252, 5);
  });
});
