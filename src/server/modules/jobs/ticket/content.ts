import bwipjs from 'bwip-js/node';
import { productTypeName, type Job } from '../../../../shared/jobs';
import type { TicketParty } from './xjdf';

export type Rows = [string, string][];
/** One neutral description of a job ticket; the PDF and the Word document both render it, so they never drift. */
export type TicketContent = {
  number: string;
  title: string;
  facts: Rows;
  items: { heading: string; rows: Rows }[];
  stages: { header: string[]; rows: string[][] };
  notes: Rows;
  barcode: Buffer;
  qr: Buffer;
};

const human = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');
const size = (s?: { width: number; height: number; unit: string }) =>
  s ? `${s.width} × ${s.height} ${s.unit}` : '';

function itemRows(item: Job['items'][number]): Rows {
  const s = item.spec;
  const f = s.finishing;
  const finishing = f
    ? [
        f.fold && `fold: ${f.fold}`,
        f.binding && `binding: ${f.binding}`,
        f.laminate && `laminate: ${f.laminate}`,
        ...(['score', 'perforate', 'drill', 'dieCut', 'pad', 'number'] as const)
          .filter((k) => f[k])
          .map((k) => (k === 'dieCut' ? 'die-cut' : k)),
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  const rows: Rows = [
    ['Quantity', item.quantity.toLocaleString('en-US')],
    ['Pages', item.pages ? String(item.pages) : ''],
    ['Finished size', size(s.finishedSize)],
    ['Flat size', size(s.flatSize)],
    [
      'Stock',
      s.stock ? [s.stock.weight, s.stock.finish, s.stock.colour, s.stock.name].filter(Boolean).join(' ') : '',
    ],
    [
      'Inks',
      s.inks
        ? `${s.inks.front}/${s.inks.back}${s.inks.spots.length ? ` + ${s.inks.spots.join(', ')}` : ''}`
        : '',
    ],
    ['Finishing', finishing],
    ['Proof', `${item.proof === 'pdf' ? 'PDF' : human(item.proof)} — ${human(item.proofStatus)}`],
    ['Packaging', item.packaging ?? ''],
    [
      'Mailing',
      s.mailing
        ? `${human(s.mailing.mailClass)}${s.mailing.pieces ? `, ${s.mailing.pieces.toLocaleString('en-US')} pieces` : ''}${s.mailing.dropDate ? `, drop ${s.mailing.dropDate}` : ''}`
        : '',
    ],
    ['Notes', item.description ?? ''],
  ];
  return rows.filter(([, v]) => v !== '');
}

/** Builds the ticket's content, with the job number as a Code 128 barcode and a QR code linking to the job. */
export async function ticketContent(
  job: Job,
  party: TicketParty & { accountName: string; contactName: string | null },
  url: string,
): Promise<TicketContent> {
  const ship = party.shipTo;
  const [barcode, qr] = await Promise.all([
    bwipjs.toBuffer({ bcid: 'code128', text: job.number, scale: 2, height: 12, includetext: false }),
    bwipjs.toBuffer({ bcid: 'qrcode', text: url, scale: 3 }),
  ]);
  return {
    number: job.number,
    title: job.title,
    barcode,
    qr,
    facts: [
      ['Account', party.accountName],
      ['Contact', party.contactName ?? ''],
      ['Account manager', job.owner?.name ?? ''],
      ['Client PO', job.clientPo ?? ''],
      ['Status · priority', `${human(job.status)} · ${human(job.priority)}`],
      ['Due', job.dueDate],
      ['In hands', job.inHandsDate ?? ''],
      [
        'Ship to',
        ship
          ? `${ship.attention ? `${ship.attention}, ` : ''}${ship.line1}${ship.line2 ? `, ${ship.line2}` : ''}, ${ship.city}, ${ship.region} ${ship.postalCode}`
          : 'No shipping address on file',
      ],
    ],
    items: job.items.map((i) => ({
      heading: `Item ${i.position}: ${productTypeName(i.productType)}`,
      rows: itemRows(i),
    })),
    stages: {
      header: ['Department', 'Stage', 'Planned', 'Status'],
      rows: job.stages.map((s) => [
        s.department.name,
        s.name,
        `${s.plannedStart} → ${s.plannedEnd}`,
        human(s.status),
      ]),
    },
    notes: [
      ['Description', job.description ?? ''],
      ['For production', job.internalNotes ?? ''],
      ['For the client', job.clientNotes ?? ''],
    ].filter(([, v]) => v !== '') as Rows,
  };
}
