import type { Writable } from 'node:stream';
import type { ExportFormat } from '../../../../shared/reports';
import type { ReportSource } from './source';
import { writeDocx } from './docx';
import { writePdf } from './pdf';
import { writeCsv, writeXlsx } from './spreadsheets';

/** Writes the report in the format to `out`; spreadsheets stream, PDF and Word carry the first rows only. */
export async function writeReport(
  format: ExportFormat,
  source: ReportSource,
  out: Writable,
  opts: { bom?: boolean } = {},
): Promise<void> {
  switch (format) {
    case 'xlsx':
      return writeXlsx(source, out);
    case 'csv':
      return writeCsv(source, out, opts.bom ?? false);
    case 'pdf':
      return endWith(out, await writePdf(source));
    case 'docx':
      return endWith(out, await writeDocx(source));
  }
}

async function endWith(out: Writable, body: Buffer) {
  await new Promise<void>((resolve, reject) =>
    out.end(body, (err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

export const fileName = (reportId: string, today: string, format: ExportFormat) =>
  `${reportId}-${today}.${format}`;

export { collectForDocument, DOCUMENT_ROWS, reportSource, type ReportSource } from './source';
