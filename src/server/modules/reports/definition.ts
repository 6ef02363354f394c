import type { SQL } from 'drizzle-orm';
import { rolesFor } from '../../../shared/permissions';
import { z } from 'zod';
import {
  Period,
  type Audience,
  type ChartData,
  type ColumnType,
  type ReportColumn,
} from '../../../shared/reports';
import type { Actor, StaffRole } from '../../platform/actor';
import { invalid } from '../../platform/errors';
import { addDays } from '../../platform/calendar/working-days';

/** A column as a report defines it: the shared column plus how its total is worked out. */
export type DefColumn = ReportColumn & {
  /** `total: 'ratio'`: sum of the first key over the sum of the second (an on-time rate). */
  ratioOf?: [string, string];
  /** `total: 'weighted'`: the mean weighted by this column (average days over jobs). */
  weightBy?: string;
  /** Carried in rows for totals and charts, never shown or exported. */
  hidden?: boolean;
};

/**
 * A chart built from the rows as they stream: one point per distinct `x`, and either fixed series (sums of a
 * column, or ratios of two sums) or one series per distinct value of `pivot.by`.
 */
export type ChartSpec = {
  kind: ChartData['kind'];
  title: string;
  valueType: ColumnType;
  x: string;
  series?: { key: string; label: string; ratio?: [string, string] }[];
  pivot?: { by: string; value: string };
};

/**
 * What a report's query may know besides its parameters. `costCentreIds` is set when a portal user limited
 * to some cost centres runs a client report: reports by cost centre show only those.
 */
export type ReportContext = {
  today: string;
  timeZone: string;
  actor: Actor;
  now: Date;
  costCentreIds?: string[];
};

/**
 * One report of the catalogue. The query returns every row (no ORDER BY, no LIMIT) and a text column `_k`,
 * unique per row, that orders the rows; the engine pages through it by keyset so exports stream.
 */
export type ReportDefinition<P extends z.ZodObject = z.ZodObject> = {
  id: string;
  title: string;
  description: string;
  audience: Audience;
  /** Roles that may run it (and schedule it). */
  roles: StaffRole[];
  params: P;
  columns: DefColumn[];
  keyOrder?: 'asc' | 'desc';
  query: (params: z.output<P> & ResolvedPeriod, ctx: ReportContext) => SQL;
  chart?: ChartSpec;
};

export type ResolvedPeriod = { from?: string; to?: string };

/** Declares a report with its parameter types flowing into its query. */
export const defineReport = <P extends z.ZodObject>(def: ReportDefinition<P>) =>
  def as unknown as ReportDefinition;

/** Who may see a report: every staff role, or those who manage client work (shared/permissions.ts). */
export const everyone: StaffRole[] = rolesFor('report.read');
export const managers: StaffRole[] = rolesFor('report.manage');

// Parameter building blocks --------------------------------------------------------------------------------

const day = z.iso.date();

/** A reporting period: relative (a schedule re-resolves it every run) or custom dates. */
export const periodParams = (fallback: Period = 'last_30_days') => ({
  period: Period.default(fallback).meta({ title: 'Period' }),
  from: day.optional().meta({ title: 'From' }),
  to: day.optional().meta({ title: 'To' }),
});

export const accountParam = () => z.uuid().meta({ title: 'Account', 'x-lookup': 'account' });
export const userParam = (title = 'Account manager') =>
  z.uuid().optional().meta({ title, 'x-lookup': 'user' });
export const departmentParam = () =>
  z.uuid().optional().meta({ title: 'Department', 'x-lookup': 'department' });
export const bucketParam = () =>
  z
    .enum(['week', 'month'])
    .default('week')
    .meta({ title: 'Group by', 'x-labels': { week: 'Week', month: 'Month' } });

const monthStart = (d: string) => `${d.slice(0, 8)}01`;
/** The first of the month `n` months before the month starting on `first`. */
function monthsBefore(first: string, n: number) {
  const total = Number(first.slice(0, 4)) * 12 + Number(first.slice(5, 7)) - 1 - n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}
const isoWeekday = (d: string) => ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The dates a period covers, both ends included, relative to `today` in the shop's calendar. */
export function resolvePeriod(p: { period?: Period; from?: string; to?: string }, today: string) {
  switch (p.period ?? 'last_30_days') {
    case 'last_7_days':
      return { from: addDays(today, -6), to: today };
    case 'last_30_days':
      return { from: addDays(today, -29), to: today };
    case 'last_90_days':
      return { from: addDays(today, -89), to: today };
    case 'last_full_week': {
      const monday = addDays(today, 1 - isoWeekday(today));
      return { from: addDays(monday, -7), to: addDays(monday, -1) };
    }
    case 'last_full_month': {
      const end = addDays(monthStart(today), -1);
      return { from: monthStart(end), to: end };
    }
    case 'this_month':
      return { from: monthStart(today), to: today };
    case 'last_12_months':
      return { from: monthsBefore(monthStart(today), 11), to: today };
    case 'this_year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'custom': {
      if (!p.from || !p.to)
        throw invalid('A custom period needs both dates', [
          { path: p.from ? 'to' : 'from', message: 'Required for a custom period' },
        ]);
      if (p.from > p.to)
        throw invalid('The period ends before it starts', [{ path: 'to', message: 'Before From' }]);
      return { from: p.from, to: p.to };
    }
  }
}
