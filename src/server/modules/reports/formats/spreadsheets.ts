import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ColumnType, ReportColumn, Row } from '../../../../shared/reports';
import { csvCell, localDateTime, neutralise, totalType } from './cells';
import type { ReportSource } from './source';

const numFmt: Partial<Record<ColumnType, string>> = {
  integer: '#,##0',
  number: '#,##0.0',
  money: '"$"#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

/**
 * Waits while the reader is behind (a slow download), so at most about a page of rows is buffered; stops when the
 * reader has gone.
 */
async function drained(out: Writable) {
  if (out.destroyed) throw new Error('The download was cancelled');
  if (!out.writableNeedDrain) return;
  // The listener of the event that did not happen is removed too: one page at a time must not pile them up.
  const settled = new AbortController();
  const event = (name: string) => once(out, name, { signal: settled.signal }).catch(() => {});
  await Promise.race([event('drain'), event('close')]);
  settled.abort();
}

/** Excel has no time zones: a moment is written as its shop-local wall-clock time. */
const wallClock = (iso: string, timeZone: string) =>
  new Date(`${localDateTime(iso, timeZone).replace(' ', 'T')}:00Z`);

function xlsxValue(value: Row[string], type: ColumnType, timeZone: string): ExcelJS.CellValue {
  if (value === null) return null;
  if (typeof value === 'number') return type === 'money' ? value / 100 : value;
  if (type === 'date') return new Date(`${value}T00:00:00Z`);
  if (type === 'datetime') return wallClock(value, timeZone);
  // A string cell is never a formula; the apostrophe also keeps it inert when someone edits the cell.
  return neutralise(value);
}

/** Column widths in characters: from the header and the first page of values, within sensible bounds. */
function widths(columns: ReportColumn[], sample: Row[]) {
  return columns.map((c) => {
    const fixed = { date: 12, datetime: 17, money: 14, percent: 10, integer: 10, number: 12 } as const;
    let w: number = c.type === 'text' ? 8 : fixed[c.type];
    if (c.type === 'text') {
      for (const r of sample) w = Math.max(w, String(r[c.key] ?? '').length);
    }
    return Math.min(Math.max(w, c.label.length) + 2, 60);
  });
}

/** Excel's sheet names: at most 31 characters, none of \ / ? * [ ] : */
const sheetName = (title: string) => title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);

/**
 * The report as an XLSX workbook streamed to `out` (exceljs's WorkbookWriter: each row is written and
 * forgotten). Typed cells with number formats, a frozen bold header, an auto-filter, a totals row, and a
 * second sheet with the parameters and when the report was generated.
 */
export const writeXlsx = (source: ReportSource, out: Writable) => writeWorkbook([source], out);

/** Several reports in one workbook (a client pack): a sheet per report, then one Parameters sheet. */
export async function writeWorkbook(sources: ReportSource[], out: Writable): Promise<void> {
  const first = sources[0]!;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Jobjacket';
  workbook.created = first.prepared.ctx.now;
  const names = new Set<string>();
  for (const source of sources) {
    let name = sheetName(source.prepared.def.title);
    for (let i = 2; names.has(name); i++) name = `${name.slice(0, 28)} ${i}`;
    names.add(name);
    await writeSheet(workbook, name, source, out);
  }

  const { timeZone } = first;
  const about = workbook.addWorksheet('Parameters');
  about.columns = [
    { header: 'Parameter', key: 'k', width: 24 },
    { header: 'Value', key: 'v', width: 60 },
  ];
  about.getRow(1).font = { bold: true };
  const facts: [string, ExcelJS.CellValue][] = [];
  for (const { prepared, summary } of sources) {
    facts.push(
      ['Report', prepared.def.title],
      ...prepared.labels.map(([k, v]) => [k, neutralise(v)] as [string, string]),
      ['Rows', summary.rowCount],
    );
  }
  facts.push(
    ['Generated', wallClock(first.prepared.ctx.now.toISOString(), timeZone)],
    ['Time zone', timeZone],
  );
  for (const [k, v] of facts) {
    const row = about.addRow([k, v]);
    if (k === 'Report') row.font = { bold: true };
    if (v instanceof Date) row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
    row.commit();
  }
  about.commit();
  await workbook.commit();
}

async function writeSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  source: ReportSource,
  out: Writable,
) {
  const { columns, timeZone } = source;
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  let first = true;
  for await (const page of source.pages()) {
    if (first) {
      const w = widths(columns, page);
      sheet.columns = columns.map((c, i) => ({
        key: c.key,
        header: c.label,
        width: w[i],
        style: numFmt[c.type] ? { numFmt: numFmt[c.type] } : {},
      }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      first = false;
    }
    for (const row of page) {
      sheet.addRow(columns.map((c) => xlsxValue(row[c.key] ?? null, c.type, timeZone))).commit();
    }
    source.progress(page.length);
    await drained(out);
  }
  if (first) {
    sheet.columns = columns.map((c, i) => ({ key: c.key, header: c.label, width: widths(columns, [])[i] }));
    sheet.getRow(1).font = { bold: true };
  }
  const totals = source.summary.totals();
  if (totals) {
    const row = sheet.addRow(
      columns.map((c, i) =>
        c.total ? xlsxValue(totals[c.key] ?? null, totalType(c), timeZone) : i === 0 ? 'Total' : null,
      ),
    );
    row.font = { bold: true };
    columns.forEach((c, i) => {
      const fmt = c.total ? numFmt[totalType(c)] : undefined;
      if (fmt) row.getCell(i + 1).numFmt = fmt;
    });
    row.commit();
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  sheet.commit();
}

/** The report as CSV (UTF-8, CRLF, optional BOM for Excel) streamed to `out` with back-pressure. */
export async function writeCsv(source: ReportSource, out: Writable, bom: boolean): Promise<void> {
  const { columns, timeZone } = source;
  const csv = stringify({ record_delimiter: 'windows', bom });
  csv.pipe(out);
  const write = async (record: (string | number)[]) => {
    if (out.destroyed) throw new Error('The download was cancelled');
    if (!csv.write(record)) await Promise.race([once(csv, 'drain'), once(out, 'close')]);
  };
  await write(columns.map((c) => neutralise(c.label)));
  for await (const page of source.pages()) {
    for (const row of page) await write(columns.map((c) => csvCell(row[c.key] ?? null, c.type, timeZone)));
    source.progress(page.length);
  }
  const totals = source.summary.totals();
  if (totals) {
    await write(
      columns.map((c, i) =>
        c.total ? csvCell(totals[c.key] ?? null, totalType(c), timeZone) : i === 0 ? 'Total' : '',
      ),
    );
  }
  csv.end();
  await once(out, 'finish').catch(() => {});
}
