import { eq } from 'drizzle-orm';
import { formatLabels, type ExportFormat } from '../../../shared/reports';
import { systemActor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { users } from '../users/tables';
import { AppError, failureMessage } from '../../platform/errors';
import { actorOf, getUser } from '../users';
import { contentTypes, localDateTime } from './formats/cells';
import {
  keptUntil,
  processExport,
  removeExpiredExports,
  renderToFile,
  readExportFile,
  REPORT_EXPORT_QUEUE,
} from './exports';
import { newFileLink } from './file-links';
import { findPack, renderPackFiles } from './packs';
import { nextRunAfter } from './schedule-time';
import { dueScheduleIds, recipientAddresses, timingOf } from './schedules';
import { reportDeliveries, reportExports, reportSchedules } from './tables';

export const REPORT_SCHEDULE_QUEUE = 'reports.schedules';
/** Attempts at one slot (one a minute) before it is recorded as failed and the owner is told. */
export const MAX_ATTEMPTS = 3;
/** Files larger than this together travel as links only. */
const ATTACH_LIMIT = 15 * 1024 * 1024;

/**
 * Delivers every schedule that is due at `now`. Safe to run on several workers at once and again after a
 * restart: each slot is claimed under a row lock and recorded by a unique (schedule, due moment) row in the
 * same transaction as its e-mails, so it is delivered exactly once. Missed slots (the shop was closed) are
 * not replayed: the next run moves to the first due moment after now.
 */
export async function deliverDueSchedules(ctx: AppContext, now = new Date()): Promise<number> {
  let delivered = 0;
  for (const id of await dueScheduleIds(ctx.db, now)) {
    if (await deliverSlot(ctx, id, now, 'scheduled')) delivered += 1;
  }
  await removeExpiredExports(ctx, now);
  return delivered;
}

/** "Run now": one delivery outside the timetable (the timetable is not moved). */
export async function runScheduleNow(ctx: AppContext, id: string, now = new Date()) {
  const ok = await deliverSlot(ctx, id, now, 'manual', true);
  if (!ok) throw new AppError('CONFLICT', 'The schedule is being delivered right now; try again in a moment');
}

async function deliverSlot(
  ctx: AppContext,
  id: string,
  now: Date,
  kind: 'scheduled' | 'manual',
  rethrow = false,
): Promise<boolean> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const [s] = await tx
        .select()
        .from(reportSchedules)
        .where(eq(reportSchedules.id, id))
        .for('update', { skipLocked: true });
      if (!s || s.deletedAt) return false; // gone, or another worker holds it
      const dueAt = kind === 'scheduled' ? s.nextRunAt : now;
      if (kind === 'scheduled' && (!s.active || !dueAt || dueAt > now)) return false;
      const next = nextRunAfter(timingOf(s), now > dueAt! ? now : dueAt!);
      const [claim] = await tx
        .insert(reportDeliveries)
        .values({ scheduleId: s.id, dueAt: dueAt!, kind, status: 'sent', recipients: [], files: [] })
        .onConflictDoNothing()
        .returning({ id: reportDeliveries.id });
      const advance = () =>
        tx
          .update(reportSchedules)
          .set({ nextRunAt: next, lastRunAt: now, failures: 0, lastError: null, updatedAt: new Date() })
          .where(eq(reportSchedules.id, s.id));
      if (!claim) {
        if (kind === 'scheduled') await advance();
        return false;
      }
      if (!s.ownerId) throw new AppError('FORBIDDEN', 'The schedule has no owner to run it as');
      const ownerRow = await getUser({ db: tx, id: s.ownerId });
      if (!ownerRow.active) {
        // A deactivated person's schedules stop: nothing more leaves in their name until someone takes them over.
        const why = `Paused: its owner ${ownerRow.name} was deactivated`;
        await tx
          .update(reportDeliveries)
          .set({ status: 'failed', error: why })
          .where(eq(reportDeliveries.id, claim.id));
        await tx
          .update(reportSchedules)
          .set({ active: false, lastError: why, updatedAt: new Date() })
          .where(eq(reportSchedules.id, s.id));
        return false;
      }
      const owner = actorOf(ownerRow, 'system');
      const recipients = await recipientAddresses(tx, s);
      if (!recipients.length) throw new AppError('VALIDATION', 'The schedule has no recipients left');

      // Periods resolve against the slot's own date, so a late run still reports the period it was due for.
      const files = [];
      let rowCount = 0;
      let labels: [string, string][] = [];
      let title = s.reportId;
      const pack = findPack(s.reportId);
      for (const format of s.formats as ExportFormat[]) {
        // Rows come from the replica when there is one; else from this transaction (PGlite has one connection).
        const db = ctx.reportDb === ctx.db ? tx : ctx.reportDb;
        const common = { ctx, db, actor: owner, format, parameters: s.parameters, now: dueAt! };
        const rendered = pack
          ? await renderPackFiles({ ...common, packId: pack.id })
          : [await renderToFile({ ...common, reportId: s.reportId })];
        for (const file of rendered) {
          const [exp] = await tx
            .insert(reportExports)
            .values({
              reportId: s.reportId,
              format,
              parameters: s.parameters,
              status: 'done',
              progress: 1,
              rowsWritten: file.rowCount,
              totalRows: file.rowCount,
              filename: file.filename,
              storageKey: file.key,
              size: file.size,
              requestedBy: s.ownerId,
              scheduleId: s.id,
              finishedAt: new Date(),
              expiresAt: keptUntil(ctx, now),
            })
            .returning({ id: reportExports.id });
          const link = newFileLink(ctx.config.publicUrl);
          files.push({
            exportId: exp!.id,
            filename: file.filename,
            key: file.key,
            size: file.size,
            format,
            link,
          });
          // Rows of the report(s), counted once (each format carries the same rows).
          if (format === s.formats[0]) rowCount += file.rowCount;
          labels = file.labels;
          title = pack?.title ?? file.title;
        }
      }
      const attach = files.reduce((sum, f) => sum + f.size, 0) <= ATTACH_LIMIT;
      const attachments = attach
        ? await Promise.all(
            files.map(async (f) => ({
              filename: f.filename,
              contentType: contentTypes[f.format],
              content: await readExportFile(ctx, f.key),
            })),
          )
        : [];
      const when = localDateTime(dueAt!.toISOString(), s.timeZone);
      const text = [
        `${title}`,
        '',
        ...labels.map(([k, v]) => `${k}: ${v}`),
        `Rows: ${rowCount}`,
        '',
        attach
          ? `The report is attached (${files.map((f) => formatLabels[f.format]).join(', ')}).`
          : 'The files are too large to attach; download them here:',
        // Links anyone holding this e-mail can open (client contacts have no sign-in), one per file.
        ...files.map((f) => `${f.link.url} (${f.filename})`),
        `The links work for ${ctx.config.JOBJACKET_REPORT_KEEP_DAYS} days.`,
        '',
        `This is the scheduled report "${s.name}" from ${ctx.config.JOBJACKET_SHOP_NAME}.`,
      ].join('\n');
      for (const to of recipients) {
        await ctx.mailer.queueMail(tx, {
          to,
          subject: `${s.name} — ${title} (${when.slice(0, 10)})`,
          text,
          attachments,
        });
      }
      await tx
        .update(reportDeliveries)
        .set({
          recipients,
          rowCount,
          files: files.map((f) => ({
            exportId: f.exportId,
            filename: f.filename,
            tokenHash: f.link.tokenHash,
          })),
        })
        .where(eq(reportDeliveries.id, claim.id));
      if (kind === 'scheduled') await advance();
      await recordAudit(tx, systemActor, {
        action: 'report_schedule.deliver',
        entityType: 'report_schedule',
        entityId: s.id,
        summary: `Delivered "${s.name}" due ${when} to ${recipients.length} recipient(s)`,
      });
      return true;
    });
  } catch (err) {
    if (rethrow) throw err;
    await recordFailure(ctx, id, now, err);
    return false;
  }
}

/** A failed attempt: retried on the next tick; after the last one, the slot is recorded failed and the owner told. */
async function recordFailure(ctx: AppContext, id: string, now: Date, err: unknown) {
  // A mail server's refusal is worth reading as it is; anything else is told by reference (no SQL, no rows).
  const smtpRefusal = typeof (err as { responseCode?: unknown })?.responseCode === 'number';
  const message = smtpRefusal ? (err as Error).message : failureMessage(err, 'delivery');
  await ctx.db.transaction(async (tx) => {
    const [s] = await tx.select().from(reportSchedules).where(eq(reportSchedules.id, id)).for('update');
    if (!s || !s.nextRunAt) return;
    const failures = s.failures + 1;
    if (failures < MAX_ATTEMPTS) {
      await tx
        .update(reportSchedules)
        .set({ failures, lastError: message, updatedAt: new Date() })
        .where(eq(reportSchedules.id, id));
      return;
    }
    const [claim] = await tx
      .insert(reportDeliveries)
      .values({
        scheduleId: id,
        dueAt: s.nextRunAt,
        kind: 'scheduled',
        status: 'failed',
        recipients: [],
        files: [],
        error: message,
      })
      .onConflictDoNothing()
      .returning({ id: reportDeliveries.id });
    await tx
      .update(reportSchedules)
      .set({
        nextRunAt: nextRunAfter(timingOf(s), now),
        failures: 0,
        lastError: message,
        updatedAt: new Date(),
      })
      .where(eq(reportSchedules.id, id));
    if (claim && s.ownerId) {
      const [owner] = await tx.select({ email: users.email }).from(users).where(eq(users.id, s.ownerId));
      if (owner) {
        await ctx.mailer.queueMail(tx, {
          to: owner.email,
          subject: `Scheduled report failed: ${s.name}`,
          text: `The scheduled report "${s.name}" due ${localDateTime(s.nextRunAt.toISOString(), s.timeZone)} could not be delivered after ${MAX_ATTEMPTS} attempts:\n\n${message}\n\nThe next run is still scheduled. Check the schedule's parameters and recipients in Jobjacket.`,
        });
      }
    }
  });
}

/** Wires the every-minute delivery tick and the export worker into the queue (before the queue starts). */
export function registerReportQueues(ctx: AppContext) {
  ctx.queue.define(REPORT_SCHEDULE_QUEUE, async () => {
    await deliverDueSchedules(ctx);
  });
  ctx.queue.defineSchedule(REPORT_SCHEDULE_QUEUE, '* * * * *');
  ctx.queue.define<{ id: string }>(REPORT_EXPORT_QUEUE, (data) => processExport(ctx, data.id));
}
