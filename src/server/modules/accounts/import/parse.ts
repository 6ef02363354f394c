import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { invalid } from '../../../platform/errors';

/** What any uploaded sheet becomes: a header row and the data rows numbered as a spreadsheet shows them. */
export type ParsedSheet = {
  encoding: string;
  columns: string[];
  /** Data rows; `row` is the spreadsheet row number (the header is row 1). Blank rows are left out. */
  rows: { row: number; cells: string[] }[];
};

export const MAX_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 20_000;
const WRONG_KIND = 'Send a .csv or .xlsx file';

/** Parses an uploaded CSV or XLSX file; any file we cannot read is a 400 problem, never a 500. */
export async function parseUpload(filename: string, content: Buffer): Promise<ParsedSheet> {
  if (content.length > MAX_BYTES) {
    throw invalid(`The file is larger than ${MAX_BYTES / 1024 / 1024} MB; split it into smaller files`);
  }
  if (content.length === 0) throw invalid('The file is empty');
  const ext = filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  const isZip = content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (isZip) {
    if (ext && !['xlsx', 'xlsm', 'csv', 'txt'].includes(ext)) throw invalid(WRONG_KIND);
    return parseXlsx(content);
  }
  if (ext === 'xlsx' || ext === 'xlsm')
    throw invalid('The .xlsx file is damaged or not really an .xlsx file');
  if (ext === 'xls') throw invalid('Old .xls workbooks are not supported; save it as .xlsx or .csv');
  if (!['csv', 'txt', 'tsv'].includes(ext)) throw invalid(WRONG_KIND);
  const { text, encoding } = decodeText(content);
  if (looksBinary(text)) throw invalid(`This does not look like a text CSV file. ${WRONG_KIND}`);
  return parseCsvText(text, encoding);
}

// WHATWG windows-1252 for 0x80–0x9F; Node's TextDecoder treats the label as ISO-8859-1 there.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(
      ...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b)),
    );
  }
  return out;
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 by BOM, else windows-1252. */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8 (BOM)' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le (BOM)' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be (BOM)' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

function looksBinary(text: string): boolean {
  // Text files carry tabs, line breaks and form feeds, not NULs and other C0 control characters.
  const allowed = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1b]);
  const sample = text.slice(0, 65_536);
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 0x20 && !allowed.has(code)) return true;
  }
  return false;
}

/** The most frequent of `,` `;` and tab on the header line, outside quotes. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text.slice(0, 65_536)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]! += 1;
  }
  return Object.entries(counts).reduce((best, [d, n]) => (n > counts[best]! ? d : best), ',');
}

function headerNames(raw: string[]): string[] {
  const trimmedEnd = [...raw];
  while (trimmedEnd.length && !trimmedEnd.at(-1)!.trim()) trimmedEnd.pop();
  return trimmedEnd.map((h, i) => h.trim() || `Column ${i + 1}`);
}

function toSheet(records: string[][], encoding: string): ParsedSheet {
  const [header, ...data] = records;
  if (!header || header.every((h) => !h.trim())) throw invalid('The file has no header row');
  const rows: ParsedSheet['rows'] = [];
  data.forEach((cells, i) => {
    if (cells.some((c) => c.trim())) rows.push({ row: i + 2, cells });
  });
  if (rows.length > MAX_ROWS) {
    throw invalid(`The file has ${rows.length} rows; import at most ${MAX_ROWS} rows at a time`);
  }
  return { encoding, columns: headerNames(header), rows };
}

function parseCsvText(text: string, encoding: string): ParsedSheet {
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch (err) {
    throw invalid(`The CSV file cannot be read: ${(err as Error).message}`);
  }
  return toSheet(records, encoding);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function formatNumber(n: number, numFmt: string | undefined): string {
  // Excel shows 2134 with format "00000" as 02134 (ZIP codes); keep what the user saw.
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(n)) return String(n).padStart(numFmt.length, '0');
  return String(Number(n.toPrecision(15)));
}

function formatDate(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const hasTime = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds();
  return hasTime ? `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : day;
}

/** A cell's value as the text a user sees: formulas by their result, rich text flattened. */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatDate(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null, numFmt);
  }
  if ('hyperlink' in value) {
    const text = (value as { text?: ExcelJS.CellValue }).text;
    return text === undefined ? value.hyperlink : cellText(text, numFmt);
  }
  if ('error' in value) return String(value.error);
  return '';
}

async function parseXlsx(content: Buffer): Promise<ParsedSheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw invalid('The .xlsx file is damaged and cannot be opened; save it again from Excel or send a CSV');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalid('The workbook has no worksheet');
  if (sheet.actualRowCount > MAX_ROWS + 1) {
    throw invalid(
      `The sheet has ${sheet.actualRowCount - 1} rows; import at most ${MAX_ROWS} rows at a time`,
    );
  }
  const width = sheet.getRow(1).cellCount;
  const records: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      cells.push(cellText(cell.value, cell.numFmt).trim());
    }
    records.push(cells);
  }
  return toSheet(records, 'xlsx');
}
