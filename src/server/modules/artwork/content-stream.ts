/**
 * A small reader of PDF content streams: just enough of the syntax (numbers, names, strings, arrays,
 * dictionaries, inline images) to follow the graphics state and see which operators run with which operands.
 * The preflight needs where images are placed (`q`/`Q`/`cm`/`Do`) and which colours are set (`rg`/`RG`, `cs`).
 */

export type Operand = number | string | null;
export type Operation = { op: string; operands: Operand[] };

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** Thrown when a stream holds more operations than the preflight will read (a bound, not a parse error). */
export class TooManyOperations extends Error {}

/**
 * Walks the operations of a content stream in order, calling `visit` for each. Names come as `/Name`
 * strings; strings, arrays and dictionaries as `null` operands (the preflight never needs their values).
 * Stops with TooManyOperations after `budget.left` operations across calls (a bound on hostile files).
 */
export function scanOperations(data: Uint8Array, visit: (o: Operation) => void, budget: { left: number }) {
  let i = 0;
  const n = data.length;
  let operands: Operand[] = [];

  const skipWhitespaceAndComments = () => {
    while (i < n) {
      const c = data[i]!;
      if (WHITESPACE.has(c)) i++;
      else if (c === 0x25) while (i < n && data[i] !== 0x0a && data[i] !== 0x0d) i++;
      else break;
    }
  };
  const regularRun = () => {
    const start = i;
    while (i < n && !WHITESPACE.has(data[i]!) && !DELIMITERS.has(data[i]!)) i++;
    return String.fromCharCode(...data.subarray(start, i));
  };
  const skipLiteralString = () => {
    let depth = 0;
    for (; i < n; i++) {
      const c = data[i]!;
      if (c === 0x5c) i++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        i++;
        return;
      }
    }
  };
  const skipInlineImage = () => {
    // After `ID` and one whitespace byte come raw bytes up to `EI` standing alone between whitespace.
    i++;
    while (i < n - 2) {
      if (
        WHITESPACE.has(data[i]!) &&
        data[i + 1] === 0x45 &&
        data[i + 2] === 0x49 &&
        (i + 3 >= n || WHITESPACE.has(data[i + 3]!))
      ) {
        i += 3;
        return;
      }
      i++;
    }
    i = n;
  };

  while (i < n) {
    skipWhitespaceAndComments();
    if (i >= n) break;
    const c = data[i]!;
    if (c === 0x2f) {
      i++;
      operands.push(`/${regularRun()}`);
    } else if (c === 0x28) {
      skipLiteralString();
      operands.push(null);
    } else if (c === 0x3c && data[i + 1] === 0x3c) {
      i += 2;
      operands.push(null); // dictionary operand (marked content): its entries are read as loose operands
    } else if (c === 0x3e && data[i + 1] === 0x3e) {
      i += 2;
    } else if (c === 0x3c) {
      while (i < n && data[i] !== 0x3e) i++;
      i++;
      operands.push(null);
    } else if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x29 || c === 0x3e) {
      i++; // array brackets: the array's items stay loose operands of the next operator
    } else {
      const word = regularRun();
      if (!word) {
        i++;
        continue;
      }
      const num = Number(word);
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) && Number.isFinite(num)) {
        operands.push(num);
        continue;
      }
      if (--budget.left < 0) throw new TooManyOperations();
      if (word === 'ID') {
        skipInlineImage();
        operands = [];
        continue;
      }
      visit({ op: word, operands });
      operands = [];
    }
  }
}

/** A 2-D affine matrix [a b c d e f] as PDF writes it. */
export type Matrix = [number, number, number, number, number, number];
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2: applying m1 first, then m2 (the PDF order for `cm`: new CTM = M × CTM). */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  const [a, b, c, d, e, f] = m1;
  const [A, B, C, D, E, F] = m2;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}
