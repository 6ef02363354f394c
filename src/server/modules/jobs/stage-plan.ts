import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { DepartmentLoad, PlanStage } from '../../../shared/planning';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { conflict, invalid, notFound } from '../../platform/errors';
import { addDays, isWorkingDay } from '../../platform/calendar/working-days';
import type { ServiceContext } from '../../platform/service-context';
import { getDepartment, loadCalendars } from '../departments';
import { bookedLoad, replanOpenStages } from './planning';
import { assessJobRisk } from './risk';
import { getJob } from './service';
import { jobs, jobStages } from './tables';

/**
 * A planner moves a stage to a day (drag on the board, or the keyboard): the stage starts that day whatever
 * else is booked, the rest of the job is planned around it, and the job's risk follows. Null lets planning
 * place it again.
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
  await db
    .update(jobStages)
    .set({ pinnedOn: input.pinnedOn, updatedAt: new Date() })
    .where(eq(jobStages.id, stageId));
  await replanOpenStages({ db, jobId, dueDate: job.dueDate });
  await assessJobRisk({ ...ctx, jobId });
  await recordAudit(db, ctx.actor, {
    action: 'job.stage.plan',
    entityType: 'job',
    entityId: jobId,
    accountId: job.accountId,
    summary: input.pinnedOn
      ? `${dept.name}: "${stage.name}" of ${job.number} moved to ${input.pinnedOn}`
      : `${dept.name}: "${stage.name}" of ${job.number} planned again by the planner`,
    before: { stageId, pinnedOn: stage.pinnedOn, plannedStart: stage.plannedStart },
    after: { stageId, pinnedOn: input.pinnedOn },
  });
  return getJob({ db, id: jobId, clock: ctx.clock });
}

/** A department's booked hours per day (its open stages' planned slots) against its working hours. */
export async function departmentLoad(opts: {
  db: Db;
  departmentId: string;
  from: string;
  days: number;
}): Promise<DepartmentLoad> {
  const department = await getDepartment({ db: opts.db, id: opts.departmentId });
  const { byId } = await loadCalendars(opts);
  const cal = byId.get(department.id)!.calendar;
  const booked = (await bookedLoad(opts.db)).get(department.id) ?? new Map();
  const days: DepartmentLoad['days'] = [];
  for (let i = 0; i < opts.days; i++) {
    const date = addDays(opts.from, i);
    const minutes = (booked.get(date) ?? []).reduce((sum: number, [a, b]: number[]) => sum + (b! - a!), 0);
    const capacityHours = isWorkingDay(date, cal) ? cal.hoursPerDay : 0;
    const bookedHours = Math.round((minutes / 60) * 100) / 100;
    days.push({ date, capacityHours, bookedHours, overbooked: bookedHours > capacityHours + 0.01 });
  }
  return { department: { id: department.id, code: department.code, name: department.name }, days };
}
