// Over 400 lines on purpose: one parser, whose tagTokens passes share one token/label state; split, it reads worse.
import { DIRECTIONAL, STATE, UNIT_DESIGNATOR } from './pub28';
import {
  BOX_GROUP_TYPES,
  BOX_TYPES,
  BUILDING_WORDS,
  COUNTRY,
  HIGHWAY_QUALIFIERS,
  NUMBER_WORDS,
  PRE_TYPES,
  RECIPIENT_MARKERS,
  SPANISH_PRE_TYPES,
  STRONG_SUFFIX,
  SUBADDRESS_TYPES,
  suffixOf,
} from './lexicon';

/**
 * A rule- and lexicon-based parser for free-form US address strings. It labels each token with the
 * label set of the usaddress project (United States Thoroughfare, Landmark, and Postal Address Data
 * Standard names), so its output can be compared with usaddress's labelled data.
 *
 * The shape it expects: [recipient / building] [number street | box] [unit] [place] [state] [ZIP] [country].
 * It reads the tail (country, ZIP, state) from the right, then the head from the left, and lets
 * commas and line breaks settle where the street ends and the place begins.
 */

export type AddressLabel =
  | 'Recipient'
  | 'BuildingName'
  | 'LandmarkName'
  | 'CornerOf'
  | 'IntersectionSeparator'
  | 'AddressNumberPrefix'
  | 'AddressNumber'
  | 'AddressNumberSuffix'
  | 'StreetNamePreModifier'
  | 'StreetNamePreDirectional'
  | 'StreetNamePreType'
  | 'StreetName'
  | 'StreetNamePostType'
  | 'StreetNamePostDirectional'
  | 'StreetNamePostModifier'
  | 'SubaddressType'
  | 'SubaddressIdentifier'
  | 'OccupancyType'
  | 'OccupancyIdentifier'
  | 'USPSBoxGroupType'
  | 'USPSBoxGroupID'
  | 'USPSBoxType'
  | 'USPSBoxID'
  | 'PlaceName'
  | 'StateName'
  | 'ZipCode'
  | 'CountryName'
  | 'NotAddress';

export type AddressToken = {
  /** The token as written, with trailing punctuation. */
  text: string;
  /** Offset of the token in the input. */
  start: number;
  /** Upper case, without dots and surrounding punctuation: the form looked up in the tables. */
  norm: string;
  /** A comma, semicolon or line break follows: a hint that a component ends here. */
  breakAfter: boolean;
};

export type LabelledToken = { text: string; start: number; label: AddressLabel };

/** A token with nothing to strip (most of them): its upper case is its normal form. */
const PLAIN_WORD = /^[A-Z0-9]+$/;

/** Phrases (lists of words) by their first word, so a lookup tries only the phrases that can match. */
const phraseIndexes = new WeakMap<string[][], Map<string, string[][]>>();
function phrasesStartingWith(phrases: string[][], word: string): string[][] | undefined {
  let index = phraseIndexes.get(phrases);
  if (!index) {
    index = new Map();
    for (const p of phrases) {
      const list = index.get(p[0]!) ?? [];
      list.push(p);
      index.set(p[0]!, list);
    }
    phraseIndexes.set(phrases, index);
  }
  return index.get(word);
}

/** Splits an address like usaddress does: on blanks and commas, with `#` and `&` as tokens of their own. */
export function tokenizeAddress(input: string): AddressToken[] {
  const tokens: AddressToken[] = [];
  for (const m of input.matchAll(/\(*[^\s,;#&()]+[.,;)]*|[#&]/g)) {
    const text = m[0];
    const start = m.index;
    const after = input.slice(start + text.length, start + text.length + 3);
    const upper = text.toUpperCase();
    const norm = PLAIN_WORD.test(upper) ? upper : upper.replace(/^\(+|[.,;)]+$/g, '').replace(/\./g, '');
    tokens.push({ text, start, norm, breakAfter: /[,;]$/.test(text) || /^[ \t]*(\r?\n|[,;])/.test(after) });
  }
  return tokens;
}

const isZip = (norm: string) => /^\d{5}(?:\W?\d{4})?$/.test(norm) || /^\d{9}$/.test(norm);
const hasDigit = (norm: string) => /\d/.test(norm);
const isUnit = (norm: string) => norm === '#' || UNIT_DESIGNATOR.has(norm) || /^#\w+$/.test(norm);
const isAddressNumber = (norm: string) =>
  /^\d/.test(norm) || /^[NSEW]\d+/.test(norm) || NUMBER_WORDS.has(norm);

/** Parses a free-form address into labelled tokens. */
export function parseAddress(input: string): LabelledToken[] {
  const tokens = tokenizeAddress(input);
  const labels = tagTokens(tokens);
  return tokens.map((t, i) => ({ text: t.text, start: t.start, label: labels[i]! }));
}

/** The labelled parts joined per label, e.g. `{ AddressNumber: '123', StreetName: 'MAIN' … }`. */
export function addressParts(tokens: LabelledToken[]): Partial<Record<AddressLabel, string>> {
  const parts: Partial<Record<AddressLabel, string>> = {};
  for (const t of tokens) {
    const text = t.text.replace(/[,;]+$/, '');
    parts[t.label] = parts[t.label] ? `${parts[t.label]} ${text}` : text;
  }
  return parts;
}

/** Labels tokens in place; see the module comment for the order of the passes. */
export function tagTokens(tokens: AddressToken[]): AddressLabel[] {
  const n = tokens.length;
  const labels = new Array<AddressLabel | undefined>(n);
  const norm = (i: number) => tokens[i]?.norm ?? '';
  const set = (from: number, to: number, label: AddressLabel) => {
    for (let i = from; i < to; i++) labels[i] = label;
  };
  /** Length of the first of `phrases` found at token i (0 when none). */
  const match = (i: number, phrases: string[][], limit = n) => {
    let best = 0;
    const candidates = phrasesStartingWith(phrases, norm(i));
    if (!candidates) return 0;
    for (const p of candidates) {
      if (p.length > best && i + p.length <= limit && p.every((w, k) => norm(i + k) === w)) best = p.length;
    }
    return best;
  };

  // 1. The tail, right to left: country, ZIP, state.
  let end = n;
  for (const c of COUNTRY) {
    const start = end - c.length;
    if (start > 1 && c.every((w, k) => norm(start + k) === w) && (c.length > 1 || isZip(norm(start - 1)))) {
      set(start, end, 'CountryName');
      end = start;
      break;
    }
  }
  let zip = false;
  // A mistyped ZIP ("606001") still counts when a state comes before it.
  const zipLike = (k: number) => isZip(norm(k)) || (/^\d{4,6}$/.test(norm(k)) && STATE.has(norm(k - 1)));
  if (end > 1 && zipLike(end - 1)) {
    labels[end - 1] = 'ZipCode';
    end--;
    zip = true;
  }
  for (const k of [4, 3, 2, 1]) {
    const start = end - k;
    if (start < 1) continue;
    const phrase = tokens
      .slice(start, end)
      .map((t) => t.norm)
      .join(' ');
    if (!STATE.has(phrase)) continue;
    const before = norm(start - 1);
    const trusted =
      zip ||
      k > 1 ||
      phrase.length > 2 ||
      tokens[start - 1]!.breakAfter ||
      (end === n && !hasDigit(before) && !suffixOf(before) && !isUnit(before));
    if (!trusted) continue;
    set(start, end, 'StateName');
    end = start;
    break;
  }
  const hasTail = end < n;

  // The last comma before the tail: what follows it is the place (unless it is a unit).
  let placeStart = -1;
  if (hasTail) {
    for (let i = end - 2; i >= 0; i--) {
      if (tokens[i]!.breakAfter) {
        placeStart = i + 1;
        break;
      }
    }
  }

  /** Unit, subaddress or recipient marker at i: labels it, returns the index after it (i when none). */
  const secondary = (i: number, limit: number): number => {
    const sub = match(i, SUBADDRESS_TYPES, limit);
    const type = sub || (isUnit(norm(i)) && norm(i) !== '#' && !/^#/.test(norm(i)) ? 1 : 0);
    if (type) {
      let j = i + type;
      const idLabel = sub ? 'SubaddressIdentifier' : 'OccupancyIdentifier';
      set(i, j, sub ? 'SubaddressType' : 'OccupancyType');
      if (norm(j) === '#' && j + 1 < limit) labels[j++] = idLabel;
      if (j < limit && (hasDigit(norm(j)) || norm(j).length <= 2) && !isUnit(norm(j))) labels[j++] = idLabel;
      return j;
    }
    if (norm(i) === '#' && i + 1 < limit) {
      // "# APT 3": the # stands alone before a designator.
      if (UNIT_DESIGNATOR.has(norm(i + 1))) {
        labels[i] = 'OccupancyIdentifier';
        return secondary(i + 1, limit);
      }
      set(i, i + 2, 'OccupancyIdentifier');
      return i + 2;
    }
    // "17th Floor": the identifier comes first.
    if (
      /^(\d+(ST|ND|RD|TH)?|GROUND|MAIN|TOP|UPPER|LOWER)$/.test(norm(i)) &&
      /^(FL|FLR|FLOOR)$/.test(norm(i + 1)) &&
      i + 1 < limit
    ) {
      labels[i] = 'OccupancyIdentifier';
      labels[i + 1] = 'OccupancyType';
      return i + 2;
    }
    if (/^#\w+$/.test(norm(i))) {
      labels[i] = 'OccupancyIdentifier';
      return i + 1;
    }
    return i;
  };

  /** Box group and/or box at i: labels them, returns the index after (i when none). */
  const box = (i: number, limit: number): number => {
    let j = i;
    const group = match(j, BOX_GROUP_TYPES, limit);
    if (group) {
      let k = j + group;
      if (norm(k) === '#') k++;
      const boxAfter = match(k + 1, BOX_TYPES, limit);
      if (k < limit && hasDigit(norm(k)) && (boxAfter || !/^(ROUTE|RTE|RT)$/.test(norm(j)))) {
        set(j, j + group, 'USPSBoxGroupType');
        set(j + group, k + 1, 'USPSBoxGroupID');
        j = k + 1;
      }
    }
    const type = match(j, BOX_TYPES, limit);
    if (type) {
      let k = j + type;
      if (norm(k) === '#') k++;
      if (k < limit && (hasDigit(norm(k)) || norm(k).length <= 2)) {
        set(j, j + type, 'USPSBoxType');
        set(j + type, k + 1, 'USPSBoxID');
        j = k + 1;
      }
    }
    return j;
  };

  // 2. The head, left to right, up to the address number or box.
  let i = 0;
  let anchor = -1;
  const free: number[] = [];
  while (i < end) {
    const afterBox = box(i, end);
    if (afterBox > i) {
      anchor = i;
      i = afterBox;
      break;
    }
    if (isAddressNumber(norm(i)) && i + 1 < end && !isZip(norm(i + 1)) && norm(i - 1) !== '#') {
      anchor = i;
      break;
    }
    const afterSecondary = secondary(i, end);
    if (afterSecondary > i) {
      i = afterSecondary;
      continue;
    }
    free.push(i++);
  }
  labelFreeText(free);

  if (anchor < 0) {
    // No street or box: a place (if a tail follows) after the last break, the rest names someone.
    if (hasTail && free.length > 0) {
      const from = placeStart >= 0 ? placeStart : free[0]!;
      for (const f of free) if (f >= from) labels[f] = 'PlaceName';
    }
    return fill(labels);
  }

  if (labels[anchor] === 'USPSBoxType' || labels[anchor] === 'USPSBoxGroupType') {
    i = trailing(i);
    set(i, end, 'PlaceName');
    return fill(labels);
  }

  // 3. Number and street.
  labels[i++] = 'AddressNumber';
  if (/^[NSEW]\d+$/.test(norm(i)) || /^\d+\/\d+$/.test(norm(i))) {
    labels[i] = /\//.test(norm(i)) ? 'AddressNumberSuffix' : 'AddressNumber';
    i++;
  }
  const limit = placeStart > i ? placeStart : end;
  const explicitLimit = placeStart > i;
  i = street(i, limit, explicitLimit || !hasTail);
  i = trailing(i, limit);
  // Words left between the street and the comma name a building ("150 I St SE The Garrett, …").
  if (explicitLimit && i < limit) {
    const building = tokens.slice(i, limit).every((t) => !hasDigit(t.norm));
    set(i, limit, building ? 'BuildingName' : 'OccupancyIdentifier');
  }
  i = Math.max(i, explicitLimit ? limit : i);
  i = trailing(i);
  // With no city, state or ZIP after it, a short leftover ("Apt 13 C", "Unit 2 East") is more unit.
  if (
    !hasTail &&
    i < end &&
    tokens.slice(i, end).every((t) => t.norm.length <= 2 || DIRECTIONAL.has(t.norm))
  ) {
    set(i, end, 'OccupancyIdentifier');
    return fill(labels);
  }
  set(i, end, 'PlaceName');
  return fill(labels);

  /** Units, subaddresses, boxes and "attn" parts after the street; returns where the place starts. */
  function trailing(from: number, to = end): number {
    let j = from;
    while (j < to) {
      if (RECIPIENT_MARKERS.has(norm(j))) {
        let k = j;
        while (k < to && !(k > j && tokens[k - 1]!.breakAfter)) k++;
        set(j, k, 'Recipient');
        j = k;
        continue;
      }
      const next = Math.max(secondary(j, to), box(j, to));
      if (next > j) {
        j = next;
        continue;
      }
      // A bare number after the street is a unit ("860 W Blackhawk 305").
      if (hasDigit(norm(j)) && !isZip(norm(j)) && labels[j - 1] !== 'OccupancyIdentifier') {
        labels[j++] = 'OccupancyIdentifier';
        continue;
      }
      break;
    }
    return j;
  }

  /** Directional, type and name of the street from token `from`; returns the index after it. */
  function street(from: number, to: number, nameRunsToLimit: boolean): number {
    let j = from;
    const endsComponent = (k: number) =>
      k + 1 >= to || tokens[k]!.breakAfter || DIRECTIONAL.has(norm(k + 1)) || isUnit(norm(k + 1));
    if (DIRECTIONAL.has(norm(j)) && j + 1 < to && !(suffixOf(norm(j + 1)) && endsComponent(j + 1))) {
      labels[j++] = 'StreetNamePreDirectional';
    }
    const pre = match(j, PRE_TYPES, to);
    if (pre && j + pre < to && /^(\d|[A-Z]{1,3}$)/.test(norm(j + pre)) && !suffixOf(norm(j + pre))) {
      // A numbered road: "US Hwy 50", "County Road GV", "FM 544", then maybe "Business" or "Bypass".
      set(j, j + pre, 'StreetNamePreType');
      j += pre;
      labels[j++] = 'StreetName';
      while (j < to && HIGHWAY_QUALIFIERS.has(norm(j)) && !tokens[j - 1]!.breakAfter)
        labels[j++] = 'StreetName';
      return postDirectional(j, to);
    }
    if (SPANISH_PRE_TYPES.has(norm(j)) && j + 1 < to && !suffixOf(norm(j + 1)))
      labels[j++] = 'StreetNamePreType';

    const nameStart = j;
    // Where the street name may stop: a unit, a comma, or a number after a word.
    let stop = to;
    for (let k = nameStart; k < to; k++) {
      if (k > nameStart && (isUnit(norm(k)) || (hasDigit(norm(k)) && !hasDigit(norm(k - 1))))) {
        stop = k;
        break;
      }
      if (tokens[k]!.breakAfter) {
        stop = k + 1;
        break;
      }
    }
    const candidates: number[] = [];
    for (let k = nameStart + 1; k < stop; k++) if (suffixOf(norm(k))) candidates.push(k);
    let type: number | undefined;
    if (!hasTail || nameRunsToLimit) {
      // The street fills its component: its type is the last suffix, with only a directional after it.
      type = candidates.filter((k) => k + 1 >= stop || (k + 2 >= stop && DIRECTIONAL.has(norm(k + 1)))).pop();
    }
    if (type === undefined) {
      type = candidates.find((k) => {
        const suffix = suffixOf(norm(k))!;
        if (!STRONG_SUFFIX.has(suffix) && !endsComponent(k)) return false;
        // Two suffixes in a row ("Mendenhall Mall Road"): a weak first one belongs to the name.
        const next = suffixOf(norm(k + 1));
        return !(k + 1 < stop && !STRONG_SUFFIX.has(suffix) && next && STRONG_SUFFIX.has(next));
      });
    }
    if (type !== undefined) {
      set(nameStart, type, 'StreetName');
      labels[type] = 'StreetNamePostType';
      return postDirectional(type + 1, to);
    }
    // No type: the name runs to the end of its component, or is one word when a place follows unmarked.
    const nameEnd = nameRunsToLimit || !hasTail ? stop : nameStart + 1;
    set(nameStart, Math.max(nameEnd, nameStart + 1), 'StreetName');
    return postDirectional(Math.max(nameEnd, nameStart + 1), to);
  }

  /**
   * A directional after the street. Spelled out and followed by more words it more likely starts the
   * place ("… Ave East Providence"), abbreviated it is the street's ("… Ave N Ft Payne").
   */
  function postDirectional(j: number, to: number): number {
    if (j >= to || !DIRECTIONAL.has(norm(j)) || tokens[j - 1]!.breakAfter) return j;
    const spelledOut = norm(j).length > 2;
    if (spelledOut && j + 1 < to && !tokens[j]!.breakAfter && !isUnit(norm(j + 1)) && hasTail) return j;
    labels[j] = 'StreetNamePostDirectional';
    return j + 1;
  }

  /** Text before the address: a building if it has a building word, else who it is for. */
  function labelFreeText(indices: number[]) {
    let segment: number[] = [];
    const flush = () => {
      const building = segment.some((k) => BUILDING_WORDS.has(norm(k)));
      for (const k of segment) labels[k] = building ? 'BuildingName' : 'Recipient';
      segment = [];
    };
    for (const k of indices) {
      segment.push(k);
      if (tokens[k]!.breakAfter) flush();
    }
    flush();
  }
}

function fill(labels: (AddressLabel | undefined)[]): AddressLabel[] {
  return labels.map((l) => l ?? 'NotAddress');
}
