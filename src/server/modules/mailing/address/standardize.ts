import { parseAddress, type AddressLabel } from './parse';
import { DIRECTIONAL, STATE, STREET_SUFFIX, UNIT_DESIGNATOR, UNIT_REQUIRES_RANGE } from './pub28';
import { zipInState } from './zip-prefixes';

/**
 * Offline address standardisation after USPS Publication 28: upper case, no punctuation but the
 * hyphen, slash and `#`, standard abbreviations for street suffixes (Appendix C1), secondary unit
 * designators (C2), directionals and states, and ZIP/ZIP+4 as digits. It cannot know whether an
 * address exists (that needs the USPS address database); it flags what makes a record look
 * undeliverable so a person can look at it before it is printed.
 *
 * Flags:
 * - `missing_line1`       no delivery address line at all
 * - `no_house_number`     a street line without a primary number, and no PO box or rural route
 * - `no_street_name`      a primary number with no street after it
 * - `po_box_and_street`   both a PO box and a street address: USPS delivers to the line above the
 *                         city, which may not be the one meant
 * - `missing_unit_number` a designator that needs a number (APT, STE, UNIT…) has none
 * - `missing_city`        no city
 * - `missing_state`       no state
 * - `bad_state`           the state is not a US state, territory or military "state" (AA/AE/AP)
 * - `missing_zip`         no ZIP Code
 * - `bad_zip`             the ZIP is not 5 digits or ZIP+4
 * - `zip_repaired`        a 4-digit ZIP (a spreadsheet dropped its leading zero) was padded to 5
 * - `zip_state_mismatch`  the ZIP's 3-digit prefix is not one of the state's (zip-prefixes.ts): not mailable
 */
export type AddressFlagCode =
  | 'missing_line1'
  | 'no_house_number'
  | 'no_street_name'
  | 'po_box_and_street'
  | 'missing_unit_number'
  | 'missing_city'
  | 'missing_state'
  | 'bad_state'
  | 'missing_zip'
  | 'bad_zip'
  | 'zip_repaired'
  | 'zip_state_mismatch';

export type AddressFlag = { code: AddressFlagCode; message: string };

export type AddressInput = {
  line1: string;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
};

export type StandardAddress = {
  line1: string;
  line2: string;
  city: string;
  state: string;
  zip5: string;
  zip4: string;
  flags: AddressFlag[];
};

/** Already clean: ASCII words of the kept characters, single blanks between them (most list values). */
const CLEAN_ALREADY = /^[A-Z0-9#/-]+(?: [A-Z0-9#/-]+)*$/;
const NON_ASCII = /[\u0080-\uffff]/;

/** Uppercases and drops punctuation Pub 28 leaves out (keeps - / # and letters, digits, blanks). */
function clean(value: string | null | undefined): string {
  const upper = (value ?? '').toUpperCase();
  // Checked on the input: a few non-ASCII letters upper-case to ASCII (ı → I) and must take the long way.
  if (!NON_ASCII.test(value ?? '') && (CLEAN_ALREADY.test(upper) || !upper)) return upper;
  return upper
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[–—]/g, '-')
    .replace(/['’.]/g, '')
    .replace(/[^A-Z0-9#/\- ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

type Line = {
  text: string;
  hasNumber: boolean;
  hasStreet: boolean;
  hasBox: boolean;
  unitWithoutNumber?: string;
};

/** Standardises one delivery line: abbreviations by the role the parser gives each word. */
function standardizeLine(raw: string): Line {
  const text = clean(raw)
    .replace(/#(?=\S)/g, '# ')
    .replace(/\b(P ?O|POST OFFICE) ?B(O)?X\b|\bPOB\b|\bPOBOX\b/g, 'PO BOX');
  if (!text) return { text, hasNumber: false, hasStreet: false, hasBox: false };
  const tokens = parseAddress(text);
  const labels = new Set<AddressLabel>(tokens.map((t) => t.label));
  const out: string[] = [];
  let unitWithoutNumber: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const { text: word, label } = tokens[i]!;
    if (label === 'StreetNamePreDirectional' || label === 'StreetNamePostDirectional') {
      out.push(DIRECTIONAL.get(word) ?? word);
    } else if (label === 'StreetNamePostType') {
      out.push(STREET_SUFFIX.get(word) ?? word);
    } else if ((label === 'OccupancyType' || label === 'SubaddressType') && UNIT_DESIGNATOR.has(word)) {
      const unit = UNIT_DESIGNATOR.get(word)!;
      // "APT # 5" is "APT 5": the # stands in only where there is no designator.
      if (tokens[i + 1]?.text === '#' && tokens[i + 2]) i++;
      const next = tokens[i + 1];
      const hasId =
        next !== undefined && /^[0-9A-Z][0-9A-Z/-]*$/.test(next.text) && !UNIT_DESIGNATOR.has(next.text);
      if (UNIT_REQUIRES_RANGE.has(unit) && !hasId) unitWithoutNumber = unit;
      out.push(unit);
    } else {
      out.push(word);
    }
  }
  return {
    text: out.join(' '),
    hasNumber: labels.has('AddressNumber') || /^\d+$/.test(text),
    hasStreet: labels.has('StreetName') || labels.has('StreetNamePostType'),
    hasBox: labels.has('USPSBoxType') || labels.has('USPSBoxGroupType'),
    unitWithoutNumber,
  };
}

/** Puts an address into USPS Publication 28 form and flags what looks undeliverable. */
export function standardizeAddress(input: AddressInput): StandardAddress {
  const flags: AddressFlag[] = [];
  const flag = (code: AddressFlagCode, message: string) => flags.push({ code, message });

  const line1 = standardizeLine(input.line1);
  const line2 = standardizeLine(input.line2 ?? '');
  const lines = [line1, line2].filter((l) => l.text);
  const general = lines.some((l) => /\bGENERAL DELIVERY\b/.test(l.text));
  if (!line1.text && !line2.text) {
    flag('missing_line1', 'There is no delivery address line.');
  } else if (!general) {
    const box = lines.some((l) => l.hasBox);
    const street = lines.some((l) => l.hasNumber && l.hasStreet);
    if (box && street) {
      flag(
        'po_box_and_street',
        'Both a PO box and a street address: the Postal Service may deliver to either.',
      );
    }
    if (!box && !lines.some((l) => l.hasNumber)) {
      flag('no_house_number', 'The street address has no house or building number.');
    }
    if (lines.some((l) => l.hasNumber && !l.hasStreet && !l.hasBox)) {
      flag('no_street_name', 'A house number without a street name.');
    }
    const unit = lines.find((l) => l.unitWithoutNumber)?.unitWithoutNumber;
    if (unit) flag('missing_unit_number', `${unit} needs a number (e.g. ${unit} 4).`);
  }

  const city = clean(input.city);
  if (!city) flag('missing_city', 'The city is missing.');

  const rawState = clean(input.state).replace(/\//g, ' ');
  const state = STATE.get(rawState) ?? rawState;
  if (!rawState) flag('missing_state', 'The state is missing.');
  else if (!STATE.has(rawState)) flag('bad_state', `"${input.state}" is not a US state or territory.`);

  let zip5 = '';
  let zip4 = '';
  const zipText = (input.zip ?? '').trim();
  const zipMatch = /^(\d{4,5})(?:\s*[-–—]?\s*(\d{4}))?$/.exec(zipText);
  if (!zipText) {
    flag('missing_zip', 'The ZIP Code is missing.');
  } else if (!zipMatch) {
    flag('bad_zip', `"${zipText}" is not a ZIP Code (5 digits, or ZIP+4).`);
  } else {
    zip5 = zipMatch[1]!.padStart(5, '0');
    zip4 = zipMatch[2] ?? '';
    if (zipMatch[1]!.length === 4)
      flag('zip_repaired', `ZIP ${zipMatch[1]} read as ${zip5} (leading zero lost).`);
    if (STATE.has(rawState) && !zipInState(zip5, state)) {
      flag('zip_state_mismatch', `ZIP ${zip5} is not in ${state}: one of them is wrong.`);
    }
  }

  return { line1: line1.text, line2: line2.text, city, state, zip5, zip4, flags };
}
