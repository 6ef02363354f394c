import { and, eq, sql } from 'drizzle-orm';
import type { BudgetUse, OrderStatus } from '../../../shared/portals';
import { addDays } from '../../platform/calendar/working-days';
import type { Db } from '../../platform/db';
import { getAccount } from '../accounts';
import { orders, portals } from './tables';
import type { PortalPrincipal } from './users';

type PortalRow = typeof portals.$inferSelect;
/** Orders that count as spent against a budget (pending ones are shown apart). */
const SPENT: OrderStatus[] = ['approved', 'in_fulfilment', 'shipped', 'completed'];

/** The budget period containing `today`: calendar month, quarter, or the fiscal year from its start month. */
export function budgetPeriod(
  portal: Pick<PortalRow, 'budgetPeriod' | 'fiscalYearStartMonth'>,
  today: string,
) {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const iso = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;
  const span = (startYear: number, startMonth: number, months: number) => {
    const endIndex = startYear * 12 + startMonth - 1 + months;
    return {
      from: iso(startYear, startMonth),
      to: addDays(iso(Math.floor(endIndex / 12), (endIndex % 12) + 1), -1),
    };
  };
  if (portal.budgetPeriod === 'month') return span(y, m, 1);
  if (portal.budgetPeriod === 'quarter') return span(y, Math.floor((m - 1) / 3) * 3 + 1, 3);
  const start = portal.fiscalYearStartMonth;
  return span(m >= start ? y : y - 1, start, 12);
}

export async function spendOf(db: Db, portal: PortalRow, costCentreId: string, today: string) {
  const { from, to } = budgetPeriod(portal, today);
  const [row] = await db
    .select({
      spent: sql<number>`coalesce(sum(${orders.totalCents}) filter (where ${orders.status} in ${SPENT}), 0)::int`,
      pending: sql<number>`coalesce(sum(${orders.totalCents}) filter (where ${orders.status} = 'pending_approval'), 0)::int`,
    })
    .from(orders)
    .where(
      and(
        eq(orders.portalId, portal.id),
        eq(orders.costCentreId, costCentreId),
        sql`${orders.createdAt} >= ${from}::date and ${orders.createdAt} < (${to}::date + 1)`,
      ),
    );
  return { from, to, spent: row?.spent ?? 0, pending: row?.pending ?? 0 };
}

/** Each cost centre the portal user may order on, with its budget and what the period has spent. */
export async function budgetsOf(db: Db, who: PortalPrincipal, today: string): Promise<BudgetUse[]> {
  const account = await getAccount({ db, id: who.portal.accountId, health: false });
  const out: BudgetUse[] = [];
  for (const c of account.costCentres) {
    if (
      who.user.costCentreIds.length &&
      !who.user.costCentreIds.includes(c.id) &&
      who.user.role !== 'client_admin'
    )
      continue;
    const use = await spendOf(db, who.portal, c.id, today);
    out.push({
      costCentre: { id: c.id, name: c.name, code: c.code },
      period: { from: use.from, to: use.to },
      budgetCents: who.portal.budgets.find((b) => b.costCentreId === c.id)?.amountCents ?? null,
      spentCents: use.spent,
      pendingCents: use.pending,
    });
  }
  return out;
}
