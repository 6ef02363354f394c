// Stays long on purpose: the carriers' number families and service tables, kept beside their parser.
/**
 * Carrier tracking numbers: recognise the UPS, FedEx and USPS number families, verify their check digits
 * and build the carrier's public tracking link. Pure: no database, no network, no files.
 *
 * The formats, check-digit rules and service tables are transcribed from jkeen/tracking_number_data
 * (MIT, © 2017 Jeff Keen). The test suite and `scripts/conformance/tracking-numbers.ts` check this
 * module against every test number in that data set, so a transcription slip shows up there.
 */

export type Carrier = 'ups' | 'fedex' | 'usps' | 'local' | 'pickup' | 'freight';

export type TrackingCheck =
  | { ok: true; normalized: string; carrier: Carrier; service?: string; url: string | null }
  | { ok: false; message: string };

type RuledCarrier = 'ups' | 'fedex' | 'usps';

type Checksum =
  | { kind: 'mod10'; evens: number; odds: number; reverse?: boolean }
  | { kind: 'weighted'; weights: number[]; modulo1: number; modulo2: number }
  | { kind: 's10' };

type Groups = Record<string, string | undefined>;

type Family = {
  name: string;
  carrier: RuledCarrier;
  /** Matched against the normalised number; needs the named groups SerialNumber and CheckDigit. */
  pattern: RegExp;
  checksum: Checksum;
  /** The serial number gets `content` in front before the check when it does not match `unless`. */
  prepend?: { unless: RegExp; content: string };
  /** USPS barcodes may start with 420 + ZIP (routing only); the tracking number is serial + check digit. */
  trackingIsSerial?: boolean;
  /** How messages name a number of this family when it is not simply "a UPS tracking number". */
  noun?: string;
  /** An extra rule beyond the check digit; returns a message when the number breaks it. */
  verify?: (g: Groups) => string | undefined;
  service?: (g: Groups) => string | undefined;
};

const MAX_REFERENCE_LENGTH = 60;

const LABEL: Record<Carrier, string> = {
  ups: 'UPS',
  fedex: 'FedEx',
  usps: 'USPS',
  local: 'local delivery',
  pickup: 'pickup',
  freight: 'freight',
};

/** What each carrier's numbers look like, in words, for the "does not look like" message. */
const SHAPE: Record<RuledCarrier, string> = {
  ups: 'UPS numbers start with 1Z and have 18 characters; waybill numbers are a letter and 10 digits',
  fedex: 'FedEx numbers are 12 or 15 digits, or 18, 22, 32 or 34 digits when read from a barcode',
  usps:
    'USPS numbers have 20 to 26 digits and usually start with 9, and a barcode scan may add 420 and the ZIP ' +
    'code in front; international mail numbers have 13 characters, like RB123456785US',
};

const PUBLIC_TRACKING_PAGE: Record<RuledCarrier, string> = {
  ups: 'https://www.ups.com/track?tracknum=',
  fedex: 'https://www.fedex.com/fedextrack/?trknbr=',
  usps: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=',
};

const UPS_SERVICES: Record<string, string> = {
  '01': 'UPS United States Next Day Air (Red)',
  '02': 'UPS United States Second Day Air (Blue)',
  '03': 'UPS United States Ground',
  '12': 'UPS United States Third Day Select',
  '13': 'UPS United States Next Day Air Saver (Red Saver)',
  '15': 'UPS United States Next Day Air Early A.M.',
  '22': 'UPS United States Ground - Returns Plus - Three Pickup Attempts',
  '32': 'UPS United States Next Day Air Early A.M. - COD',
  '33': 'UPS United States Next Day Air Early A.M. - Saturday Delivery, COD',
  '41': 'UPS United States Next Day Air Early A.M. - Saturday Delivery',
  '42': 'UPS United States Ground - Signature Required',
  '44': 'UPS United States Next Day Air - Saturday Delivery',
  '66': 'UPS United States Worldwide Express',
  '72': 'UPS United States Ground - Collect on Delivery',
  '78': 'UPS United States Ground - Returns Plus - One Pickup Attempt',
  '90': 'UPS United States Ground - Returns - UPS Prints and Mails Label',
  A0: 'UPS United States Next Day Air Early A.M. - Adult Signature Required',
  A1: 'UPS United States Next Day Air Early A.M. - Saturday Delivery, Adult Signature Required',
  A2: 'UPS United States Next Day Air - Adult Signature Required',
  A8: 'UPS United States Ground - Adult Signature Required',
  A9: 'UPS United States Next Day Air Early A.M. - Adult Signature Required, COD',
  AA: 'UPS United States Next Day Air Early A.M. - Saturday Delivery, Adult Signature Required, COD',
  YW: 'UPS SurePost - Delivered by the USPS',
};

const UPS_WAYBILL_SERVICES: Record<string, string> = {
  J: 'UPS Next Day Express',
  K: 'UPS Ground',
  V: 'UPS WorldWide Express Saver',
};

/** Service codes of the 20-digit Delivery / Signature Confirmation numbers (USPS Publication 91). */
const USPS_CONFIRMATION_SERVICES: [RegExp, string][] = [
  [/^0[1-8]$|^14$/, 'Delivery Confirmation'],
  [/^2[1-6]$|^34$/, 'Signature Confirmation'],
  [/^50$/, 'Electronic File Header'],
  [/^56$/, 'Passive Enroute Scan'],
  [/^73$/, 'Insured Mail'],
  [/^8[235]$/, 'Merchandise Return with Delivery Confirmation'],
];

const USPS_IMPB_C_SENDERS: Record<string, string> = {
  '92': 'USPS (commercial mailer)',
  '93': 'USPS (commercial mailer)',
  '95': 'USPS Retail',
};

const SSCC_CONTAINERS: Record<string, string> = {
  '00': 'case/carton',
  '01': 'pallet',
  '02': 'larger than a pallet',
  '04': 'internally defined for intra-company use',
};

const S10_SERVICES: [RegExp, string][] = [
  [/^E/, 'EMS'],
  [/^L/, 'Letter Post Express'],
  [/^M/, 'Letter Post M-bag'],
  [/^Q[A-M]/, 'Letter Post IBRS'],
  [/^R/, 'Letter Post Registered'],
  [/^U/, 'Letter Post Misc'],
  [/^V/, 'Letter Post Insured'],
  [/^C/, 'Parcel Post'],
  [/^H/, 'Parcel Post (e-commerce)'],
  [/^([BDNPZ].|A[V-Z]|G[AD])/, 'Domestic'],
];

/** ISO 3166 codes of the UPU members whose postal services issue S10 numbers. */
const S10_COUNTRIES = new Set(
  (
    'AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF CG CH ' +
    'CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FR GA GB GD GE GH GM GN ' +
    'GQ GR GT GW GY HK HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ LA ' +
    'LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG NI NL ' +
    'NO NP NR NZ OM PA PE PG PH PK PL PT PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS ' +
    'ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VA VC VE VN VU WS YE ZA ZM ZW'
  ).split(' '),
);

const lookup = (table: [RegExp, string][], code = '') => table.find(([re]) => re.test(code))?.[1];

const FEDEX_12_WEIGHTS = [3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1];
const FEDEX_13_WEIGHTS = [1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1];
const USPS_MOD10: Checksum = { kind: 'mod10', evens: 3, odds: 1 };
/** The optional 420 + ZIP (+4) routing prefix of a USPS barcode, as the IMpb C and legacy families allow it. */
const USPS_ROUTING = '(?:420(?<DestinationZip>[0-9]{5})(?:[0-9]{4}(?=[0-9]{22}$))?)?';

const FAMILIES: Family[] = [
  {
    name: 'UPS',
    carrier: 'ups',
    pattern: /^1Z(?<SerialNumber>[A-Z0-9]{6}(?<ServiceType>[A-Z0-9]{2})[A-Z0-9]{7})(?<CheckDigit>[0-9])$/,
    checksum: { kind: 'mod10', evens: 1, odds: 2 },
    service: (g) => UPS_SERVICES[g.ServiceType ?? ''],
  },
  {
    name: 'UPS Waybill',
    carrier: 'ups',
    pattern: /^(?<ServiceType>[AHJKTV])(?<SerialNumber>[0-9]{9})(?<CheckDigit>[0-9])$/,
    checksum: { kind: 'mod10', evens: 1, odds: 2 },
    service: (g) => UPS_WAYBILL_SERVICES[g.ServiceType ?? ''],
  },
  {
    name: 'FedEx Express',
    carrier: 'fedex',
    pattern: /^(?<SerialNumber>[0-9]{11})(?<CheckDigit>[0-9])$/,
    checksum: { kind: 'weighted', weights: FEDEX_12_WEIGHTS, modulo1: 11, modulo2: 10 },
  },
  {
    name: 'FedEx Express',
    carrier: 'fedex',
    pattern: /^[0-8][0-9]{14}(?<DestinationZip>[0-9]{5})(?<SerialNumber>[0-9]{13})(?<CheckDigit>[0-9])$/,
    checksum: { kind: 'weighted', weights: FEDEX_13_WEIGHTS, modulo1: 11, modulo2: 10 },
  },
  {
    // The legacy ASTRA barcode: digits 17–28 hold an Express tracking number and its check digit.
    name: 'FedEx Express',
    carrier: 'fedex',
    pattern: /^3[0-9]{15}(?<SerialNumber>[0-9]{11})(?<CheckDigit>[0-9])[0-9]{4}$/,
    checksum: { kind: 'weighted', weights: FEDEX_12_WEIGHTS, modulo1: 11, modulo2: 10 },
  },
  {
    name: 'FedEx Ground',
    carrier: 'fedex',
    pattern: /^(?<SerialNumber>[0-9]{14})(?<CheckDigit>[0-9])$/,
    checksum: { kind: 'mod10', evens: 1, odds: 3 },
  },
  {
    name: 'FedEx Ground',
    carrier: 'fedex',
    pattern: /^(?<ContainerType>[0-9]{2})(?<SerialNumber>[0-9]{15})(?<CheckDigit>[0-9])$/,
    checksum: { kind: 'mod10', evens: 3, odds: 1 },
    service: (g) => {
      const container = SSCC_CONTAINERS[g.ContainerType ?? ''];
      return container && `FedEx Ground (${container})`;
    },
  },
  {
    name: 'FedEx Ground',
    carrier: 'fedex',
    pattern: /^96[0-9]{2}[0-9]{3}(?<SerialNumber>[0-9]{14})(?<CheckDigit>[0-9])$/,
    checksum: { kind: 'mod10', evens: 1, odds: 3 },
  },
  {
    // Ground's 34-digit barcode: shipper number, then the tracking number in the last digits.
    name: 'FedEx Ground',
    carrier: 'fedex',
    pattern: /^96[0-9]{18}(?<SerialNumber>[0-9]{13})(?<CheckDigit>[0-9])$/,
    checksum: { kind: 'weighted', weights: FEDEX_13_WEIGHTS, modulo1: 11, modulo2: 10 },
  },
  {
    name: 'USPS',
    carrier: 'usps',
    pattern: /^(?<SerialNumber>(?<ServiceType>[0-9]{2})[0-9]{17})(?<CheckDigit>[0-9])$/,
    checksum: USPS_MOD10,
    trackingIsSerial: true,
    service: (g) => lookup(USPS_CONFIRMATION_SERVICES, g.ServiceType),
  },
  {
    // IMpb constructs N01–N10 (online and PC Postage labels); the only family whose check runs right to left.
    name: 'USPS',
    carrier: 'usps',
    pattern: new RegExp(
      '^(?:420(?<DestinationZip>[0-9]{5}(?=[0-9]{22}$|[0-9]{26}$))(?:[0-9]{4}(?=[0-9]{22}$))?)?' +
        '(?<SerialNumber>94[0-9]{3}' +
        '(?=9[0-9]{8}(?:[0-9]{15}|[0-9]{11}|[0-9]{7})[0-9]$|[0-8][0-9]{5}(?:[0-9]{14}|[0-9]{10})[0-9]$)' +
        '(?:9[0-9]{8}|[0-8][0-9]{5})(?:[0-9]{15}|[0-9]{14}|[0-9]{11}|[0-9]{10}|[0-9]{7}))' +
        '(?<CheckDigit>[0-9])$',
    ),
    checksum: { ...USPS_MOD10, reverse: true },
    trackingIsSerial: true,
    service: () => 'USPS (online or vendor label)',
  },
  {
    // Delivery / Signature Confirmation with the 91 application identifier, which the check always includes.
    name: 'USPS',
    carrier: 'usps',
    pattern: new RegExp(
      '^(?:420(?<DestinationZip>[0-9]{5})(?:[0-9]{4})?)?' +
        '(?<SerialNumber>(?:91)?(?<ServiceType>[0-9]{2})[0-9]{17})(?<CheckDigit>[0-9])$',
    ),
    checksum: USPS_MOD10,
    prepend: { unless: /^91/, content: '91' },
    trackingIsSerial: true,
    service: (g) => lookup(USPS_CONFIRMATION_SERVICES, g.ServiceType),
  },
  {
    // IMpb constructs C01–C10 and retail: 92 / 93 commercial mailers (9- or 6-digit mailer ID), 95 retail.
    name: 'USPS',
    carrier: 'usps',
    pattern: new RegExp(
      `^${USPS_ROUTING}` +
        '(?<SerialNumber>(?<ApplicationIdentifier>92(?=[0-9]{3}9)|93(?=[0-9]{3}[0-8])|95)(?<ServiceType>[0-9]{3})' +
        '(?=9[0-9]{8}(?:[0-9]{11}|[0-9]{7})[0-9]$|[0-8][0-9]{5}(?:[0-9]{14}|[0-9]{10})[0-9]$)' +
        '(?:9[0-9]{8}|[0-8][0-9]{5})(?:[0-9]{14}|[0-9]{11}|[0-9]{10}|[0-9]{7}))' +
        '(?<CheckDigit>[0-9])$',
    ),
    checksum: USPS_MOD10,
    trackingIsSerial: true,
    service: (g) =>
      g.ServiceType === '612' ? 'Parcel Select' : USPS_IMPB_C_SENDERS[g.ApplicationIdentifier ?? ''],
  },
  {
    // UPU S10, used by every postal service for international items; USPS carries and tracks them here.
    name: 'International mail',
    carrier: 'usps',
    noun: 'an international mail number',
    pattern:
      /^(?<ServiceType>[A-Z]{2})(?<SerialNumber>[0-9]{8})(?<CheckDigit>[0-9])(?<CountryCode>[A-Z]{2})$/,
    checksum: { kind: 's10' },
    verify: (g) =>
      S10_COUNTRIES.has(g.CountryCode ?? '')
        ? undefined
        : `This looks like an international mail number, but "${g.CountryCode}" at the end is not the country ` +
          'code of a postal service (international numbers end in one, like RB123456785US).',
    service: (g) => {
      const kind = lookup(S10_SERVICES, g.ServiceType);
      return kind && `International ${kind} (${g.CountryCode})`;
    },
  },
];

/** Digits count as themselves; letters as (char code − 3) mod 10, as UPS defines it. */
const charValue = (c: string) => (/[0-9]/.test(c) ? Number(c) : (c.charCodeAt(0) - 3) % 10);

function checkDigitFor(serial: string, checksum: Checksum): number {
  const chars = [...serial];
  switch (checksum.kind) {
    case 'mod10': {
      if (checksum.reverse) chars.reverse();
      const total = chars.reduce(
        (sum, c, i) => sum + charValue(c) * (i % 2 === 1 ? checksum.odds : checksum.evens),
        0,
      );
      return (10 - (total % 10)) % 10;
    }
    case 'weighted': {
      const total = chars.reduce((sum, c, i) => sum + Number(c) * (checksum.weights[i] ?? 0), 0);
      return (total % checksum.modulo1) % checksum.modulo2;
    }
    case 's10': {
      const weights = [8, 6, 4, 2, 3, 5, 9, 7];
      const remainder = chars.reduce((sum, c, i) => sum + Number(c) * (weights[i] ?? 0), 0) % 11;
      return remainder === 0 ? 5 : remainder === 1 ? 0 : 11 - remainder;
    }
  }
}

type Outcome =
  | { status: 'format' }
  | { status: 'check'; noun?: string }
  | { status: 'rule'; message: string }
  | { status: 'ok'; normalized: string; service?: string };

function evaluate(family: Family, normalized: string): Outcome {
  const groups: Groups | undefined = family.pattern.exec(normalized)?.groups;
  const serial = groups?.SerialNumber;
  const check = groups?.CheckDigit;
  if (!groups || serial === undefined || check === undefined) return { status: 'format' };
  const prefixed =
    family.prepend && !family.prepend.unless.test(serial) ? family.prepend.content + serial : serial;
  if (checkDigitFor(prefixed, family.checksum) !== Number(check))
    return { status: 'check', noun: family.noun };
  const broken = family.verify?.(groups);
  if (broken) return { status: 'rule', message: broken };
  return {
    status: 'ok',
    normalized: family.trackingIsSerial ? serial + check : normalized,
    service: family.service?.(groups) ?? family.name,
  };
}

const isRuled = (carrier: Carrier): carrier is RuledCarrier => carrier in PUBLIC_TRACKING_PAGE;

/** Spaces and dashes are only for reading; carriers print and scan tracking numbers in upper case. */
const normalize = (raw: string) => raw.replace(/[\s-]/g, '').toUpperCase();

function firstValid(carrier: RuledCarrier, normalized: string) {
  for (const family of FAMILIES.filter((f) => f.carrier === carrier)) {
    const outcome = evaluate(family, normalized);
    if (outcome.status === 'ok') return outcome;
  }
  return undefined;
}

/**
 * Checks a tracking number typed or scanned for a shipment. UPS, FedEx and USPS numbers must match one of
 * the carrier's formats and its check digit; for local delivery, pickup and freight any reference up to
 * 60 characters is kept as typed (PRO numbers and the like have no common format).
 */
export function checkTrackingNumber(carrier: Carrier, raw: string): TrackingCheck {
  if (!isRuled(carrier)) {
    const reference = raw.trim().replace(/\s+/g, ' ');
    if (!reference) return { ok: false, message: `Enter a ${LABEL[carrier]} reference.` };
    if (reference.length > MAX_REFERENCE_LENGTH) {
      return {
        ok: false,
        message: `A ${LABEL[carrier]} reference can have at most ${MAX_REFERENCE_LENGTH} characters; this one has ${reference.length}.`,
      };
    }
    return { ok: true, normalized: reference, carrier, url: null };
  }

  const label = LABEL[carrier];
  const normalized = normalize(raw);
  if (!normalized) return { ok: false, message: `Enter the ${label} tracking number.` };
  const stray = [...new Set(normalized.replace(/[A-Z0-9]/g, ''))].join(' ');
  if (stray) {
    return {
      ok: false,
      message: `A ${label} tracking number has only letters and digits; remove ${stray} and try again.`,
    };
  }

  const outcomes = FAMILIES.filter((f) => f.carrier === carrier).map((f) => evaluate(f, normalized));
  const valid = outcomes.find((o) => o.status === 'ok');
  if (valid) {
    return {
      ok: true,
      normalized: valid.normalized,
      carrier,
      service: valid.service,
      url: trackingUrl(carrier, valid.normalized),
    };
  }

  const other = (['ups', 'usps', 'fedex'] as const).find((c) => c !== carrier && firstValid(c, normalized));
  if (other) {
    return {
      ok: false,
      message: `This is not a ${label} tracking number: this looks like a ${LABEL[other]} number. Choose ${LABEL[other]} as the carrier, or check the number.`,
    };
  }
  const rule = outcomes.find((o) => o.status === 'rule');
  if (rule) return { ok: false, message: rule.message };
  const mistyped = outcomes.find((o) => o.status === 'check');
  if (mistyped) {
    return {
      ok: false,
      message: `This looks like ${mistyped.noun ?? `a ${label} tracking number`}, but the check digit does not match — a character is probably mistyped.`,
    };
  }
  return {
    ok: false,
    message: `This does not look like a ${label} tracking number (${SHAPE[carrier]}); this one has ${normalized.length} characters.`,
  };
}

/**
 * The carrier whose number this is, when its format and check digit say so unambiguously enough to
 * pre-select the carrier; null otherwise. A 34-digit USPS barcode (420 + ZIP…) is tried before FedEx.
 */
export function detectCarrier(raw: string): Carrier | null {
  const normalized = normalize(raw);
  return (['ups', 'usps', 'fedex'] as const).find((c) => firstValid(c, normalized)) ?? null;
}

/** The carrier's public tracking page for a normalised number; null for carriers without one. */
export function trackingUrl(carrier: Carrier, normalized: string): string | null {
  if (!isRuled(carrier) || !normalized) return null;
  return PUBLIC_TRACKING_PAGE[carrier] + encodeURIComponent(normalized);
}
