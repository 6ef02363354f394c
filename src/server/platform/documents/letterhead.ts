import type { PaperSize } from './fonts';

/** The shop as its documents print it: name, address and contact lines, logo, and the paper size. */
export type Letterhead = {
  name: string;
  /** Address lines, then phone and e-mail: what prints under the name. */
  lines: string[];
  /** PNG or JPEG bytes, checked on upload. */
  logo: Buffer | null;
  paper: PaperSize;
};

/** A letterhead with only a name, on Letter paper: the shop before anyone filled in its profile. */
export const nameOnlyLetterhead = (name: string): Letterhead => ({
  name,
  lines: [],
  logo: null,
  paper: 'LETTER',
});

/** A Word section's page size and margins (twentieths of a point) for the shop's paper: 1-inch margins. */
export function wordPage(paper: PaperSize) {
  const size = paper === 'A4' ? { width: 11906, height: 16838 } : { width: 12240, height: 15840 };
  return { size, margin: { top: 1440, right: 1440, bottom: 1440, left: 1440 } };
}
