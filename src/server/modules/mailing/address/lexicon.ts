import { STREET_SUFFIX } from './pub28';

/** Word lists the address parser uses besides the Publication 28 tables. */

// Street suffixes that are almost always suffixes; the rest of C1 (MALL, PARK, POINT, FORT…) is
// just as often part of a name, so it only counts as a suffix where a component ends.
export const STRONG_SUFFIX = new Set(
  'ALY AVE BLVD BYP CIR CT CTS CV DR EXPY FWY HWY LN LOOP PKWY PL PLZ RD RDS ST STS TER TRL TPKE WAY XING SQ PIKE ROW RUN PATH WALK ALY'.split(
    ' ',
  ),
);
export const EXTRA_SUFFIX = new Map([
  ['HGWY', 'HWY'],
  ['BL', 'BLVD'],
  ['PKY', 'PKWY'],
  ['TERR', 'TER'],
  ['CI', 'CIR'],
]);
export const suffixOf = (norm: string) => STREET_SUFFIX.get(norm) ?? EXTRA_SUFFIX.get(norm);

export const BOX_TYPES = [
  'PO BOX',
  'P O BOX',
  'POST OFFICE BOX',
  'POB',
  'POBOX',
  'PO BX',
  'LOCK BOX',
  'LOCKBOX',
  'PO DRAWER',
  'DRAWER',
  'CALLER',
  'FIRM CALLER',
  'BOX',
  'BX',
].map((s) => s.split(' '));
export const BOX_GROUP_TYPES = [
  'RR',
  'R R',
  'RURAL ROUTE',
  'RURAL RTE',
  'RFD',
  'HC',
  'HC R',
  'HC ROUTE',
  'HCR',
  'HIGHWAY CONTRACT',
  'HIGHWAY CONTRACT ROUTE',
  'HWY CONTRACT',
  'HWY CONTRACT ROUTE',
  'HIGHWAY CONTRACT RTE',
  'STAR ROUTE',
  'ROUTE',
  'RTE',
  'RT',
  'PSC',
  'CMR',
].map((s) => s.split(' '));
export const PRE_TYPES = [
  'US HWY',
  'US HIGHWAY',
  'US ROUTE',
  'US RTE',
  'US',
  'STATE HIGHWAY',
  'STATE HWY',
  'STATE ROUTE',
  'STATE RTE',
  'STATE ROAD',
  'STATE RD',
  'SR',
  'SH',
  'COUNTY ROAD',
  'COUNTRY ROAD',
  'BUSINESS',
  'COUNTY RD',
  'COUNTY HIGHWAY',
  'COUNTY HWY',
  'CR',
  'FM',
  'RANCH ROAD',
  'RR',
  'INTERSTATE',
  'I',
  'HIGHWAY',
  'HWY',
  'ROUTE',
  'RTE',
  'PR',
].map((s) => s.split(' '));
/** Spanish street types come before the name and need no number after them. */
export const SPANISH_PRE_TYPES = new Set(['CALLE', 'CAMINO', 'AVENIDA', 'PASEO', 'VIA', 'VISTA', 'PLAZA']);

export const SUBADDRESS_TYPES = [
  'DEPT',
  'DEPARTMENT',
  'MAIL CODE',
  'MAILCODE',
  'MAIL STOP',
  'MAILSTOP',
  'MC',
  'M/C',
  'MS',
  'MSC',
  'BIN',
  'FILE',
  'PMB',
  'BLDG',
  'BUILDING',
  'BLD',
  'TOWER',
  'WING',
  'REF',
].map((s) => s.split(' '));
export const BUILDING_WORDS = new Set(
  'BUILDING CENTER CENTRE TOWER TOWERS PLAZA STATION HALL MALL COMPLEX HOSPITAL UNIVERSITY COLLEGE SCHOOL APARTMENTS APTS CONDOMINIUMS CONDOS COURTHOUSE LIBRARY OFFICE OFFICES PARK ARENA STADIUM HOTEL INN MOTEL CHURCH MUSEUM AIRPORT TERMINAL PAVILION MANOR VILLAGE COMMONS FACTORY'.split(
    ' ',
  ),
);
export const RECIPIENT_MARKERS = new Set(['ATTN', 'ATTN:', 'ATTENTION', 'C/O', 'C/0']);
export const HIGHWAY_QUALIFIERS = new Set([
  'BUSINESS',
  'BUS',
  'BYPASS',
  'BYP',
  'ALT',
  'ALTERNATE',
  'SPUR',
  'TRUCK',
  'LOOP',
]);
export const COUNTRY = [
  ['UNITED', 'STATES', 'OF', 'AMERICA'],
  ['UNITED', 'STATES'],
  ['USA'],
  ['US'],
  ['U', 'S', 'A'],
];
export const NUMBER_WORDS = new Set([
  'ONE',
  'TWO',
  'THREE',
  'FOUR',
  'FIVE',
  'SIX',
  'SEVEN',
  'EIGHT',
  'NINE',
  'TEN',
]);
