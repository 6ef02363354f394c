import {
  AccountStatus,
  Segment,
  segmentLabels,
  statusLabels,
  type AccountStatus as Status,
  type Segment as SegmentValue,
} from '../../../../shared/accounts';

/** Lower-case words separated by single spaces: "  State-Agency " → "state agency". */
const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const segmentWords: Record<SegmentValue, string[]> = {
  state: ['state', 'state agency', 'state government', 'state gov', 'state govt', 'government', 'agency'],
  education: [
    'education',
    'school',
    'schools',
    'school district',
    'university',
    'college',
    'higher education',
    'higher ed',
    'k 12',
    'k12',
    'edu',
  ],
  corporate: ['corporate', 'corporation', 'corp', 'company', 'business', 'commercial', 'private sector'],
  other: ['other', 'misc', 'miscellaneous'],
};

const statusWords: Record<Status, string[]> = {
  prospect: ['prospect', 'lead'],
  active: ['active'],
  on_hold: ['on hold', 'on_hold', 'onhold', 'hold', 'held'],
  inactive: ['inactive', 'dormant'],
};

function lookup<T extends string>(table: Record<T, string[]>, labels: Record<T, string>, raw: string) {
  const w = words(raw);
  for (const [value, list] of Object.entries(table) as [T, string[]][]) {
    if (words(value) === w || words(labels[value]) === w || list.includes(w)) return value;
  }
  return undefined;
}

const allowed = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([v, l]) => (words(l) === words(v) ? l : `${l} (${v})`))
    .join(', ');

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A segment from its code, its label or a common synonym ("School" → education). */
export function parseSegment(raw: string): Parsed<SegmentValue> {
  const value = lookup(segmentWords, segmentLabels, raw);
  if (value && Segment.safeParse(value).success) return { ok: true, value };
  return { ok: false, message: `Unknown segment "${raw}"; use one of: ${allowed(segmentLabels)}` };
}

export function parseStatus(raw: string): Parsed<Status> {
  const value = lookup(statusWords, statusLabels, raw);
  if (value && AccountStatus.safeParse(value).success) return { ok: true, value };
  return { ok: false, message: `Unknown status "${raw}"; use one of: ${allowed(statusLabels)}` };
}

const truthy = new Set(['yes', 'y', 'true', '1']);
const falsy = new Set(['no', 'n', 'false', '0']);

/** yes/no, y/n, true/false, 1/0 in any case. */
export function parseBoolean(raw: string): Parsed<boolean> {
  const w = words(raw);
  if (truthy.has(w)) return { ok: true, value: true };
  if (falsy.has(w)) return { ok: true, value: false };
  return { ok: false, message: `"${raw}" is not yes or no` };
}

/** Tags separated by commas or semicolons, without blanks or repeats. */
export function splitTags(raw: string): string[] {
  const seen = new Set<string>();
  return raw
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter((t) => {
      const k = t.toLowerCase();
      if (!t || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** Several e-mails or phones in one cell, separated by semicolons (or commas for e-mails). */
export const splitList = (raw: string, separators: RegExp) =>
  raw
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);

/** Whether two cells mean the same account-level value (so a repeat of it on a later row is fine). */
export function sameValue(field: string, a: string, b: string): boolean {
  const parsers: Record<string, (s: string) => Parsed<unknown>> = {
    segment: parseSegment,
    status: parseStatus,
    poRequired: parseBoolean,
    taxExempt: parseBoolean,
  };
  const parse = parsers[field];
  if (parse) {
    const [pa, pb] = [parse(a), parse(b)];
    if (pa.ok && pb.ok) return pa.value === pb.value;
  }
  if (field === 'costCentres') {
    const [pa, pb] = [parseCostCentres(a), parseCostCentres(b)];
    if (pa.ok && pb.ok) return formatCostCentres(pa.value) === formatCostCentres(pb.value);
  }
  if (field === 'taxExemptExpiresOn') {
    const [pa, pb] = [parseDate(a), parseDate(b)];
    if (pa.ok && pb.ok) return pa.value === pb.value;
  }
  if (field === 'tags') {
    const norm = (s: string) =>
      splitTags(s)
        .map((t) => t.toLowerCase())
        .sort()
        .join('\n');
    return norm(a) === norm(b);
  }
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) === norm(b);
}

/** A date as yyyy-mm-dd (what the export writes and a spreadsheet date cell reads as) or US m/d/yyyy. */
export function parseDate(raw: string): Parsed<string> {
  const s = raw.trim();
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : s;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (d && d.toISOString().slice(0, 10) === iso) return { ok: true, value: iso };
  return { ok: false, message: `"${raw}" is not a date; write it as 2027-06-30` };
}

export type CentreCell = { code: string; name: string };

/** Cost centres in one cell as the export writes them: "CODE: Name; CODE2: Name 2" (a bare entry is its own code). */
export function parseCostCentres(raw: string): Parsed<CentreCell[]> {
  const out: CentreCell[] = [];
  for (const entry of splitList(raw, /[;\n]/)) {
    const at = entry.indexOf(':');
    const code = (at < 0 ? entry : entry.slice(0, at)).trim();
    const name = (at < 0 ? entry : entry.slice(at + 1)).trim();
    if (!code || !name) return { ok: false, message: `"${entry}" is not a cost centre; write CODE: Name` };
    out.push({ code, name });
  }
  return { ok: true, value: out };
}

/** The cell text of a list of cost centres (the inverse of `parseCostCentres`). */
export const formatCostCentres = (list: CentreCell[]) => list.map((c) => `${c.code}: ${c.name}`).join('; ');
