import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AccountMarkup,
  EstimatingRules,
  Operation,
  OperationInput,
  Press,
  PressInput,
} from '../../../shared/estimating';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import type { ServiceContext } from '../../platform/service-context';
import { getAccount } from '../accounts';
import type { CalendarChangedPayload } from '../departments';
import { emit } from '../../platform/events';
import { accountMarkups, estimatingOperations, estimatingRules, presses } from './tables';

type PressRow = typeof presses.$inferSelect;
type OperationRow = typeof estimatingOperations.$inferSelect;

export const presentPress = (r: PressRow): Press => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  departmentId: r.departmentId,
  maxSheet: { width: r.maxSheetWidth, height: r.maxSheetHeight },
  minSheet: { width: r.minSheetWidth, height: r.minSheetHeight },
  marginIn: r.marginIn,
  colours: r.colours,
  perfecting: r.perfecting,
  makeReadyMinutes: r.makeReadyMinutes,
  makeReadySheets: r.makeReadySheets,
  sheetsPerHour: r.sheetsPerHour,
  hourlyRateCents: r.hourlyRateCents,
  plateCents: r.plateCents,
  clickColourCents: r.clickColourCents,
  clickMonoCents: r.clickMonoCents,
  hoursPerDay: r.hoursPerDay,
  active: r.active,
  updatedAt: r.updatedAt.toISOString(),
});

export const presentOperation = (r: OperationRow): Operation => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  departmentId: r.departmentId,
  setupCents: r.setupCents,
  rateCents: r.rateCents,
  per: r.per,
  active: r.active,
  updatedAt: r.updatedAt.toISOString(),
});

const pressColumns = (input: z.output<typeof PressInput>) => ({
  name: input.name,
  kind: input.kind,
  departmentId: input.departmentId ?? null,
  maxSheetWidth: input.maxSheet.width,
  maxSheetHeight: input.maxSheet.height,
  minSheetWidth: input.minSheet.width,
  minSheetHeight: input.minSheet.height,
  marginIn: input.marginIn,
  colours: input.colours,
  perfecting: input.perfecting,
  makeReadyMinutes: input.makeReadyMinutes,
  makeReadySheets: input.makeReadySheets,
  sheetsPerHour: input.sheetsPerHour,
  hourlyRateCents: input.hourlyRateCents,
  plateCents: input.plateCents,
  clickColourCents: input.clickColourCents,
  clickMonoCents: input.clickMonoCents,
  hoursPerDay: input.hoursPerDay,
  active: input.active,
});

export async function listPresses(db: Db) {
  return (await db.select().from(presses).orderBy(asc(presses.name))).map(presentPress);
}

/** Adds a press, or replaces one's settings when `id` is given. */
export async function savePress(opts: ServiceContext & { id?: string; input: z.output<typeof PressInput> }) {
  const values = pressColumns(opts.input);
  const [before] = opts.id
    ? await opts.db.select().from(presses).where(eq(presses.id, opts.id)).for('update')
    : [];
  if (opts.id && !before) throw notFound('Press');
  const [row] = before
    ? await opts.db
        .update(presses)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(presses.id, before.id))
        .returning()
    : await opts.db.insert(presses).values(values).returning();
  await recordAudit(opts.db, opts.actor, {
    action: before ? 'press.update' : 'press.create',
    entityType: 'press',
    entityId: row!.id,
    summary: `${before ? 'Changed' : 'Added'} the press ${row!.name}`,
    before: before ? presentPress(before) : undefined,
    after: presentPress(row!),
  });
  // Planning reads the same row: open work in its department (and the one it left) is planned again.
  for (const departmentId of new Set([before?.departmentId, row!.departmentId]))
    if (departmentId) await pressChanged(opts, departmentId, `the press ${row!.name} changed`);
  return presentPress(row!);
}

/** A press's speed, hours or department are part of its department's calendar for planning. */
async function pressChanged(opts: ServiceContext, departmentId: string, detail: string) {
  const payload: CalendarChangedPayload = { date: null, departmentId, detail };
  await emit(
    opts.db,
    opts.actor,
    'department.calendar_changed',
    { entityType: 'department', entityId: departmentId, accountId: null },
    payload,
  );
}

export async function listOperations(db: Db) {
  return (await db.select().from(estimatingOperations).orderBy(asc(estimatingOperations.name))).map(
    presentOperation,
  );
}

/** Adds a finishing operation or mailing service, or replaces one's settings when `id` is given. */
export async function saveOperation(
  opts: ServiceContext & { id?: string; input: z.output<typeof OperationInput> },
) {
  const values = { ...opts.input, departmentId: opts.input.departmentId ?? null };
  const [before] = opts.id
    ? await opts.db
        .select()
        .from(estimatingOperations)
        .where(eq(estimatingOperations.id, opts.id))
        .for('update')
    : [];
  if (opts.id && !before) throw notFound('Operation');
  const [row] = before
    ? await opts.db
        .update(estimatingOperations)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(estimatingOperations.id, before.id))
        .returning()
    : await opts.db.insert(estimatingOperations).values(values).returning();
  await recordAudit(opts.db, opts.actor, {
    action: before ? 'estimating_operation.update' : 'estimating_operation.create',
    entityType: 'estimating_operation',
    entityId: row!.id,
    summary: `${before ? 'Changed' : 'Added'} the ${row!.kind} operation ${row!.name}`,
    before: before ? presentOperation(before) : undefined,
    after: presentOperation(row!),
  });
  return presentOperation(row!);
}

export async function getRules(db: Db): Promise<EstimatingRules> {
  const [r] = await db.select().from(estimatingRules).where(eq(estimatingRules.id, 1));
  if (!r) throw notFound('Estimating rules');
  return {
    bleedIn: r.bleedIn,
    gutterIn: r.gutterIn,
    spoilage: r.spoilage,
    markupPercent: r.markupPercent,
    segmentMarkups: r.segmentMarkups,
    minimumChargeCents: r.minimumChargeCents,
    taxRatePercent: r.taxRatePercent,
  };
}

export async function saveRules(opts: ServiceContext & { input: EstimatingRules }) {
  const before = await getRules(opts.db);
  const spoilage = [...opts.input.spoilage].sort((a, b) => a.fromQuantity - b.fromQuantity);
  await opts.db
    .update(estimatingRules)
    .set({ ...opts.input, spoilage, updatedAt: new Date() })
    .where(eq(estimatingRules.id, 1));
  await recordAudit(opts.db, opts.actor, {
    action: 'estimating_rules.update',
    entityType: 'estimating_rules',
    entityId: null,
    summary: 'Changed the estimating rules',
    before,
    after: { ...opts.input, spoilage },
  });
  return getRules(opts.db);
}

export async function getAccountMarkup(db: Db, accountId: string): Promise<number | null> {
  const [row] = await db.select().from(accountMarkups).where(eq(accountMarkups.accountId, accountId));
  return row?.markupPercent ?? null;
}

/** Sets (or, with null, clears) an account's own markup. */
export async function saveAccountMarkup(
  opts: ServiceContext & { accountId: string; input: z.output<typeof AccountMarkup> },
) {
  const account = await getAccount({ db: opts.db, id: opts.accountId, health: false });
  const before = await getAccountMarkup(opts.db, account.id);
  const { markupPercent } = opts.input;
  if (markupPercent === null)
    await opts.db.delete(accountMarkups).where(eq(accountMarkups.accountId, account.id));
  else
    await opts.db
      .insert(accountMarkups)
      .values({ accountId: account.id, markupPercent })
      .onConflictDoUpdate({
        target: accountMarkups.accountId,
        set: { markupPercent, updatedAt: new Date() },
      });
  await recordAudit(opts.db, opts.actor, {
    action: 'account.markup',
    entityType: 'account',
    entityId: account.id,
    accountId: account.id,
    summary:
      markupPercent === null
        ? `Markup of ${account.name}: back to its segment's`
        : `Markup of ${account.name}: ${markupPercent} %`,
    before: { markupPercent: before },
    after: { markupPercent },
  });
  return { markupPercent };
}
