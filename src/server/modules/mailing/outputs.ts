import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { DedupeReport, MailingRecord, Presort } from '../../../shared/mailing';
import { mailClassLabels, sortLevelLabels } from '../../../shared/mailing';
import type { Db } from '../../platform/db';
import { FONT, newPdfDocument, pdfBytes } from '../../platform/documents/fonts';
import type { Letterhead } from '../../platform/documents/letterhead';
import { businessDocumentPdf } from '../../platform/documents/pdf';
import { conflict } from '../../platform/errors';
import { drawImb } from './imb';
import { getMailingSettings, imbOf } from './imb-serials';
import { findList } from './lists';
import { readRecords, readRecordsBySeq, type FullRecord, type RecordFilter } from './records-repo';

const PAGE = 2000;

export function presentRecord(r: FullRecord): MailingRecord {
  return {
    seq: r.seq,
    name: r.full_name,
    company: r.company,
    address1: r.address1,
    address2: r.address2,
    city: r.city,
    state: r.state,
    zip: r.zip4 ? `${r.zip}-${r.zip4}` : r.zip,
    standardized:
      r.std_address1 === null
        ? null
        : {
            address1: r.std_address1,
            address2: r.std_address2 ?? '',
            city: r.std_city ?? '',
            state: r.std_state ?? '',
            zip5: r.std_zip5 ?? '',
            zip4: r.std_zip4 ?? '',
          },
    flags: r.flags ?? [],
    duplicate: r.dup_kind && r.dup_of !== null ? { kind: r.dup_kind, of: r.dup_of } : null,
    serial: r.serial === null ? null : Number(r.serial),
    custom: r.custom ?? {},
  };
}

const withoutStandardisation = (r: FullRecord): FullRecord => ({
  ...r,
  std_address1: null,
  std_address2: null,
  std_city: null,
  std_state: null,
  std_zip5: null,
  std_zip4: null,
  flags: null,
  mailable: null,
  dup_kind: null,
  dup_of: null,
  serial: null,
});

/** A page of the list's records (keyset on the file row number). */
export async function listRecords(opts: {
  db: Db;
  id: string;
  filter: RecordFilter;
  limit: number;
  cursor?: string;
}) {
  const { db, id, filter, limit, cursor } = opts;
  const list = await findList(db, id);
  if (!list.currentImportId) return { items: [], nextCursor: null };
  const after = cursor ? Number.parseInt(cursor, 10) || 0 : 0;
  // Rows are standardised as they are imported, but the list shows it (and its flags) only once it
  // has been standardised: until then no record is flagged, mailable or a duplicate.
  const standardised = list.standardizedAt !== null;
  if (!standardised && filter !== 'all') return { items: [], nextCursor: null };
  const rows = await readRecords(db, list.currentImportId, filter, after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => presentRecord(standardised ? r : withoutStandardisation(r))),
    nextCursor: rows.length > limit ? String(page.at(-1)!.seq) : null,
  };
}

const oneLine = (r: FullRecord) =>
  [
    r.std_address1 ?? r.address1,
    r.std_address2 ?? r.address2,
    r.std_city ?? r.city,
    r.std_state ?? r.state,
    r.std_zip5 ?? r.zip,
  ]
    .filter(Boolean)
    .join(', ');

/** The first duplicates with the records they duplicate: what was removed and what was kept. */
export async function dedupeReport(opts: { db: Db; id: string; limit?: number }): Promise<DedupeReport> {
  const { db, id, limit = 100 } = opts;
  const list = await findList(db, id);
  if (!list.currentImportId) return { summary: null, pairs: [] };
  const removed = await readRecords(db, list.currentImportId, 'duplicates', 0, limit);
  const kept = new Map(
    (await readRecordsBySeq(db, list.currentImportId, [...new Set(removed.map((r) => r.dup_of!))])).map(
      (r) => [r.seq, r],
    ),
  );
  return {
    summary: list.dedupe ?? null,
    pairs: removed.map((r) => {
      const k = kept.get(r.dup_of!)!;
      return {
        kind: r.dup_kind!,
        removed: { seq: r.seq, name: r.full_name || r.company, address: oneLine(r) },
        kept: { seq: k.seq, name: k.full_name || k.company, address: oneLine(k) },
      };
    }),
  };
}

async function* pages(db: Db, importId: string, filter: RecordFilter) {
  let after = 0;
  for (;;) {
    const rows = await readRecords(db, importId, filter, after, PAGE);
    if (!rows.length) return;
    yield rows;
    after = rows.at(-1)!.seq;
  }
}

// Spreadsheet programs run cells starting with = + - @ as formulas; a leading ' keeps them text.
const guard = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);

/** The cleaned list (mailable pieces, duplicates removed) as rows, with the IMb columns. */
async function cleanedRows(db: Db, id: string) {
  const list = await findList(db, id);
  if (!list.currentImportId || !list.standardizedAt) throw conflict('Standardise the list first');
  const settings = await getMailingSettings({ db });
  const header = [
    'Row',
    'Name',
    'Company',
    'Address 1',
    'Address 2',
    'City',
    'State',
    'ZIP',
    'ZIP+4',
    ...list.customFields,
    'Flags',
    'IMb tracking code',
    'IMb routing code',
    'IMb',
  ];
  async function* rows() {
    for await (const batch of pages(db, list.currentImportId!, 'mailable')) {
      yield batch.map((r) => {
        const imb = imbOf(settings, list.mailClass, r);
        return [
          String(r.seq),
          r.full_name,
          r.company,
          r.std_address1 ?? '',
          r.std_address2 ?? '',
          r.std_city ?? '',
          r.std_state ?? '',
          r.std_zip5 ?? '',
          r.std_zip4 ?? '',
          ...list.customFields.map((f) => r.custom?.[f] ?? ''),
          (r.flags ?? []).join(' '),
          imb?.trackingCode ?? '',
          imb?.routingCode ?? '',
          imb?.bars ?? '',
        ].map(guard);
      });
    }
  }
  return { list, header, rows };
}

/** The cleaned list as CSV, streamed page by page. */
export async function exportCsv(opts: { db: Db; id: string }) {
  const { db, id } = opts;
  const { list, header, rows } = await cleanedRows(db, id);
  async function* lines() {
    yield '\uFEFF' + stringify([header]);
    for await (const batch of rows()) yield stringify(batch);
  }
  return {
    filename: `${slug(list.name)}-cleaned.csv`,
    contentType: 'text/csv; charset=utf-8',
    body: Readable.from(lines()),
  };
}

/** The cleaned list as XLSX, written with exceljs's streaming writer (rows are not held in memory). */
export async function exportXlsx(opts: { db: Db; id: string }) {
  const { db, id } = opts;
  const { list, header, rows } = await cleanedRows(db, id);
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Mailing list');
  void (async () => {
    sheet.addRow(header).commit();
    for await (const batch of rows()) for (const r of batch) sheet.addRow(r).commit();
    await workbook.commit();
  })().catch((err: Error) => out.destroy(err));
  return {
    filename: `${slug(list.name)}-cleaned.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: out,
  };
}

/** Every removed duplicate beside the record that was kept, as CSV. */
export async function exportDuplicates(opts: { db: Db; id: string }) {
  const { db, id } = opts;
  const list = await findList(db, id);
  if (!list.currentImportId) throw conflict('The list has no records yet');
  const importId = list.currentImportId;
  async function* lines() {
    yield (
      '\uFEFF' +
      stringify([
        ['Removed row', 'Match', 'Removed name', 'Removed address', 'Kept row', 'Kept name', 'Kept address'],
      ])
    );
    for await (const batch of pages(db, importId, 'duplicates')) {
      const kept = new Map(
        (await readRecordsBySeq(db, importId, [...new Set(batch.map((r) => r.dup_of!))])).map((r) => [
          r.seq,
          r,
        ]),
      );
      yield stringify(
        batch.map((r) => {
          const k = kept.get(r.dup_of!)!;
          return [
            r.seq,
            r.dup_kind,
            r.full_name || r.company,
            oneLine(r),
            k.seq,
            k.full_name || k.company,
            oneLine(k),
          ].map((v) => guard(String(v)));
        }),
      );
    }
  }
  return {
    filename: `${slug(list.name)}-duplicates.csv`,
    contentType: 'text/csv; charset=utf-8',
    body: Readable.from(lines()),
  };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'mailing-list';

/** A mail-merge proof: the first N pieces on #10 envelopes with the address block and the IMb drawn. */
export async function proofPdf(opts: {
  db: Db;
  id: string;
  pieces: number;
  letterhead: Letterhead;
}): Promise<{ filename: string; body: Buffer }> {
  const { db, id, pieces, letterhead } = opts;
  const list = await findList(db, id);
  if (!list.currentImportId || !list.standardizedAt) throw conflict('Standardise the list first');
  const settings = await getMailingSettings({ db });
  const rows = await readRecords(db, list.currentImportId, 'mailable', 0, pieces);
  const doc = newPdfDocument({ size: [684, 297], margin: 0, info: { Title: `${list.name} — proof` } });
  const done = pdfBytes(doc);
  if (!rows.length) doc.fontSize(12).text('No mailable pieces: standardise and check the flags.');
  rows.forEach((r, i) => {
    if (i > 0) doc.addPage();
    doc.font(FONT.regular).fontSize(8).fillColor('#111827').text(letterhead.name, 24, 24);
    doc
      .fontSize(7)
      .fillColor('#6b7280')
      .text(
        `PROOF — piece ${i + 1} of ${rows.length} (row ${r.seq} of ${list.sourceFilename ?? 'the list'})`,
        24,
        272,
        { lineBreak: false },
      );
    const imb = imbOf(settings, list.mailClass, r);
    const x = 300;
    let y = 130;
    if (imb) {
      drawImb(doc, imb.bars, x, y);
      y += 22;
    } else {
      doc.fontSize(7).fillColor('#b91c1c').text('IMb not assigned yet', x, y);
      y += 14;
    }
    const lines = [
      r.full_name.toUpperCase(),
      r.company.toUpperCase(),
      r.std_address2 ? `${r.std_address1} ${r.std_address2}` : (r.std_address1 ?? ''),
      `${r.std_city ?? ''} ${r.std_state ?? ''}  ${r.std_zip5 ?? ''}${r.std_zip4 ? `-${r.std_zip4}` : ''}`,
    ].filter((l) => l.trim());
    doc.font(FONT.regular).fontSize(11).fillColor('#111827');
    for (const line of lines) {
      doc.text(line, x, y, { lineBreak: false });
      y += 14;
    }
    const custom = Object.entries(r.custom ?? {});
    if (custom.length) {
      doc
        .fontSize(7)
        .fillColor('#6b7280')
        .text(custom.map(([k, v]) => `${k}: ${v}`).join('   '), 24, 250, {
          width: 630,
          height: 18,
          ellipsis: true,
        });
    }
  });
  doc.end();
  return { filename: `${slug(list.name)}-proof.pdf`, body: await done };
}

const money = (cents: number | null) =>
  cents === null ? '—' : `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;

/** The presort and postage report as a PDF. */
export async function presortReportPdf(list: { name: string }, presort: Presort, letterhead: Letterhead) {
  const rows: string[][] = presort.postage.lines.map((l) => [
    sortLevelLabels[l.sortLevel],
    l.pieces.toLocaleString('en-US'),
    String(presort.levels.find((x) => x.sortLevel === l.sortLevel)?.trays ?? '—'),
    l.rateMills === null ? 'no rate' : `$${(l.rateMills / 1000).toFixed(3)}`,
    money(l.amountCents),
  ]);
  for (const t of presort.threeDigit)
    rows.push([
      `3-digit ${t.zip3} (${sortLevelLabels[t.level]})`,
      t.pieces.toLocaleString('en-US'),
      String(t.trays),
      '',
      '',
    ]);
  const body = await businessDocumentPdf({
    letterhead,
    title: 'Presort and postage estimate',
    number: list.name,
    parties: [],
    facts: [
      ['Mail class', mailClassLabels[presort.mailClass]],
      ['Shape', presort.shape],
      ['Mailing date', presort.postage.mailingDate],
      ['Pieces', presort.pieces.toLocaleString('en-US')],
      ['Duplicates removed', presort.duplicatesRemoved.toLocaleString('en-US')],
      ['Not mailable', presort.notMailable.toLocaleString('en-US')],
      ['Trays (estimate)', String(presort.totalTrays)],
      ['Rates', presort.postage.rateSource],
    ],
    table: {
      columns: [
        { label: 'Sort level' },
        { label: 'Pieces', align: 'right' },
        { label: 'Trays', align: 'right' },
        { label: 'Rate', align: 'right' },
        { label: 'Postage', align: 'right' },
      ],
      rows,
      totals: [['Estimated postage', money(presort.postage.totalCents)]],
    },
    notes: [
      presort.minimum.message,
      ...presort.postage.missing,
      'Planning estimate: not a USPS-qualified presort.',
    ].join('\n'),
  });
  return { filename: `${slug(list.name)}-presort.pdf`, body };
}
