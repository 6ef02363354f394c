import type { z } from 'zod';
import type { DeliveryEstimate, DeliveryEstimateRequest } from '../../../shared/planning';
import type { Db } from '../../platform/db';
import { invalid, notFound } from '../../platform/errors';
import { copyLoad, planChainForwards, type DayLoad } from '../../platform/calendar/working-hours';
import { loadCalendars, requireProductType, routeFor } from '../departments';
import {
  loadOf,
  machineCalendar,
  machineLookup,
  resourceKey,
  stageResources,
  type StageResource,
} from './machines';
import { bookedLoad, earliestDueDate, machineHoursPerDay } from './planning';
import { findJob, findJobParts } from './repo';

type Calendars = Awaited<ReturnType<typeof loadCalendars>>;

type Chain = {
  name: string;
  departmentId: string;
  /** Where the stage may run, each with its time there (a saved stage: its own machine). */
  resources: StageResource[];
  pinnedOn?: string | null;
}[];

/** Places chains forwards from today around the current load; the finish gives the earliest due date. */
async function placeChains(
  calendars: Calendars,
  load: Map<string, DayLoad>,
  chains: Chain[],
  today: string,
): Promise<DeliveryEstimate> {
  const stages: DeliveryEstimate['stages'] = [];
  let finish: string | null = null;
  let last: string | null = null;
  for (const chain of chains) {
    const plan = planChainForwards(
      chain.map((s) => ({ ...s.resources[0]!, options: s.resources, pinnedOn: s.pinnedOn })),
      today,
    );
    for (const [i, s] of chain.entries()) {
      const dept = calendars.byId.get(s.departmentId)!;
      const on = s.resources[plan[i]!.option]!;
      stages.push({
        name: s.name,
        department: { id: dept.id, code: dept.code, name: dept.name },
        machineId: on.machineId,
        hours: Math.round(on.hours * 100) / 100,
        start: plan[i]!.start,
        end: plan[i]!.end,
      });
    }
    const end = plan.at(-1)?.end;
    if (end && (!finish || end > finish)) [finish, last] = [end, chain.at(-1)!.departmentId];
  }
  if (!finish || !last) return { earliestDueDate: today, readyAt: null, stages };
  return { earliestDueDate: earliestDueDate(finish, calendars, last), readyAt: finish, stages };
}

/** The current load, copied: a what-if must not change it. */
async function loadCopy(db: Db, exceptJobId?: string) {
  const base = await bookedLoad(db, exceptJobId);
  return new Map([...base].map(([k, v]) => [k, copyLoad(v)]));
}

/**
 * "When can we deliver?" for work not yet saved (a quote, a job being entered): each item's route at its
 * standard times, placed from today where the departments have room around the jobs already planned.
 */
export async function estimateDelivery(
  opts: { db: Db; today: string },
  request: z.output<typeof DeliveryEstimateRequest>,
): Promise<DeliveryEstimate> {
  const calendars = await loadCalendars(opts);
  const { byCode } = calendars;
  const load = await loadCopy(opts.db);
  const machinesFor = machineLookup(opts.db);
  const chains: Chain[] = [];
  for (const [i, item] of request.items.entries()) {
    await requireProductType(opts.db, item.productType, `items.${i}.productType`);
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
      const typed = step.standardHours + (step.piecesPerHour ? item.quantity / step.piecesPerHour : 0);
      const machines = await machinesFor(dept.id, { quantity: item.quantity, spec: item.spec });
      const stage = {
        departmentId: dept.id,
        machineId: null,
        machinePinned: false,
        stepHours: step.standardHours,
        stepPiecesPerHour: step.piecesPerHour ?? null,
        standardHours: typed,
      };
      chain.push({
        name: step.name,
        departmentId: dept.id,
        resources: stageResources(stage, machines, calendars, load, item.quantity),
      });
    }
    chains.push(chain);
  }
  return placeChains(calendars, load, chains, opts.today);
}

/** The same for a saved job's open stages (a draft before the AM promises its date). */
export async function estimateJobDelivery(opts: { db: Db; today: string; jobId: string }) {
  const row = await findJob(opts.db, opts.jobId);
  if (!row) throw notFound('Job');
  const { stages } = await findJobParts(opts.db, opts.jobId);
  const calendars = await loadCalendars(opts);
  const load = await loadCopy(opts.db, opts.jobId);
  const hoursPerDay = await machineHoursPerDay(opts.db);
  const byItem = new Map<string | null, Chain>();
  for (const s of stages.filter((x) => x.status !== 'done')) {
    // A saved stage stays on its machine: the estimate answers for the plan as it is.
    const key = resourceKey(s.machineId, s.departmentId);
    const calendar = machineCalendar(
      calendars.byId.get(s.departmentId)!.calendar,
      s.machineId ? (hoursPerDay.get(s.machineId) ?? null) : null,
    );
    const resources = [
      { machineId: s.machineId, key, hours: s.standardHours, calendar, load: loadOf(load, key) },
    ];
    byItem.set(s.itemId, [
      ...(byItem.get(s.itemId) ?? []),
      { name: s.name, departmentId: s.departmentId, resources, pinnedOn: s.pinnedOn },
    ]);
  }
  return placeChains(calendars, load, [...byItem.values()], opts.today);
}
