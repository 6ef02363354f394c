import { and, eq, isNull, or } from 'drizzle-orm';
import type { Priority, Target } from '../../../shared/inbox';
import type { Db } from '../../platform/db';
import { shopHolidays } from '../departments/tables';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  parseBusinessHours,
  type BusinessHours,
} from '../../platform/calendar/business-hours';
import { conversations, responseTargets } from './tables';

type Segment = 'state' | 'education' | 'corporate' | 'other';
type Conversation = typeof conversations.$inferSelect;

/** Built-in targets in business minutes, used where the shop set none (8 working hours make a day). */
export const DEFAULT_TARGETS: Record<Priority, { firstResponseMinutes: number; resolutionMinutes: number }> =
  {
    urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    high: { firstResponseMinutes: 120, resolutionMinutes: 960 },
    normal: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
    low: { firstResponseMinutes: 480, resolutionMinutes: 2400 },
  };

/** The shop's business hours with its holidays, for counting target time. */
export async function loadBusinessHours(db: Db, spec: string, timeZone: string): Promise<BusinessHours> {
  const rows = await db.select({ date: shopHolidays.date }).from(shopHolidays);
  return parseBusinessHours(
    spec,
    timeZone,
    rows.map((r) => r.date),
  );
}

/** The target for a priority and client segment: the segment's own row, else the priority's, else built-in. */
export async function targetFor(db: Db, priority: Priority, segment: Segment | null) {
  const rows = await db
    .select()
    .from(responseTargets)
    .where(
      and(
        eq(responseTargets.priority, priority),
        segment
          ? or(eq(responseTargets.segment, segment), isNull(responseTargets.segment))
          : isNull(responseTargets.segment),
      ),
    );
  const row = rows.find((r) => r.segment === segment) ?? rows.find((r) => r.segment === null);
  return row
    ? { firstResponseMinutes: row.firstResponseMinutes, resolutionMinutes: row.resolutionMinutes }
    : DEFAULT_TARGETS[priority];
}

/** Due moments of a conversation whose clock starts at `from`. */
export async function dueMoments(
  db: Db,
  hours: BusinessHours,
  priority: Priority,
  segment: Segment | null,
  from: Date,
) {
  const t = await targetFor(db, priority, segment);
  return {
    firstResponseDueAt: addBusinessMinutes(from, t.firstResponseMinutes, hours),
    resolutionDueAt: addBusinessMinutes(from, t.resolutionMinutes, hours),
  };
}

/** `from` moved by a number of business minutes, forward or back. */
export function shiftBusinessMinutes(from: Date, minutes: number, hours: BusinessHours): Date {
  if (minutes >= 0) return addBusinessMinutes(from, minutes, hours);
  const want = -minutes;
  // Back: the latest moment with `want` business minutes between it and `from`, found by bisection.
  let span = want * 60_000;
  let lo = new Date(from.getTime() - span);
  for (let i = 0; i < 20 && businessMinutesBetween(lo, from, hours) < want; i++) {
    span *= 2;
    lo = new Date(from.getTime() - span);
  }
  let hi = from;
  while (hi.getTime() - lo.getTime() > 1000) {
    const mid = new Date(Math.floor((lo.getTime() + hi.getTime()) / 2));
    if (businessMinutesBetween(mid, from, hours) >= want) lo = mid;
    else hi = mid;
  }
  return new Date(Math.round(lo.getTime() / 60_000) * 60_000);
}

/**
 * The clocks after a change of priority: each clock still running keeps the time already spent and gets the
 * new priority's target (raising a query to urgent brings its due moments forward; lowering it moves them on).
 */
export async function retargetForPriority(
  db: Db,
  c: Conversation,
  priority: Priority,
  segment: Segment | null,
  hours: BusinessHours,
): Promise<Partial<Conversation>> {
  if (priority === c.priority) return {};
  const [before, after] = [await targetFor(db, c.priority, segment), await targetFor(db, priority, segment)];
  const out: Partial<Conversation> = {};
  if (c.firstResponseDueAt && !c.firstResponseAt)
    out.firstResponseDueAt = shiftBusinessMinutes(
      c.firstResponseDueAt,
      after.firstResponseMinutes - before.firstResponseMinutes,
      hours,
    );
  if (c.resolutionDueAt && !c.resolvedAt)
    out.resolutionDueAt = shiftBusinessMinutes(
      c.resolutionDueAt,
      after.resolutionMinutes - before.resolutionMinutes,
      hours,
    );
  return out;
}

/**
 * The changes a status move makes to the clocks: waiting on the client pauses the resolution clock; leaving
 * that state moves the resolution due time on by the business time spent waiting.
 */
export function statusChange(
  c: Conversation,
  status: Conversation['status'],
  now: Date,
  hours: BusinessHours,
): Partial<Conversation> {
  const out: Partial<Conversation> = { status };
  if (c.status === 'waiting_on_client' && status !== 'waiting_on_client' && c.pausedAt) {
    if (c.resolutionDueAt && status !== 'resolved') {
      const waited = Math.max(0, businessMinutesBetween(c.pausedAt, now, hours));
      out.resolutionDueAt = addBusinessMinutes(c.resolutionDueAt, waited, hours);
    }
    out.pausedAt = null;
  }
  if (status === 'waiting_on_client' && c.status !== 'waiting_on_client') out.pausedAt = now;
  if (status === 'resolved') out.resolvedAt = now;
  if (c.status === 'resolved' && status !== 'resolved') out.resolvedAt = null;
  return out;
}

/** How a conversation stands against its two targets right now. */
export function presentTargets(
  c: Conversation,
  now: Date,
  hours: BusinessHours,
): { firstResponse: Target; resolution: Target } {
  const first: Target = {
    dueAt: c.firstResponseDueAt?.toISOString() ?? null,
    metAt: c.firstResponseAt?.toISOString() ?? null,
    minutesLeft: null,
    breached: false,
    paused: false,
  };
  if (c.firstResponseDueAt) {
    if (c.firstResponseAt) first.breached = c.firstResponseAt > c.firstResponseDueAt;
    else if (c.status !== 'resolved') {
      first.minutesLeft = businessMinutesBetween(now, c.firstResponseDueAt, hours);
      first.breached = now > c.firstResponseDueAt;
    }
  }
  const paused = c.status === 'waiting_on_client' && Boolean(c.pausedAt);
  const resolution: Target = {
    dueAt: c.resolutionDueAt?.toISOString() ?? null,
    metAt: c.resolvedAt?.toISOString() ?? null,
    minutesLeft: null,
    breached: false,
    paused,
  };
  if (c.resolutionDueAt) {
    if (c.resolvedAt) resolution.breached = c.resolvedAt > c.resolutionDueAt;
    else {
      const from = paused ? c.pausedAt! : now;
      resolution.minutesLeft = businessMinutesBetween(from, c.resolutionDueAt, hours);
      resolution.breached = from > c.resolutionDueAt;
    }
  }
  return { firstResponse: first, resolution };
}
