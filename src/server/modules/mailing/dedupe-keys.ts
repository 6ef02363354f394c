/**
 * Match keys for merge/purge. Two records are duplicates at a level when their keys are equal:
 *
 * - exact:      the same name and company (upper case, spacing and punctuation ignored) at the same
 *               standardised address;
 * - individual: the same person at the same address, fuzzily: last names that sound alike (Soundex)
 *               and first names equal after nicknames (BOB = ROBERT, BILL = WILLIAM…) and honorifics
 *               and generational suffixes are set aside; "MR JOHN SMITH JR" = "Jon Smith";
 * - household:  the same last name (by sound) at the same address.
 *
 * Records without a person's name fall back to the company; records with neither are only matched
 * exactly. The address part is the standardised line 1, the unit number (APT 2 = # 2 = UNIT 2) and the
 * 5-digit ZIP, so spelling differences the standardiser already removes (Street/St, North/N) do not count.
 */

const HONORIFICS = new Set([
  'MR',
  'MRS',
  'MS',
  'MISS',
  'DR',
  'PROF',
  'REV',
  'HON',
  'SIR',
  'MX',
  'FR',
  'SGT',
  'CAPT',
]);
const SUFFIXES = new Set(['JR', 'SR', 'II', 'III', 'IV', 'V', 'MD', 'PHD', 'ESQ', 'DDS', 'CPA', 'RN', 'DVM']);
const COMPANY_WORDS = new Set([
  'THE',
  'INC',
  'LLC',
  'LLP',
  'LTD',
  'CO',
  'CORP',
  'CORPORATION',
  'COMPANY',
  'INCORPORATED',
  'PC',
  'PLLC',
]);
const RESIDENT = /^(CURRENT )?(RESIDENT|OCCUPANT|HOMEOWNER|POSTAL CUSTOMER)$/;

/** Nicknames and common variant spellings → one canonical first name. */
const NICKNAMES: Record<string, string> = {};
for (const [canonical, variants] of Object.entries({
  ROBERT: 'BOB BOBBY ROB ROBBIE BERT',
  WILLIAM: 'BILL BILLY WILL WILLIE WILLY LIAM',
  RICHARD: 'RICK RICKY DICK RICH RICHIE',
  JAMES: 'JIM JIMMY JAMIE',
  JOHN: 'JON JACK JOHNNY JOHNNIE',
  JOSEPH: 'JOE JOEY JOS',
  MICHAEL: 'MIKE MIKEY MICK',
  THOMAS: 'TOM TOMMY',
  CHARLES: 'CHARLIE CHUCK CHAS',
  CHRISTOPHER: 'CHRIS KIT',
  DANIEL: 'DAN DANNY',
  DAVID: 'DAVE DAVY',
  EDWARD: 'ED EDDIE TED TEDDY NED',
  ANTHONY: 'TONY',
  STEVEN: 'STEVE STEPHEN STEVIE',
  MATTHEW: 'MATT',
  ANDREW: 'ANDY DREW',
  NICHOLAS: 'NICK NICKY',
  BENJAMIN: 'BEN BENNY',
  SAMUEL: 'SAM SAMMY',
  ALEXANDER: 'ALEX AL',
  GREGORY: 'GREG',
  PATRICK: 'PAT PATTY',
  PETER: 'PETE',
  TIMOTHY: 'TIM TIMMY',
  KENNETH: 'KEN KENNY',
  RONALD: 'RON RONNIE',
  DONALD: 'DON DONNIE',
  GERALD: 'GERRY JERRY',
  LAWRENCE: 'LARRY',
  JEFFREY: 'JEFF GEOFFREY GEOFF',
  ELIZABETH: 'LIZ LIZZIE BETH BETTY BETSY ELIZA LIBBY',
  MARGARET: 'MAGGIE MEG PEGGY MARGE',
  KATHERINE: 'KATE KATIE KATHY CATHERINE KATHRYN CATHY KAT',
  JENNIFER: 'JEN JENNY',
  REBECCA: 'BECKY BECCA',
  SUSAN: 'SUE SUSIE',
  PATRICIA: 'PATSY TRISH TRICIA',
  DEBORAH: 'DEB DEBBIE DEBRA',
  CYNTHIA: 'CINDY',
  VICTORIA: 'VICKY VICKI TORI',
  ABIGAIL: 'ABBY',
  JACQUELINE: 'JACKIE',
  KIMBERLY: 'KIM',
  CHRISTINE: 'CHRISTY CHRISSY TINA',
  ALEXANDRA: 'ALEXA SANDRA SANDY',
  PAMELA: 'PAM',
  SAMANTHA: 'SAMMIE',
})) {
  for (const v of variants.split(' ')) NICKNAMES[v] = canonical;
}

const WORDS_ALREADY = /^[A-Z0-9&]+(?: [A-Z0-9&]+)*$/;
const NON_ASCII = /[\u0080-\uffff]/;

/** Upper-case words without accents or punctuation; plain ASCII names take the short way. */
const words = (s: string): string[] => {
  if (!s) return [];
  if (!NON_ASCII.test(s)) {
    const upper = s.toUpperCase();
    if (WORDS_ALREADY.test(upper)) return upper.split(' ');
  }
  return slowWords(s);
};

const slowWords = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/['’.]/g, '')
    .replace(/[^A-Z0-9&]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

const SOUNDEX_CODES: Record<string, string> = {
  B: '1',
  F: '1',
  P: '1',
  V: '1',
  C: '2',
  G: '2',
  J: '2',
  K: '2',
  Q: '2',
  S: '2',
  X: '2',
  Z: '2',
  D: '3',
  T: '3',
  L: '4',
  M: '5',
  N: '5',
  R: '6',
};

/** American Soundex: similar-sounding surnames (SMITH, SMYTH) share a code. */
export function soundex(name: string): string {
  const s = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (!s) return '';
  let out = s[0]!;
  const codes = SOUNDEX_CODES;
  let last = codes[s[0]!] ?? '';
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const ch = s[i]!;
    const code = codes[ch] ?? '';
    if (code && code !== last) out += code;
    // H and W do not separate letters with the same code; vowels do.
    if (ch !== 'H' && ch !== 'W') last = code;
  }
  return out.padEnd(4, '0');
}

export type PersonName = { first: string; last: string };

/** First and last name from separate fields, or split from a full name ("SMITH, JOHN" or "JOHN A SMITH"). */
export function personName(full: string, first: string, last: string): PersonName | null {
  if (last.trim()) {
    const f = words(first).filter((w) => !HONORIFICS.has(w));
    const l = words(last).filter((w) => !SUFFIXES.has(w));
    return l.length ? { first: f[0] ?? '', last: l.join('') } : null;
  }
  const upper = full.toUpperCase();
  if (!upper.trim() || RESIDENT.test(words(upper).join(' '))) return null;
  if (upper.includes(',')) {
    const [l, f] = upper.split(',', 2);
    const lw = words(l ?? '').filter((w) => !SUFFIXES.has(w));
    const fw = words(f ?? '').filter((w) => !HONORIFICS.has(w) && !SUFFIXES.has(w));
    return lw.length ? { first: fw[0] ?? '', last: lw.join('') } : null;
  }
  const w = words(upper).filter((x) => !HONORIFICS.has(x) && !SUFFIXES.has(x) && x !== '&' && x !== 'AND');
  if (!w.length) return null;
  if (w.length === 1) return { first: '', last: w[0]! };
  return { first: w[0]!, last: w[w.length - 1]! };
}

const canonicalFirst = (first: string) => NICKNAMES[first] ?? first;

const companyKey = (company: string) =>
  words(company)
    .filter((w) => !COMPANY_WORDS.has(w))
    .join(' ');

/** The standardised address as one key, or null when it is too incomplete to compare. */
export function addressKey(line1: string, line2: string, zip5: string): string | null {
  if (!line1 || !/^\d{5}$/.test(zip5)) return null;
  const unit = line2.replace(/^(APT|UNIT|STE|RM|#|APARTMENT|SUITE)\s*/, '#').replace(/\s+/g, '');
  return `${line1}|${unit}|${zip5}`;
}

export type MatchKeys = { exact: string | null; individual: string | null; household: string | null };

/** The three merge/purge keys of one record (see the module comment). */
export function matchKeys(input: {
  fullName: string;
  firstName: string;
  lastName: string;
  company: string;
  address: string | null;
}): MatchKeys {
  const { address } = input;
  if (!address) return { exact: null, individual: null, household: null };
  const name = words(input.fullName).join(' ');
  const company = companyKey(input.company);
  const exact = `${name}|${company}|${address}`;
  const person = personName(input.fullName, input.firstName, input.lastName);
  if (person) {
    const sound = soundex(person.last);
    return {
      exact,
      individual: `${address}|P|${sound}|${canonicalFirst(person.first)}`,
      household: `${address}|P|${sound}`,
    };
  }
  if (company) {
    const key = `${address}|C|${company}`;
    return { exact, individual: key, household: key };
  }
  return { exact, individual: null, household: null };
}
