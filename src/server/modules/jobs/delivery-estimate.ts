import type { z } from 'zod';
import type { DeliveryEstimate, DeliveryEstimateRequest } from '../../../shared/planning';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import { book, copyLoad, placeForward } from '../../platform/calendar/working-hours';
import { loadCalendars, routeFor } from '../departments';
import { bookedLoad, earliestDueDate, stepHours } from './planning';
import { findJob, findJobParts } from './repo';

type Chain = { name: string; departmentId: string; hours: number; pinnedOn?: string | null }[];

/** Places chains forwards from today around the current load; the finish gives the earliest due date. */
async function placeChains(db: Db, chains: Chain[], today: string, exceptJobId?: string) {
  const calendars = await loadCalendars({ db });
  const base = await bookedLoad(db, exceptJobId);
  const load = new Map([...base].map(([k, v]) => [k, copyLoad(v)]));
  const stages: DeliveryEstimate['stages'] = [];
  let finish: string | null = null;
  let last: string | null = null;
  for (const chain of chains) {
    let cursor = today;
    for (const s of chain) {
      const dept = calendars.byId.get(s.departmentId)!;
      if (!load.has(s.departmentId)) load.set(s.departmentId, new Map());
      const from = s.pinnedOn && s.pinnedOn > cursor ? s.pinnedOn : cursor;
      const p = placeForward(s.hours, from, dept.calendar, load.get(s.departmentId));
      book(load.get(s.departmentId)!, p.slots);
      stages.push({
        name: s.name,
        department: { id: dept.id, code: dept.code, name: dept.name },
        hours: Math.round(s.hours * 100) / 100,
        start: p.start,
        end: p.end,
      });
      cursor = p.end;
    }
    if (!finish || cursor > finish) [finish, last] = [cursor, chain.at(-1)?.departmentId ?? null];
  }
  if (!finish || !last) return { earliestDueDate: today, readyAt: null, stages };
  return { earliestDueDate: earliestDueDate(finish, calendars, last), readyAt: finish, stages };
}

/**
 * "When can we deliver?" for work not yet saved (a quote, a job being entered): each item's route at its
 * standard times, placed from today where the departments have room around the jobs already planned.
 */
export async function estimateDelivery(
  opts: { db: Db; today: string },
  request: z.output<typeof DeliveryEstimateRequest>,
): Promise<DeliveryEstimate> {
  const { byCode } = await loadCalendars(opts);
  const chains: Chain[] = [];
  for (const [i, item] of request.items.entries()) {
    const steps = await routeFor({ db: opts.db, productType: item.productType });
    if (!steps.length)
      throw invalid(`${item.productType} has no route`, [
        { path: `items.${i}.productType`, message: 'No route for this product type' },
      ]);
    const chain: Chain = [];
    for (const step of steps) {
      const dept = byCode.get(step.departmentCode);
      if (!dept?.active)
        throw invalid(
          `The route of ${item.productType} uses an unknown department "${step.departmentCode}"`,
          [{ path: `items.${i}.productType`, message: 'Its route needs fixing by an admin' }],
        );
      const hours = await stepHours(opts.db, step, dept.id, { quantity: item.quantity, spec: item.spec });
      chain.push({ name: step.name, departmentId: dept.id, hours });
    }
    chains.push(chain);
  }
  return placeChains(opts.db, chains, opts.today);
}

/** The same for a saved job's open stages (a draft before the AM promises its date). */
export async function estimateJobDelivery(opts: { db: Db; today: string; jobId: string }) {
  const row = await findJob(opts.db, opts.jobId);
  if (!row) throw notFound('Job');
  const { stages } = await findJobParts(opts.db, opts.jobId);
  const byItem = new Map<string | null, Chain>();
  for (const s of stages.filter((x) => x.status !== 'done'))
    byItem.set(s.itemId, [
      ...(byItem.get(s.itemId) ?? []),
      { name: s.name, departmentId: s.departmentId, hours: s.standardHours, pinnedOn: s.pinnedOn },
    ]);
  return placeChains(opts.db, [...byItem.values()], opts.today, opts.jobId);
}
