import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as csvParse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError, invalid } from '../../../platform/errors';
import { checkZipInflation, tooManyColumns, uploadLimits } from '../../../platform/documents/upload-limits';

/** Bigger files are refused with a 413; 1,000,000 typical mailing rows are about 100 MB. */
const WRONG_KIND = 'Send a .csv, .txt or .xlsx file';

export type SourceKind = 'csv' | 'xlsx';
export type Spooled = { path: string; bytes: number; kind: SourceKind; encoding: string };

/**
 * Streams an uploaded body to disk (never into memory), counting bytes against the limit and telling
 * the encoding as it goes: a BOM names UTF-8/UTF-16; otherwise bytes that are valid UTF-8 throughout
 * are UTF-8, else windows-1252 (what Excel writes on Windows). An .xlsx is recognised by its ZIP header.
 */
export async function spoolUpload(opts: {
  body: Readable;
  filename: string;
  dir: string;
  name: string;
}): Promise<Spooled> {
  const ext = opts.filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  if (ext === 'xls') throw invalid('Old .xls workbooks are not supported; save it as .xlsx or .csv');
  if (!['csv', 'txt', 'tsv', 'xlsx', 'xlsm'].includes(ext)) throw invalid(WRONG_KIND);
  await mkdir(opts.dir, { recursive: true });
  const final = path.join(opts.dir, opts.name);
  const tmp = `${final}.partial`;
  let bytes = 0;
  let head = Buffer.alloc(0);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > uploadLimits.maxUploadBytes) {
        done(
          new AppError(
            'PAYLOAD_TOO_LARGE',
            `The file is larger than ${uploadLimits.maxUploadBytes / 1024 / 1024} MB (JOBJACKET_IMPORT_MAX_MB); split it into smaller files`,
          ),
        );
        return;
      }
      if (head.length < 4) head = Buffer.concat([head, chunk]).subarray(0, 4);
      if (validUtf8) {
        try {
          utf8.decode(chunk, { stream: true });
        } catch {
          validUtf8 = false;
        }
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(opts.body, meter, createWriteStream(tmp));
    if (validUtf8) {
      try {
        utf8.decode();
      } catch {
        validUtf8 = false;
      }
    }
  } catch (err) {
    await unlink(tmp).catch(() => {});
    if (err instanceof AppError) throw err;
    throw invalid(`The upload was interrupted: ${(err as Error).message}`);
  }
  if (bytes === 0) {
    await unlink(tmp).catch(() => {});
    throw invalid('The file is empty');
  }
  await rename(tmp, final);
  const isZip = head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const fail = async (message: string) => {
    await unlink(final).catch(() => {});
    return invalid(message);
  };
  if (isZip) {
    if (!['xlsx', 'xlsm', 'csv', 'txt'].includes(ext)) throw await fail(WRONG_KIND);
    return { path: final, bytes, kind: 'xlsx', encoding: 'xlsx' };
  }
  if (ext === 'xlsx' || ext === 'xlsm') {
    throw await fail('The .xlsx file is damaged or not really an .xlsx file');
  }
  let encoding = validUtf8 ? 'utf-8' : 'windows-1252';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) encoding = 'utf-8';
  else if (head[0] === 0xff && head[1] === 0xfe) encoding = 'utf-16le';
  else if (head[0] === 0xfe && head[1] === 0xff) encoding = 'utf-16be';
  return { path: final, bytes, kind: 'csv', encoding };
}

// WHATWG windows-1252 for 0x80–0x9F (Node's TextDecoder treats the label as ISO-8859-1 there).
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decoderFor(encoding: string): (chunk: Buffer | null) => string {
  if (encoding === 'windows-1252') {
    return (chunk) => {
      if (!chunk) return '';
      let out = '';
      for (let i = 0; i < chunk.length; i += 8192) {
        const part = chunk.subarray(i, i + 8192);
        out += String.fromCharCode(
          ...Array.from(part, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b)),
        );
      }
      return out;
    };
  }
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  return (chunk) => (chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
}

/** The most frequent of `,` `;` `|` and tab on the header line, outside quotes. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let quoted = false;
  for (const ch of text.slice(0, 65_536)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]! += 1;
  }
  return Object.entries(counts).reduce((best, [d, n]) => (n > counts[best]! ? d : best), ',');
}

export type SourceRow = { row: number; cells: string[] };
export type SourceProgress = { bytesRead: number; totalBytes: number };

async function readHead(file: string, encoding: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return decoderFor(encoding)(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

function looksBinary(text: string): boolean {
  const allowed = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1b]);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && !allowed.has(code)) return true;
  }
  return false;
}

/**
 * Every row of the spooled file, header first (row 1), one at a time: memory stays flat whatever
 * the file's size. Blank rows are skipped; `progress` reports bytes read for the progress bar.
 */
export async function* readSource(
  spooled: Pick<Spooled, 'path' | 'kind' | 'encoding'>,
  progress?: SourceProgress,
): AsyncGenerator<SourceRow> {
  if (spooled.kind === 'xlsx') {
    yield* readXlsx(spooled.path, progress);
    return;
  }
  const head = await readHead(spooled.path, spooled.encoding);
  if (looksBinary(head.replace(/^\uFEFF/, ''))) {
    throw invalid(
      `This does not look like a text file in ${spooled.encoding} (it has control characters). ` +
        'Save it as CSV UTF-8, or as .xlsx',
    );
  }
  const decode = decoderFor(spooled.encoding);
  const input = createReadStream(spooled.path, { highWaterMark: 256 * 1024 });
  const decoder = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (progress) progress.bytesRead += chunk.length;
      done(null, decode(chunk));
    },
    flush(done) {
      done(null, decode(null));
    },
  });
  const parser = csvParse({
    delimiter: detectDelimiter(head.replace(/^\uFEFF/, '')),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
    // A row longer than this is refused at once, before it is split into cells.
    max_record_size: uploadLimits.maxRowChars,
  });
  input.pipe(decoder).pipe(parser);
  input.on('error', (e) => parser.destroy(e));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (record.length > uploadLimits.maxColumns) throw tooManyColumns(record.length);
      if (row > 1 && record.every((c) => !c.trim())) continue;
      yield { row, cells: record };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      throw invalid(
        `Row ${row + 1} is longer than ${uploadLimits.maxRowChars.toLocaleString('en-US')} characters: ` +
          'check its quotes, or split the file',
      );
    }
    throw invalid(`The CSV file cannot be read near row ${row + 1}: ${(err as Error).message}`);
  } finally {
    input.destroy();
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A cell's value as the text a user sees: formulas by their result, ZIPs with their leading zeros. */
function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(value))
      return String(value).padStart(numFmt.length, '0');
    return String(Number(value.toPrecision(15)));
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date)
    return `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null, numFmt);
  if ('hyperlink' in value) {
    const text = (value as { text?: ExcelJS.CellValue }).text;
    return text === undefined ? value.hyperlink : cellText(text, numFmt);
  }
  if ('error' in value) return String(value.error);
  return '';
}

async function* readXlsx(file: string, progress?: SourceProgress): AsyncGenerator<SourceRow> {
  await checkZipInflation(file);
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  if (progress) input.on('data', (chunk) => (progress.bytesRead += chunk.length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let width = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const n = row.number;
        // A single cell far to the right (column XFD) would make every row 16,384 cells wide.
        if (row.cellCount > uploadLimits.maxColumns) throw tooManyColumns(row.cellCount);
        if (n === 1) width = row.cellCount;
        const cells: string[] = [];
        const count = Math.max(width, row.cellCount);
        for (let c = 1; c <= count; c++) {
          const cell = row.getCell(c);
          cells.push(cellText(cell.value, cell.numFmt).trim());
        }
        if (n > 1 && cells.every((c) => !c)) continue;
        yield { row: n, cells };
      }
      break; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw invalid('The .xlsx file is damaged and cannot be read; save it again from Excel or send a CSV');
  } finally {
    input.destroy();
  }
}
