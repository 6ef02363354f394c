import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { ExportQuery } from '../../../shared/mailing';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/service-context';
import { getList } from './lists';
import { exportCsv, exportDuplicates, exportXlsx, presortReportPdf, proofPdf } from './outputs';
import { presortList } from './presort';
import type { Letterhead } from '../../platform/documents/letterhead';

export type ExportedFile = { filename: string; contentType: string; body: Buffer | Readable };

/**
 * One export of a list: the cleaned list (csv, xlsx) with IMb, the proof PDF, the presort report PDF (at
 * the list's drop date, else today) or the removed duplicates (csv).
 */
export async function exportList(
  opts: { db: Db; clock: Clock; id: string; letterhead: Letterhead } & z.output<typeof ExportQuery>,
): Promise<ExportedFile> {
  const { db, id, format, letterhead } = opts;
  if (format === 'csv') return exportCsv({ db, id });
  if (format === 'xlsx') return exportXlsx({ db, id });
  if (format === 'duplicates') return exportDuplicates({ db, id });
  if (format === 'proof')
    return {
      ...(await proofPdf({ db, id, pieces: opts.pieces, letterhead })),
      contentType: 'application/pdf',
    };
  const list = await getList({ db, id });
  const presort = await presortList({ db, id, mailingDate: list.dropDate ?? opts.clock.today() });
  return { ...(await presortReportPdf(list, presort, letterhead)), contentType: 'application/pdf' };
}
