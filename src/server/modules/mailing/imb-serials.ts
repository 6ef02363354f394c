import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ImbAssignment, MailingSettings, MailingSettingsInput } from '../../../shared/mailing';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { encodeImb, imbTrackingCode } from './imb';
import { findList } from './lists';
import { assignSerials, countRecords, readRecords, type FullRecord } from './records-repo';
import { mailingLists, mailingSettings } from './tables';

type SettingsRow = typeof mailingSettings.$inferSelect;

async function settingsRow(db: Db, lock = false): Promise<SettingsRow> {
  await db.execute(
    sql`insert into mailing_settings (singleton) values (1) on conflict (singleton) do nothing`,
  );
  const q = db.select().from(mailingSettings).where(eq(mailingSettings.singleton, 1));
  const [row] = lock ? await q.for('update') : await q;
  return row!;
}

const present = (r: SettingsRow): MailingSettings => ({
  mailerId: r.mailerId,
  barcodeId: r.barcodeId,
  serviceTypeFirstClass: r.serviceTypeFirstClass,
  serviceTypeMarketing: r.serviceTypeMarketing,
  nextSerial: r.nextSerial,
});

/** The shop's Mailer ID, IMb service types and next serial. */
export async function getMailingSettings(opts: { db: Db }) {
  return present(await settingsRow(opts.db));
}

/** Sets the shop's Mailer ID (6 or 9 digits, checked by the schema) and IMb service types. */
export async function updateMailingSettings(
  opts: ServiceContext & { input: z.output<typeof MailingSettingsInput> },
) {
  const { db, actor, input } = opts;
  const before = present(await settingsRow(db, true));
  const changedMid = before.mailerId !== input.mailerId;
  await db
    .update(mailingSettings)
    .set({
      mailerId: input.mailerId,
      ...(input.barcodeId ? { barcodeId: input.barcodeId } : {}),
      ...(input.serviceTypeFirstClass ? { serviceTypeFirstClass: input.serviceTypeFirstClass } : {}),
      ...(input.serviceTypeMarketing ? { serviceTypeMarketing: input.serviceTypeMarketing } : {}),
      // A new Mailer ID starts its own serial range.
      ...(changedMid ? { nextSerial: 0 } : {}),
      updatedAt: opts.clock.now(),
    })
    .where(eq(mailingSettings.singleton, 1));
  const after = await getMailingSettings({ db });
  await recordAudit(db, actor, {
    action: 'mailing_settings.update',
    entityType: 'mailing_settings',
    entityId: null,
    summary: `Mailing settings: Mailer ID ${after.mailerId}`,
    before,
    after,
  });
  return after;
}

/** The IMb of one record: tracking code from the shop's settings and the serial, routing code from its ZIP. */
export function imbOf(settings: MailingSettings, mailClass: 'first_class' | 'marketing', r: FullRecord) {
  if (r.serial === null || !settings.mailerId) return null;
  const trackingCode = imbTrackingCode({
    barcodeId: settings.barcodeId,
    serviceType: mailClass === 'first_class' ? settings.serviceTypeFirstClass : settings.serviceTypeMarketing,
    mailerId: settings.mailerId,
    serial: Number(r.serial),
  });
  const zip5 = r.std_zip5 ?? '';
  const routingCode = /^\d{5}$/.test(zip5) ? zip5 + (/^\d{4}$/.test(r.std_zip4 ?? '') ? r.std_zip4 : '') : '';
  return { trackingCode, routingCode, bars: encodeImb(trackingCode, routingCode) };
}

/**
 * Gives every mailable piece of the list a serial from the shop's counter, under a lock on the settings
 * row so two lists never share serials; the counter wraps at the serial width (9 digits with a 6-digit
 * Mailer ID, 6 with a 9-digit one). USPS asks for uniqueness over 45 days, which a wrap that large keeps.
 */
export async function assignImb(opts: ServiceContext & { id: string }): Promise<ImbAssignment> {
  const { db, actor, id } = opts;
  const now = opts.clock.now();
  const list = await findList(db, id, { lock: true });
  if (!list.currentImportId || !list.standardizedAt)
    throw conflict('Standardise the list first: the barcodes carry the standardised ZIP Codes');
  const settings = await settingsRow(db, true);
  if (!settings.mailerId)
    throw conflict(
      "Set the shop's Mailer ID first (Admin → Postage & mailing): IMb serials are assigned from it",
    );
  const counts = await countRecords(db, list.currentImportId);
  const modulo = settings.mailerId.length === 6 ? 1_000_000_000 : 1_000_000;
  if (counts.mailable > modulo)
    throw conflict(
      `${counts.mailable} pieces exceed the ${modulo} serials a ${settings.mailerId.length}-digit Mailer ID allows`,
    );
  const first = settings.nextSerial % modulo;
  await assignSerials(db, list.currentImportId, first, modulo);
  await db
    .update(mailingSettings)
    .set({ nextSerial: (first + counts.mailable) % modulo, updatedAt: now })
    .where(eq(mailingSettings.singleton, 1));
  await db.update(mailingLists).set({ imbAssignedAt: now, updatedAt: now }).where(eq(mailingLists.id, id));
  const sampleRows = await readRecords(db, list.currentImportId, 'mailable', 0, 5);
  const shown = present(settings);
  const sample = sampleRows.map((r) => ({ seq: r.seq, ...imbOf(shown, list.mailClass, r)! }));
  const last = (first + Math.max(counts.mailable, 1) - 1) % modulo;
  await recordAudit(db, actor, {
    action: 'mailing_list.imb',
    entityType: 'mailing_list',
    entityId: id,
    accountId: list.accountId,
    summary: `Assigned IMb serials ${first}–${last} (Mailer ID ${settings.mailerId}) to ${counts.mailable} pieces of "${list.name}"`,
  });
  return {
    pieces: counts.mailable,
    firstSerial: first,
    lastSerial: last,
    mailerId: settings.mailerId,
    sample,
  };
}
