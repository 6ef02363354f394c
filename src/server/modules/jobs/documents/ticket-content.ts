import { productTypeLabels, type Job } from '../../../../shared/jobs';
import {
  addressLines,
  count,
  finishingList,
  humanize,
  inksText,
  longDate,
  mailingText,
  proofText,
  shortDate,
  sizeText,
  stockText,
} from './spec-text';
import type { TicketData } from './ticket-data';

/**
 * One neutral description of a job ticket — header, then sections of blocks — that the PDF and the
 * DOCX renderers both draw, so the two documents always say the same thing.
 */
export type Field = { label: string; value: string };
export type Column = { header: string; /** relative width */ width: number };
export type Block =
  /** label/value pairs; `grid` lays them out two by two, `list` one per row with the label left */
  | { kind: 'fields'; layout: 'grid' | 'list'; fields: Field[] }
  | { kind: 'table'; columns: Column[]; rows: string[][] }
  | { kind: 'text'; text: string; tone?: 'warning' };
export type Section = { title: string; blocks: Block[] };
export type TicketContent = {
  shopName: string;
  documentTitle: string;
  number: string;
  title: string;
  /** A short flag shown beside the number for jobs that need attention (RUSH, HIGH PRIORITY). */
  flag: string | null;
  jobUrl: string;
  sections: Section[];
  /** The footer's left text; the renderers add "Page X of Y". */
  footer: string;
};

type Item = Job['items'][number];

const priorityFlags: Record<Job['priority'], string | null> = {
  low: null,
  normal: null,
  high: 'HIGH PRIORITY',
  rush: 'RUSH',
};

const present = (fields: Field[]) => fields.filter((f) => f.value.trim() !== '');

function jobSection(d: TicketData): Section {
  const { job, account, contact } = d;
  const costCentre = account.costCentres.find((c) => c.id === job.costCentreId);
  const blocks: Block[] = job.warnings.map((w) => ({ kind: 'text', text: w, tone: 'warning' }) as const);
  blocks.push({
    kind: 'fields',
    layout: 'grid',
    fields: [
      { label: 'Account', value: account.name },
      {
        label: 'Contact',
        value: contact ? [contact.name, contact.email, contact.phone].filter(Boolean).join(' · ') : '—',
      },
      { label: 'Account manager', value: job.owner?.name ?? '—' },
      { label: 'Client PO', value: job.clientPo ?? '—' },
      { label: 'Priority', value: humanize(job.priority) },
      {
        label: 'Status',
        value: humanize(job.status) + (job.statusReason ? ` — ${job.statusReason}` : ''),
      },
      { label: 'Due date', value: longDate(job.dueDate) },
      { label: 'In-hands date', value: job.inHandsDate ? longDate(job.inHandsDate) : '—' },
      ...(costCentre ? [{ label: 'Cost centre', value: `${costCentre.name} (${costCentre.code})` }] : []),
      { label: 'Opened', value: longDate(job.createdAt) },
    ],
  });
  return { title: 'Job', blocks };
}

function itemSection(item: Item, total: number): Section {
  const s = item.spec;
  const fields = present([
    { label: 'Product', value: productTypeLabels[item.productType] },
    { label: 'Description', value: item.description ?? '' },
    { label: 'Quantity', value: count(item.quantity) },
    { label: 'Pages', value: item.pages ? String(item.pages) : '' },
    { label: 'Finished size', value: sizeText(s.finishedSize) },
    { label: 'Flat size', value: sizeText(s.flatSize) },
    { label: 'Stock', value: stockText(s.stock) },
    { label: 'Inks', value: inksText(s.inks) },
    { label: 'Finishing', value: finishingList(s.finishing).join(', ') },
    { label: 'Proof', value: proofText(item) },
    { label: 'Packaging', value: item.packaging ?? '' },
    { label: 'Mailing', value: mailingText(s.mailing) },
  ]);
  return {
    title: `Item ${item.position} of ${total} — ${productTypeLabels[item.productType]} × ${count(item.quantity)}`,
    blocks: [{ kind: 'fields', layout: 'list', fields }],
  };
}

function stagesSection(job: Job): Section | null {
  if (!job.stages.length) return null;
  const itemNo = new Map(job.items.map((i) => [i.id, String(i.position)]));
  return {
    title: 'Production stages',
    blocks: [
      {
        kind: 'table',
        columns: [
          { header: 'Item', width: 0.6 },
          { header: 'Department', width: 1.6 },
          { header: 'Stage', width: 2.2 },
          { header: 'Planned', width: 1.8 },
          { header: 'Status', width: 1.2 },
        ],
        rows: job.stages.map((s) => [
          s.itemId ? (itemNo.get(s.itemId) ?? '') : '',
          s.department.name,
          s.name,
          s.plannedStart === s.plannedEnd
            ? shortDate(s.plannedStart)
            : `${shortDate(s.plannedStart)} – ${shortDate(s.plannedEnd)}`,
          humanize(s.status) + (s.blockedReason ? `: ${s.blockedReason}` : ''),
        ]),
      },
    ],
  };
}

const textSection = (title: string, text: string | null): Section | null =>
  text?.trim() ? { title, blocks: [{ kind: 'text', text: text.trim() }] } : null;

/** Builds the ticket's content from the loaded job. */
export function buildTicketContent(d: TicketData): TicketContent {
  const { job } = d;
  const shipTo: Section = {
    title: 'Ship to',
    blocks: [
      {
        kind: 'text',
        text: d.shipTo
          ? [d.account.name, ...addressLines(d.shipTo)].join('\n')
          : 'No shipping address on file for this account.',
      },
    ],
  };
  const sections = [
    jobSection(d),
    ...job.items.map((i) => itemSection(i, job.items.length)),
    stagesSection(job),
    shipTo,
    textSection('Description', job.description),
    textSection('Notes for production', job.internalNotes),
    textSection('Client notes', job.clientNotes),
  ].filter((s): s is Section => s !== null);
  return {
    shopName: d.shopName,
    documentTitle: 'Job ticket',
    number: job.number,
    title: job.title,
    flag: priorityFlags[job.priority],
    jobUrl: d.jobUrl,
    sections,
    footer: `${d.shopName} · Job ${job.number}`,
  };
}
