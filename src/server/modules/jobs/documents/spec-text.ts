import type { Address } from '../../../../shared/accounts';
import type { ItemSpec, Job } from '../../../../shared/jobs';

/** Human wording of an item's spec and of dates, shared by the PDF and DOCX tickets. */

type Item = Job['items'][number];
type Size = NonNullable<ItemSpec['finishedSize']>;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "2026-03-20" → "Fri, Mar 20, 2026"; anything unparseable is returned as given. */
export function longDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return `${weekdays[d.getUTCDay()]}, ${months[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** "2026-03-20" → "Mar 20" (the year is implied by the ticket). */
export function shortDate(iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${months[Number(m[1]) - 1]} ${Number(m[2])}` : iso;
}

export const count = (n: number) => n.toLocaleString('en-US');
const num = (n: number) => String(Number(n.toFixed(3)));

export const sizeText = (s: Size | undefined) => (s ? `${num(s.width)} × ${num(s.height)} ${s.unit}` : '');

export function stockText(stock: ItemSpec['stock']): string {
  if (!stock) return '';
  return [stock.name, stock.weight, stock.finish, stock.colour].filter(Boolean).join(', ');
}

export function inksText(inks: ItemSpec['inks']): string {
  if (!inks) return '';
  const spots = inks.spots ?? [];
  return `${inks.front}/${inks.back}${spots.length ? ` + ${spots.join(', ')}` : ''}`;
}

const finishingFlags = [
  ['score', 'Score'],
  ['perforate', 'Perforate'],
  ['drill', 'Drill'],
  ['dieCut', 'Die-cut'],
  ['pad', 'Pad'],
  ['number', 'Number'],
] as const;

/** The finishing operations as a list: "Fold: tri-fold", "Binding: saddle stitch", "Score"… */
export function finishingList(f: ItemSpec['finishing']): string[] {
  if (!f) return [];
  const out: string[] = [];
  if (f.fold) out.push(`Fold: ${f.fold}`);
  if (f.binding) out.push(`Binding: ${f.binding}`);
  if (f.laminate) out.push(`Laminate: ${f.laminate}`);
  for (const [key, label] of finishingFlags) if (f[key]) out.push(label);
  return out;
}

export const mailClassLabels = {
  first_class: 'First-Class Mail',
  marketing: 'USPS Marketing Mail',
  periodicals: 'Periodicals',
  nonprofit: 'Nonprofit Marketing Mail',
} as const;

export function mailingText(m: ItemSpec['mailing']): string {
  if (!m) return '';
  return [
    mailClassLabels[m.mailClass],
    m.dropDate ? `drop ${longDate(m.dropDate)}` : '',
    m.pieces ? `${count(m.pieces)} pieces` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

const proofLabels = { pdf: 'PDF proof', hard_copy: 'Hard-copy proof', none: 'No proof' } as const;
const proofStatusLabels = {
  not_required: '',
  pending: 'awaiting approval',
  approved: 'approved',
  changes_requested: 'changes requested',
} as const;

export function proofText(item: Item): string {
  const status = proofStatusLabels[item.proofStatus];
  return `${proofLabels[item.proof]}${status ? ` (${status})` : ''}`;
}

export const humanize = (s: string) => {
  const t = s.replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
};

/** An address as the lines of a label. */
export function addressLines(a: Address): string[] {
  return [
    a.attention ? `Attn: ${a.attention}` : '',
    a.line1,
    a.line2 ?? '',
    `${a.city}, ${a.region} ${a.postalCode}`,
    a.country === 'US' ? '' : a.country,
  ].filter(Boolean);
}
