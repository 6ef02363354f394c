import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { wordPage } from '../../../platform/documents/letterhead';
import { displayCell, localDateTime, totalType } from './cells';
import { collectForDocument, type ReportSource } from './source';

/** The shop's paper turned on its side (docx swaps the sides it is given for a landscape page). */
const landscape = (page: ReturnType<typeof wordPage>) => ({
  ...page,
  size: { ...page.size, orientation: PageOrientation.LANDSCAPE },
});

const thin = { style: BorderStyle.SINGLE, size: 4, color: 'D1D5DB' };
const borders = { top: thin, bottom: thin, left: thin, right: thin };
const cell = (text: string, opts: { bold?: boolean; right?: boolean; shade?: boolean } = {}) =>
  new TableCell({
    borders,
    shading: opts.shade ? { fill: 'F3F4F6' } : undefined,
    children: [
      new Paragraph({
        alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: opts.bold, size: 16 })],
      }),
    ],
  });
const factsTable = (rows: [string, string][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(([k, v]) => new TableRow({ children: [cell(k, { bold: true }), cell(v || '—')] })),
  });
const heading = (text: string) =>
  new Paragraph({ text, heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 80 } });

/** A Word summary of the report: parameters, the totals, then the table (landscape, header row repeated). */
export async function writeDocx(source: ReportSource): Promise<Buffer> {
  const { prepared, columns, timeZone } = source;
  const data = await collectForDocument(source);
  const generated = `${localDateTime(prepared.ctx.now.toISOString(), timeZone)} (${timeZone})`;
  const right = (t: string) => !['text', 'date', 'datetime'].includes(t);
  const summary: [string, string][] = [['Rows', String(data.total)]];
  if (data.totals) {
    for (const c of columns.filter((col) => col.total)) {
      summary.push([c.label, displayCell(data.totals[c.key] ?? null, totalType(c), timeZone)]);
    }
  }
  const rows = [
    new TableRow({
      tableHeader: true,
      children: columns.map((c) => cell(c.label, { bold: true, shade: true, right: right(c.type) })),
    }),
    ...data.rows.map(
      (r) =>
        new TableRow({
          children: columns.map((c) =>
            cell(displayCell(r[c.key] ?? null, c.type, timeZone), { right: right(c.type) }),
          ),
        }),
    ),
  ];
  if (data.totals) {
    rows.push(
      new TableRow({
        children: columns.map((c, i) =>
          cell(
            c.total
              ? displayCell(data.totals![c.key] ?? null, totalType(c), timeZone)
              : i === 0
                ? 'Total'
                : '',
            {
              bold: true,
              right: right(c.total ? totalType(c) : c.type),
            },
          ),
        ),
      }),
    );
  }
  const doc = new Document({
    creator: source.letterhead.name,
    title: prepared.def.title,
    sections: [
      {
        properties: { page: landscape(wordPage(source.letterhead.paper)) },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({ text: `${prepared.def.title} · Generated ${generated} · Page `, size: 16 }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 16 }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            children: [new TextRun({ text: source.letterhead.name, size: 18, color: '6B7280' })],
          }),
          ...source.letterhead.lines.map(
            (line) => new Paragraph({ children: [new TextRun({ text: line, size: 14, color: '6B7280' })] }),
          ),
          new Paragraph({
            heading: HeadingLevel.TITLE,
            children: [new TextRun({ text: prepared.def.title, bold: true })],
          }),
          new Paragraph({ children: [new TextRun({ text: prepared.def.description, size: 20 })] }),
          heading('Parameters'),
          factsTable([...prepared.labels, ['Generated', generated]]),
          heading('Summary'),
          factsTable(summary),
          heading('Rows'),
          ...(data.rows.length
            ? [new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows })]
            : [new Paragraph({ text: 'No rows for these parameters.' })]),
          ...(data.total > data.rows.length
            ? [
                new Paragraph({
                  text: `The first ${data.rows.length} of ${data.total} rows. Download the Excel or CSV file for all of them.`,
                }),
              ]
            : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
