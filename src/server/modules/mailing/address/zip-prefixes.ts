/**
 * The 3-digit ZIP prefixes (sectional centre areas) each state, territory and military "state" is served by,
 * after the USPS list of ZIP Code prefixes. A ZIP whose prefix is not its state's does not belong to the
 * address: one of the two is wrong, and the piece would be sorted to the wrong place.
 *
 * Ranges are inclusive; a few prefixes cross a state line on purpose (Fishers Island NY is 063, El Paso TX 885,
 * Texarkana AR and TX share 755, the IRS in Austin is 733), so they are listed under both.
 */
const PREFIXES: Record<string, string> = {
  AL: '350-369',
  AK: '995-999',
  AZ: '850-865',
  AR: '716-729 755',
  CA: '900-961',
  CO: '800-816',
  CT: '060-069',
  DE: '197-199',
  DC: '200 202-205 569',
  FL: '320-349',
  GA: '300-319 398-399',
  HI: '967-968',
  ID: '832-838',
  IL: '600-629',
  IN: '460-479',
  IA: '500-528',
  KS: '660-679',
  KY: '400-427',
  LA: '700-714',
  ME: '039-049',
  MD: '206-219',
  MA: '010-027 055',
  MI: '480-499',
  MN: '550-567',
  MS: '386-397',
  MO: '630-658',
  MT: '590-599',
  NE: '680-693',
  NV: '889-898',
  NH: '030-038',
  NJ: '070-089',
  NM: '870-884',
  NY: '005 063 100-149',
  NC: '270-289',
  ND: '580-588',
  OH: '430-459',
  OK: '730-749',
  OR: '970-979',
  PA: '150-196',
  RI: '028-029',
  SC: '290-299',
  SD: '570-577',
  TN: '370-385',
  TX: '733 750-799 885',
  UT: '840-847',
  VT: '050-059',
  VA: '201 220-246',
  WA: '980-994',
  WV: '247-268',
  WI: '530-549',
  WY: '820-831 834',
  PR: '006-007 009',
  VI: '008',
  GU: '969',
  AS: '967',
  MP: '969',
  PW: '969',
  FM: '969',
  MH: '969',
  AA: '340',
  AE: '090-098',
  AP: '962-966',
};

const RANGES = new Map(
  Object.entries(PREFIXES).map(([state, spec]) => [
    state,
    spec.split(' ').map((part) => {
      const [from, to = from] = part.split('-').map(Number) as [number, number?];
      return [from, to] as const;
    }),
  ]),
);

/** Whether a 5-digit ZIP belongs to a state (by its first three digits); unknown states are not judged here. */
export function zipInState(zip5: string, state: string): boolean {
  const ranges = RANGES.get(state);
  if (!ranges) return true;
  const prefix = Number(zip5.slice(0, 3));
  return ranges.some(([from, to]) => prefix >= from && prefix <= to);
}
