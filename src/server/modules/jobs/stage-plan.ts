import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { DepartmentLoad, PlanStage } from '../../../shared/planning';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import { addDays, isWorkingDay } from '../../platform/calendar/working-days';
import type { ServiceContext } from '../../platform/service-context';
import { getDepartment, loadCalendars } from '../departments';
import { listPresses, machineOptions } from '../estimating';
import { machineCalendar, resourceKey } from './machines';
import { bookedLoad, replanOpenStages } from './planning';
import { assessJobRisk } from './risk';
import { getJob } from './service';
import { jobItems, jobs, jobStages } from './tables';

/**
 * A planner moves a stage to a day and/or a machine (drag on the board, or the keyboard): the stage starts that
 * day whatever else is booked, stays on that machine, the rest of the job is planned around it, and the job's
 * risk follows. Null lets planning place it again.
 */
export async function planStage(
  ctx: ServiceContext & { jobId: string; stageId: string; input: z.output<typeof PlanStage> },
) {
  const { db, jobId, stageId, input } = ctx;
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (!job) throw notFound('Job');
  if (!['draft', 'in_production', 'on_hold'].includes(job.status))
    throw conflict(`Job ${job.number} is ${job.status.replace('_', ' ')}: its plan cannot change`);
  const [stage] = await db
    .select()
    .from(jobStages)
    .where(and(eq(jobStages.id, stageId), eq(jobStages.jobId, jobId)));
  if (!stage) throw notFound('Stage');
  if (stage.status === 'done') throw conflict(`"${stage.name}" is done: it cannot move`);
  const { byId } = await loadCalendars({ db });
  const dept = byId.get(stage.departmentId)!;
  if (input.pinnedOn) {
    if (input.pinnedOn < ctx.clock.today())
      throw invalid('A stage cannot move into the past', [
        { path: 'pinnedOn', message: `Must be ${ctx.clock.today()} or later` },
      ]);
    if (!isWorkingDay(input.pinnedOn, dept.calendar))
      throw invalid(`${dept.name} does not work on ${input.pinnedOn}`, [
        { path: 'pinnedOn', message: 'Not a working day of the department' },
      ]);
  }
  const machine = input.machineId ? await machineFor(db, stage, input.machineId, dept.name) : null;
  await db
    .update(jobStages)
    .set({
      ...(input.pinnedOn !== undefined && { pinnedOn: input.pinnedOn }),
      ...(input.machineId !== undefined && { machineId: input.machineId, machinePinned: !!input.machineId }),
      updatedAt: new Date(),
    })
    .where(eq(jobStages.id, stageId));
  await replanOpenStages({ db, jobId, dueDate: job.dueDate });
  await assessJobRisk({ ...ctx, jobId });
  const moves = [
    input.pinnedOn && `to ${input.pinnedOn}`,
    machine && `onto ${machine.name}`,
    input.pinnedOn === null && 'back to its planned day',
    input.machineId === null && 'back to the machine planning chooses',
  ].filter(Boolean);
  await recordAudit(db, ctx.actor, {
    action: 'job.stage.plan',
    entityType: 'job',
    entityId: jobId,
    accountId: job.accountId,
    summary: `${dept.name}: "${stage.name}" of ${job.number} moved ${moves.join(' and ')}`,
    before: {
      stageId,
      pinnedOn: stage.pinnedOn,
      machineId: stage.machineId,
      plannedStart: stage.plannedStart,
    },
    after: { stageId, pinnedOn: input.pinnedOn, machineId: input.machineId },
  });
  return getJob({ db, id: jobId, clock: ctx.clock });
}

/** The machine a planner chose, if it is one of the stage's department that can run the stage's item (else 400). */
async function machineFor(
  db: Db,
  stage: typeof jobStages.$inferSelect,
  machineId: string,
  departmentName: string,
) {
  const item = stage.itemId
    ? (await db.select().from(jobItems).where(eq(jobItems.id, stage.itemId)))[0]
    : undefined;
  const options = await machineOptions(db, {
    departmentId: stage.departmentId,
    quantity: item?.quantity ?? 1,
    spec: item?.spec ?? {},
  });
  const machine = options.find((m) => m.id === machineId);
  if (!machine)
    throw invalid(`That machine is not one of ${departmentName}'s that can run "${stage.name}"`, [
      { path: 'machineId', message: 'Not a machine of the department that can run this work' },
    ]);
  return machine;
}

type LoadDay = DepartmentLoad['days'][number];
const round = (h: number) => Math.round(h * 100) / 100;
const day = (date: string, capacityHours: number, bookedHours: number): LoadDay => ({
  date,
  capacityHours: round(capacityHours),
  bookedHours: round(bookedHours),
  overbooked: bookedHours > capacityHours + 0.01,
});

/**
 * A department's booked hours per day against its working hours, for each of its machines (a department
 * without one has its hand work) and summed for the department.
 */
export async function departmentLoad(opts: {
  db: Db;
  departmentId: string;
  from: string;
  days: number;
}): Promise<DepartmentLoad> {
  const department = await getDepartment({ db: opts.db, id: opts.departmentId });
  const { byId } = await loadCalendars(opts);
  const cal = byId.get(department.id)!.calendar;
  const booked = await bookedLoad(opts.db);
  const hand = { id: null, name: 'Hand work', hoursPerDay: null };
  const presses = (await listPresses(opts.db)).filter((p) => p.active && p.departmentId === department.id);
  const handKey = resourceKey(null, department.id);
  // Hand work shows when the department has no machine, or when work no machine of it runs is booked there.
  const machines = presses.length && !booked.get(handKey)?.size ? presses : [...presses, hand];
  const dates = Array.from({ length: opts.days }, (_, i) => addDays(opts.from, i));
  const perMachine = machines.map((m) => {
    const mcal = machineCalendar(cal, m.hoursPerDay);
    const load = booked.get(resourceKey(m.id, department.id)) ?? new Map<string, [number, number][]>();
    const days = dates.map((date) => {
      const minutes = (load.get(date) ?? []).reduce((sum, [a, b]) => sum + (b - a), 0);
      return day(date, isWorkingDay(date, mcal) ? mcal.hoursPerDay : 0, minutes / 60);
    });
    return { id: m.id, name: m.name, days };
  });
  const days = dates.map((date, i) =>
    day(
      date,
      perMachine.reduce((sum, m) => sum + m.days[i]!.capacityHours, 0),
      perMachine.reduce((sum, m) => sum + m.days[i]!.bookedHours, 0),
    ),
  );
  return {
    department: { id: department.id, code: department.code, name: department.name },
    days,
    machines: perMachine,
  };
}
