import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardsPath } from '../../../../test/helpers/standards';
import { drawImb, encodeImb, ImbError, imbSvg, imbTrackingCode } from './imb';

type Row = { index: string; tracking: string; routing: string; bars: string; code: string; message: string };

// USPS encoder test-case set: id,tracking,routing,bars,return code,message (lines end CR CR LF).
const rows: Row[] = readFileSync(standardsPath('usps-imb', 'uspsIMbEncoderTestCases.csv'), 'utf8')
  .split(/\r*\n/)
  .filter(Boolean)
  .map((line) => {
    const [index = '', tracking = '', routing = '', bars = '', code = '', message = ''] = line.split(',');
    return { index, tracking, routing, bars, code, message };
  });

type Vector = { id: number; tracking: string; routing: string; bars: string };
const appendixB = JSON.parse(
  readFileSync(standardsPath('usps-imb', 'imb_spec_appendix_b_vectors.json'), 'utf8'),
) as { vectors: Vector[] };

function rejection(tracking: string, routing: string): ImbError | undefined {
  try {
    encodeImb(tracking, routing);
  } catch (err) {
    if (err instanceof ImbError) return err;
    throw err;
  }
  return undefined;
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('encodeImb against the USPS encoder test-case reference set', () => {
  it('has the 10,000 rows USPS published', () => {
    expect(rows).toHaveLength(10_000);
    expect(rows.filter((r) => r.code === '00')).toHaveLength(8128);
  });

  it('encodes all 8,128 valid rows to the expected bars', () => {
    const wrong = rows
      .filter((r) => r.code === '00')
      .filter((r) => encodeImb(r.tracking, r.routing) !== r.bars)
      .map((r) => r.index);
    expect(wrong).toEqual([]);
  });

  it('rejects all 1,872 invalid rows with the USPS return code and message', () => {
    const invalid = rows.filter((r) => r.code !== '00');
    expect(invalid).toHaveLength(1872);
    const wrong = invalid
      .map((r) => ({ r, err: rejection(r.tracking, r.routing) }))
      .filter(({ r, err }) => err?.code !== r.code || squash(err.uspsMessage ?? '') !== squash(r.message))
      .map(({ r, err }) => `${r.index}: want ${r.code} got ${err?.code ?? 'bars'}`);
    expect(wrong).toEqual([]);
  });
});

describe('encodeImb', () => {
  it('reproduces the four worked examples of USPS-B-3200 Appendix B', () => {
    expect(appendixB.vectors).toHaveLength(4);
    for (const v of appendixB.vectors) expect(encodeImb(v.tracking, v.routing)).toBe(v.bars);
  });

  it('explains a rejection in plain words', () => {
    const err = rejection('0123456709498765432', '01234');
    expect(err?.code).toBe('09');
    expect(err?.message).toMatch(/Tracking code must be 20 digits/);
    expect(rejection('01234567094987654321', '0123')?.code).toBe('12');
    expect(rejection('01234567094987654321', '0123A')?.message).toMatch(/only digits.*"A"/);
  });
});

describe('imbTrackingCode', () => {
  it('builds the 20 digits from a 6-digit or a 9-digit mailer ID', () => {
    const code = imbTrackingCode({
      barcodeId: '01',
      serviceType: '234',
      mailerId: '567094',
      serial: 987654321,
    });
    expect(code).toBe('01234567094987654321');
    expect(imbTrackingCode({ barcodeId: '00', serviceType: '040', mailerId: '912345678', serial: 42 })).toBe(
      '00040912345678000042',
    );
  });

  it('rejects parts USPS would not assign', () => {
    const base = { barcodeId: '00', serviceType: '040', mailerId: '123456', serial: '000000001' };
    const codeOf = (input: typeof base | (Omit<typeof base, 'serial'> & { serial: number })) => {
      try {
        imbTrackingCode(input);
      } catch (err) {
        return err instanceof ImbError ? err.code : 'other';
      }
      return 'ok';
    };
    expect(codeOf(base)).toBe('ok');
    expect(codeOf({ ...base, barcodeId: '05' })).toBe('barcode_id');
    expect(codeOf({ ...base, serviceType: '40' })).toBe('service_type');
    expect(codeOf({ ...base, mailerId: '923456' })).toBe('mailer_id');
    expect(codeOf({ ...base, mailerId: '12345678' })).toBe('mailer_id');
    expect(codeOf({ ...base, serial: '000001' })).toBe('serial');
    expect(codeOf({ ...base, mailerId: '912345678', serial: 1_000_000 })).toBe('serial');
  });
});

describe('rendering', () => {
  const bars = appendixB.vectors[3]!.bars;

  it('draws one rect per bar, at USPS proportions, in the SVG', () => {
    const svg = imbSvg(bars);
    expect(svg.startsWith('<svg')).toBe(true);
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"\/>/g)];
    expect(rects).toHaveLength(65);
    const heights = new Map<string, Set<string>>();
    rects.forEach((m, i) => heights.set(bars[i]!, (heights.get(bars[i]!) ?? new Set()).add(m[3]!)));
    const height = (bar: string) => Number([...heights.get(bar)!][0]);
    expect(height('F')).toBeCloseTo(0.145 * 72, 2);
    expect(height('T')).toBeCloseTo(0.048 * 72, 2);
    expect(height('A')).toBeCloseTo(height('D'), 5);
    expect(height('F') > height('A') && height('A') > height('T')).toBe(true);
    // 65 bars at 22 per inch: about 3 inches long.
    expect(Number(rects[64]![1]) / 72).toBeCloseTo(64 / 22, 2);
  });

  it('refuses something that is not an IMb', () => {
    expect(() => imbSvg('FADT')).toThrow(ImbError);
  });

  it('draws into a pdfkit document', async () => {
    const { default: PDFDocument } = await import('pdfkit');
    const doc = new PDFDocument({ size: 'LETTER' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => doc.on('end', resolve));
    const size = drawImb(doc, bars, 72, 72);
    doc.end();
    await done;
    expect(size.width / 72).toBeCloseTo(64 / 22 + 0.02, 2);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
