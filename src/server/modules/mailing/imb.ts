import type PDFDocument from 'pdfkit';

/**
 * USPS Intelligent Mail barcode (IMb) encoder, following USPS-B-3200:
 * tracking + routing digits → one 102-bit integer → 11-bit CRC frame check → ten codewords →
 * ten 13-bit characters → 65 bars (Full, Ascender, Descender, Tracker).
 */

/**
 * Why an input was rejected. The numeric codes are the return codes of the USPS reference encoder
 * (and of its published test-case set), so our rejections can be compared with it row by row:
 * - `09` tracking code is not 20 characters long (spaces not counted)
 * - `10` tracking code has non-digit characters
 * - `11` second digit of the tracking code (barcode identifier) is not 0–4
 * - `12` routing code is not 0, 5, 9 or 11 characters long
 * - `13` routing code has non-digit characters
 * The named codes come from the helpers below rather than from the encoder.
 */
export type ImbErrorCode =
  '09' | '10' | '11' | '12' | '13' | 'barcode_id' | 'service_type' | 'mailer_id' | 'serial' | 'bars';

/** An invalid IMb input; `code` says which rule failed, `uspsMessage` is the USPS encoder's wording. */
export class ImbError extends Error {
  override readonly name = 'ImbError';
  constructor(
    readonly code: ImbErrorCode,
    message: string,
    readonly uspsMessage?: string,
  ) {
    super(message);
  }
}

export type ImbBar = 'F' | 'A' | 'D' | 'T';

const nonDigits = (s: string) => s.replace(/[0-9]/g, '');

/**
 * The checks in the order the USPS encoder applies them, so the first failure reported is the one it
 * reports. Blanks are not digits: like the USPS encoder, a tracking code padded with spaces counts as
 * the wrong length rather than as non-numeric.
 */
function validate(tracking: string, routing: string): void {
  const lengths = `trackingNo.length = ${tracking.length} routingNo.length = ${routing.length}`;
  const trackingChars = tracking.replace(/ /g, '').length;
  if (trackingChars !== 20) {
    throw new ImbError(
      '09',
      `Tracking code must be 20 digits (got ${trackingChars} characters${trackingChars < tracking.length ? ' and spaces' : ''})`,
      `wrong parameter length: ${lengths}`,
    );
  }
  const badTracking = nonDigits(tracking);
  if (badTracking) {
    throw new ImbError(
      '10',
      `Tracking code may contain only digits (found ${JSON.stringify(badTracking)})`,
      `non numeric data found; trackingNo: ${badTracking}`,
    );
  }
  if (tracking.charCodeAt(1) > 0x34) {
    throw new ImbError(
      '11',
      `The second digit of the barcode identifier must be 0–4 (got ${tracking[1]})`,
      'trackingNo digit 2 must be 0-to-4',
    );
  }
  if (![0, 5, 9, 11].includes(routing.length)) {
    throw new ImbError(
      '12',
      `Routing code must be empty or a 5, 9 or 11 digit ZIP (got ${routing.length} characters)`,
      `wrong parameter length: ${lengths}`,
    );
  }
  const badRouting = nonDigits(routing);
  if (badRouting) {
    throw new ImbError(
      '13',
      `Routing code may contain only digits (found ${JSON.stringify(badRouting)})`,
      `non numeric data found; routingNo: ${badRouting}`,
    );
  }
}

/** Routing and tracking as one integer (USPS-B-3200 §2.2.1). */
function toBinary(tracking: string, routing: string): bigint {
  let value = 0n;
  if (routing.length === 5) value = BigInt(routing) + 1n;
  else if (routing.length === 9) value = BigInt(routing) + 100_000n + 1n;
  else if (routing.length === 11) value = BigInt(routing) + 1_000_000_000n + 100_000n + 1n;
  value = value * 10n + BigInt(tracking[0]!);
  value = value * 5n + BigInt(tracking[1]!);
  for (const digit of tracking.slice(2)) value = value * 10n + BigInt(digit);
  return value;
}

/** The 11-bit CRC over the 102 data bits, generator 0xF35, seed 0x7FF (USPS-B-3200 §2.2.2). */
function frameCheckSequence(value: bigint): number {
  const bytes: number[] = [];
  for (let i = 0, v = value; i < 13; i++, v >>= 8n) bytes.unshift(Number(v & 0xffn));
  let fcs = 0x7ff;
  const step = (data: number, bits: number) => {
    for (let bit = 0; bit < bits; bit++, data <<= 1) {
      fcs = ((fcs ^ data) & 0x400 ? (fcs << 1) ^ 0xf35 : fcs << 1) & 0x7ff;
    }
  };
  // The first byte holds only 6 data bits: its 2 high bits are padding.
  step(bytes[0]! << 5, 6);
  for (const byte of bytes.slice(1)) step(byte << 3, 8);
  return fcs;
}

/**
 * The n-of-13 character tables (USPS-B-3200 §2.2.5): all 13-bit values with n bits set, a value
 * and its bit-reversal side by side from the front, palindromes from the back.
 */
function nOf13Table(n: number, length: number): number[] {
  const table = new Array<number>(length);
  let lower = 0;
  let upper = length - 1;
  for (let value = 0; value < 8192; value++) {
    let bits = 0;
    let reversed = 0;
    for (let b = 0; b < 13; b++) {
      if ((value >> b) & 1) {
        bits++;
        reversed |= 1 << (12 - b);
      }
    }
    if (bits !== n || reversed < value) continue;
    if (reversed === value) {
      table[upper--] = value;
    } else {
      table[lower++] = value;
      table[lower++] = reversed;
    }
  }
  return table;
}

const TABLE_5_OF_13 = nOf13Table(5, 1287);
const TABLE_2_OF_13 = nOf13Table(2, 78);

/**
 * Bar-to-character mapping (USPS-B-3200 Table 22): for bars 1…65, the character (A–J) and bit
 * that set its descender, then the character and bit that set its ascender.
 */
const BAR_MAP = (
  'H2E3 B10A0 J12C8 F5G11 I9D1 A1F12 C5B8 E4J11 G3I10 D9H6 F11B4 I5C12 J10A2 H1G7 D6E9 A3I6 G4C7 ' +
  'B1J9 H10F2 E0D8 G2A4 I11B0 J8D12 C6H7 F1E10 B12G9 H3I0 F8J7 E6C10 D4A5 I4F7 H11B9 G0J6 A6E8 ' +
  'C1D2 F9I12 E11G1 J5H4 D3B2 A7C0 B3E1 G10D5 I7J4 C11F6 A8H12 E2I1 F10D0 J3A9 G5C4 H8B7 F0E5 ' +
  'C3A10 G12J2 D11B6 I8H9 F4A11 B5C2 J1E12 I3G6 H0D7 E7H5 A12B11 C9J0 G8F3 D10I2'
)
  .split(' ')
  .map((spec) => {
    const [, dc, db, ac, ab] = /^([A-J])(\d+)([A-J])(\d+)$/.exec(spec)!;
    const index = (c: string) => c.charCodeAt(0) - 65;
    return [index(dc!), Number(db), index(ac!), Number(ab)] as const;
  });

/**
 * Encodes a 20-digit tracking code and a 0/5/9/11-digit routing code (ZIP, ZIP+4, ZIP+4+delivery
 * point) as the 65-bar IMb string of F/A/D/T. Throws ImbError for input USPS would reject.
 */
export function encodeImb(trackingCode: string, routingCode: string): string {
  validate(trackingCode, routingCode);
  let value = toBinary(trackingCode, routingCode);
  const fcs = frameCheckSequence(value);

  const codewords = new Array<number>(10);
  codewords[9] = Number(value % 636n);
  value /= 636n;
  for (let i = 8; i >= 1; i--) {
    codewords[i] = Number(value % 1365n);
    value /= 1365n;
  }
  codewords[0] = Number(value);
  // Orientation: codeword J is doubled; the 11th FCS bit rides on codeword A.
  codewords[9] *= 2;
  if (fcs & 0x400) codewords[0] += 659;

  const characters = codewords.map((cw, i) => {
    const character = cw < 1287 ? TABLE_5_OF_13[cw]! : TABLE_2_OF_13[cw - 1287]!;
    return (fcs >> i) & 1 ? ~character & 0x1fff : character;
  });

  return BAR_MAP.map(([dc, db, ac, ab]) => {
    const descender = (characters[dc]! >> db) & 1;
    const ascender = (characters[ac]! >> ab) & 1;
    if (descender && ascender) return 'F';
    if (ascender) return 'A';
    return descender ? 'D' : 'T';
  }).join('');
}

const digitsOf = (value: string | number, length: number) => String(value).padStart(length, '0');

/**
 * Builds the 20-digit IMb tracking code: barcode identifier (2 digits, the second 0–4), service
 * type (3), then a 6-digit mailer ID with a 9-digit serial or a 9-digit mailer ID with a 6-digit serial.
 * A numeric serial is zero-padded to the width the mailer ID leaves.
 */
export function imbTrackingCode(input: {
  barcodeId: string;
  serviceType: string;
  mailerId: string;
  serial: string | number;
}): string {
  const { barcodeId, serviceType, mailerId } = input;
  if (!/^[0-9][0-4]$/.test(barcodeId)) {
    throw new ImbError('barcode_id', 'Barcode identifier must be 2 digits, the second one 0–4');
  }
  if (!/^[0-9]{3}$/.test(serviceType)) {
    throw new ImbError('service_type', 'Service type identifier must be 3 digits');
  }
  // USPS assigns 9-digit mailer IDs starting with 9 and 6-digit ones starting with 0–8.
  if (!/^([0-8][0-9]{5}|9[0-9]{8})$/.test(mailerId)) {
    throw new ImbError(
      'mailer_id',
      'Mailer ID must be 6 digits (not starting with 9) or 9 digits (starting with 9)',
    );
  }
  const serialLength = mailerId.length === 6 ? 9 : 6;
  const serial =
    typeof input.serial === 'number'
      ? Number.isSafeInteger(input.serial) && input.serial >= 0
        ? digitsOf(input.serial, serialLength)
        : ''
      : input.serial;
  if (!new RegExp(`^[0-9]{${serialLength}}$`).test(serial)) {
    throw new ImbError(
      'serial',
      `Serial number must be ${serialLength} digits with a ${mailerId.length}-digit mailer ID`,
    );
  }
  return `${barcodeId}${serviceType}${mailerId}${serial}`;
}

/** Sizes in user units (points by default, 1/72 inch); defaults are the USPS nominal dimensions. */
export type ImbRenderOptions = {
  /** Height of a full bar (USPS: 0.125–0.165 in). */
  height?: number;
  /** Height of the tracker, the centre part every bar has (USPS: 0.039–0.057 in). */
  trackerHeight?: number;
  /** Width of one bar (USPS: 0.015–0.025 in). */
  barWidth?: number;
  /** Distance from one bar's left edge to the next (USPS: 20–24 bars per inch). */
  pitch?: number;
  /** Blank margin on every side (USPS quiet zone: 0.125 in left/right, 0.028 in above/below). */
  margin?: number;
  color?: string;
};

const POINTS = 72;
const DEFAULTS = {
  height: 0.145 * POINTS,
  trackerHeight: 0.048 * POINTS,
  barWidth: 0.02 * POINTS,
  pitch: POINTS / 22,
  margin: 0,
  color: '#000',
};

type BarRect = { x: number; y: number; width: number; height: number };

function layout(bars: string, opts: ImbRenderOptions = {}) {
  if (!/^[FADT]{65}$/.test(bars)) throw new ImbError('bars', 'An IMb is 65 bars, each F, A, D or T');
  const o = { ...DEFAULTS, ...opts };
  const half = (o.height + o.trackerHeight) / 2;
  const trackerTop = (o.height - o.trackerHeight) / 2;
  const rects: BarRect[] = [...bars].map((bar, i) => {
    const x = o.margin + i * o.pitch;
    const [y, height] =
      bar === 'F'
        ? [0, o.height]
        : bar === 'A'
          ? [0, half]
          : bar === 'D'
            ? [trackerTop, half]
            : [trackerTop, o.trackerHeight];
    return { x, y: o.margin + y, width: o.barWidth, height };
  });
  const width = 2 * o.margin + 64 * o.pitch + o.barWidth;
  return { rects, width, height: 2 * o.margin + o.height, color: o.color };
}

const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

/** The barcode as a standalone SVG document, one rect per bar. */
export function imbSvg(bars: string, opts?: ImbRenderOptions): string {
  const { rects, width, height, color } = layout(bars, opts);
  const body = rects
    .map((r) => `<rect x="${fmt(r.x)}" y="${fmt(r.y)}" width="${fmt(r.width)}" height="${fmt(r.height)}"/>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}pt" height="${fmt(height)}pt" ` +
    `viewBox="0 0 ${fmt(width)} ${fmt(height)}" role="img" aria-label="Intelligent Mail barcode">` +
    `<g fill="${color}">${body}</g></svg>`
  );
}

/** Draws the barcode into a pdfkit page with its top-left corner at (x, y); returns its size. */
export function drawImb(
  doc: InstanceType<typeof PDFDocument>,
  bars: string,
  x: number,
  y: number,
  opts?: ImbRenderOptions,
): { width: number; height: number } {
  const { rects, width, height, color } = layout(bars, opts);
  doc.save();
  for (const r of rects) doc.rect(x + r.x, y + r.y, r.width, r.height);
  doc.fill(color);
  doc.restore();
  return { width, height };
}
