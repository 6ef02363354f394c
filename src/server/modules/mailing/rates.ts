import { and, asc, desc, eq, lte, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  MailClass,
  MailShape,
  PostageRate,
  PostageRateInput,
  PostageRateQuery,
} from '../../../shared/mailing';
import type { ServiceContext } from '../../platform/service-context';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import { postageRates } from './tables';

type Row = typeof postageRates.$inferSelect;

function present(r: Row): PostageRate {
  return {
    id: r.id,
    mailClass: r.mailClass,
    shape: r.shape,
    sortLevel: r.sortLevel,
    priceMills: r.priceMills,
    effectiveFrom: r.effectiveFrom,
    label: r.label,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * The rate table. Without `on`, every row (newest effective date first); with `on`, the rate in effect
 * on that date for each class, shape and sort level: the row with the latest effective date not after it.
 */
export async function listRates(opts: {
  db: Db;
  query: z.output<typeof PostageRateQuery>;
}): Promise<PostageRate[]> {
  const { db, query } = opts;
  const where: (SQL | undefined)[] = [];
  if (query.mailClass) where.push(eq(postageRates.mailClass, query.mailClass));
  if (query.on) where.push(lte(postageRates.effectiveFrom, query.on));
  const rows = await db
    .select()
    .from(postageRates)
    .where(and(...where))
    .orderBy(
      asc(postageRates.mailClass),
      asc(postageRates.shape),
      asc(postageRates.sortLevel),
      desc(postageRates.effectiveFrom),
    );
  if (!query.on) return rows.map(present);
  const seen = new Set<string>();
  return rows
    .filter((r) => {
      const key = `${r.mailClass}|${r.shape}|${r.sortLevel}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(present);
}

export function ratesOn(db: Db, opts: { on: string; mailClass: MailClass; shape: MailShape }) {
  return listRates({ db, query: { on: opts.on, mailClass: opts.mailClass } }).then((rs) =>
    rs.filter((r) => r.shape === opts.shape),
  );
}

async function assertFree(db: Db, input: z.output<typeof PostageRateInput>, exceptId?: string) {
  const [clash] = await db
    .select({ id: postageRates.id })
    .from(postageRates)
    .where(
      and(
        eq(postageRates.mailClass, input.mailClass),
        eq(postageRates.shape, input.shape),
        eq(postageRates.sortLevel, input.sortLevel),
        eq(postageRates.effectiveFrom, input.effectiveFrom),
      ),
    );
  if (clash && clash.id !== exceptId)
    throw conflict(
      'There is already a rate for this class, shape and sort level from that date: change it instead',
    );
}

const describe = (r: {
  mailClass: string;
  shape: string;
  sortLevel: string;
  priceMills: number;
  effectiveFrom: string;
}) =>
  `${r.mailClass} ${r.shape} ${r.sortLevel} at $${(r.priceMills / 1000).toFixed(3)} from ${r.effectiveFrom}`;

/** Adds a rate from its effective date (one per class, shape, sort level and date). */
export async function createRate(opts: ServiceContext & { input: z.output<typeof PostageRateInput> }) {
  const { db, actor, input } = opts;
  await assertFree(db, input);
  const [row] = await db
    .insert(postageRates)
    .values({ ...input, label: input.label ?? null })
    .returning();
  const rate = present(row!);
  await recordAudit(db, actor, {
    action: 'postage_rate.create',
    entityType: 'postage_rate',
    entityId: rate.id,
    summary: `Added postage rate ${describe(rate)}`,
    after: rate,
  });
  return rate;
}

/** Changes a rate. */
export async function updateRate(
  opts: ServiceContext & { id: string; input: z.output<typeof PostageRateInput> },
) {
  const { db, actor, id, input } = opts;
  const [before] = await db.select().from(postageRates).where(eq(postageRates.id, id)).for('update');
  if (!before) throw notFound('Postage rate');
  await assertFree(db, input, id);
  const [row] = await db
    .update(postageRates)
    .set({ ...input, label: input.label ?? null, updatedAt: opts.clock.now() })
    .where(eq(postageRates.id, id))
    .returning();
  const rate = present(row!);
  await recordAudit(db, actor, {
    action: 'postage_rate.update',
    entityType: 'postage_rate',
    entityId: id,
    summary: `Changed postage rate to ${describe(rate)}`,
    before: present(before),
    after: rate,
  });
  return rate;
}

/** Removes a rate. */
export async function deleteRate(opts: ServiceContext & { id: string }) {
  const { db, actor, id } = opts;
  const [before] = await db.delete(postageRates).where(eq(postageRates.id, id)).returning();
  if (!before) throw notFound('Postage rate');
  await recordAudit(db, actor, {
    action: 'postage_rate.delete',
    entityType: 'postage_rate',
    entityId: id,
    summary: `Removed postage rate ${describe(before)}`,
    before: present(before),
  });
}
