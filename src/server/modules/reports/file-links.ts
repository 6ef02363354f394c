import { and, eq, sql } from 'drizzle-orm';
import { newSecret, sha256 } from '../../platform/auth/secrets';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { openExportFile } from './exports';
import { reportDeliveries, reportExports } from './tables';

/**
 * E-mailed report files are reached by a link that needs no account: client contacts receive client packs
 * and have no staff sign-in (the staff link answered them 401). Each file of a delivery gets its own random
 * token, stored only as its hash in the delivery's file list; the link lives as long as the file is kept
 * (JOBJACKET_REPORT_KEEP_DAYS) and opens that one file, nothing else.
 */
export function newFileLink(publicUrl: string) {
  const token = newSecret('jjr_');
  return { url: `${publicUrl}/api/v1/report-files/${token}`, tokenHash: sha256(token) };
}

/** The file behind an e-mailed link; an unknown token or a file past its keeping time is "not found". */
export async function openLinkedFile(opts: { ctx: AppContext; db: Db; token: string; now: Date }) {
  const { ctx, db, now } = opts;
  const tokenHash = sha256(opts.token);
  const [delivery] = await db
    .select({ files: reportDeliveries.files })
    .from(reportDeliveries)
    .where(sql`${reportDeliveries.files} @> ${JSON.stringify([{ tokenHash }])}::jsonb`)
    .limit(1);
  const exportId = delivery?.files.find((f) => f.tokenHash === tokenHash)?.exportId;
  if (!exportId) throw notFound('The report file');
  const [row] = await db
    .select()
    .from(reportExports)
    .where(and(eq(reportExports.id, exportId), eq(reportExports.status, 'done')));
  if (!row) throw notFound('The report file');
  if (row.expiresAt && row.expiresAt <= now) {
    throw new AppError(
      'NOT_FOUND',
      `This report file was kept for ${ctx.config.JOBJACKET_REPORT_KEEP_DAYS} days and has been removed`,
    );
  }
  return openExportFile(ctx, row);
}
