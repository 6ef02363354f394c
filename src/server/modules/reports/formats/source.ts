import type { ReportColumn, Row } from '../../../../shared/reports';
import type { Db } from '../../../platform/db';
import type { Letterhead } from '../../../platform/documents/letterhead';
import { publicColumns, reportPages, Summary, type PreparedReport } from '../engine';

/** A report on its way into a file: its rows page by page, with totals and chart accumulated as they pass. */
export type ReportSource = {
  prepared: PreparedReport;
  columns: ReportColumn[];
  timeZone: string;
  /** The shop's letterhead and paper size, for PDF and Word. */
  letterhead: Letterhead;
  summary: Summary;
  pages(): AsyncGenerator<Row[]>;
  /** Called by the writers after each page they wrote. */
  progress(rows: number): void;
};

export function reportSource(
  db: Db,
  prepared: PreparedReport,
  opts: { letterhead: Letterhead; onProgress?: (rowsWritten: number) => void | Promise<void> },
): ReportSource {
  const summary = new Summary(prepared.def);
  let written = 0;
  return {
    prepared,
    columns: publicColumns(prepared.def),
    timeZone: prepared.ctx.timeZone,
    letterhead: opts.letterhead,
    summary,
    async *pages() {
      for await (const page of reportPages(db, prepared)) {
        for (const row of page) summary.push(row);
        yield page;
      }
    },
    progress(rows) {
      written += rows;
      void opts.onProgress?.(written);
    },
  };
}

/** PDF and Word are for reading: they hold this many rows at most and say so when there are more. */
export const DOCUMENT_ROWS = 2000;

/** The first rows for a document, with totals and chart over all of them. */
export async function collectForDocument(source: ReportSource) {
  const rows: Row[] = [];
  for await (const page of source.pages()) {
    for (const row of page) if (rows.length < DOCUMENT_ROWS) rows.push(row);
    source.progress(page.length);
  }
  return {
    rows,
    totals: source.summary.totals(),
    chart: source.summary.chart(),
    total: source.summary.rowCount,
  };
}
