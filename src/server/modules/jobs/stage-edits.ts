import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AddStage } from '../../../shared/jobs';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import type { ServiceContext } from '../../platform/service-context';
import { conflict, invalid, notFound } from '../../platform/errors';
import { getDepartment } from '../departments';
import { assessJobRisk } from './risk';
import { getJob, replanOpenStages } from './service';
import { jobs, jobStages } from './tables';

type Ctx = ServiceContext & { jobId: string };

async function lockOpenJob(db: Db, jobId: string) {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (!job) throw notFound('Job');
  if (!['draft', 'in_production', 'on_hold'].includes(job.status)) {
    throw conflict(`Job ${job.number} is ${job.status}: its route cannot change`);
  }
  return job;
}

/** Numbers an item's chain 100, 101, … again after a stage was added or removed. */
async function renumber(db: Db, jobId: string, itemId: string | null, base: number) {
  const chain = await db
    .select({ id: jobStages.id })
    .from(jobStages)
    .where(and(eq(jobStages.jobId, jobId), itemId ? eq(jobStages.itemId, itemId) : undefined))
    .orderBy(asc(jobStages.position));
  for (const [i, s] of chain.entries()) {
    await db
      .update(jobStages)
      .set({ position: base + i })
      .where(eq(jobStages.id, s.id));
  }
}

async function finish(ctx: Ctx, job: typeof jobs.$inferSelect, action: string, summary: string) {
  await replanOpenStages({ db: ctx.db, jobId: job.id, dueDate: job.dueDate });
  await assessJobRisk({ ...ctx, jobId: job.id });
  await recordAudit(ctx.db, ctx.actor, {
    action,
    entityType: 'job',
    entityId: job.id,
    accountId: job.accountId,
    summary,
  });
  return getJob({ db: ctx.db, id: job.id, clock: ctx.clock });
}

/** Adds a stage to an item's route after another stage; the open stages are planned again. */
export async function addStage(ctx: Ctx & { input: z.output<typeof AddStage> }) {
  const job = await lockOpenJob(ctx.db, ctx.jobId);
  const [after] = await ctx.db
    .select()
    .from(jobStages)
    .where(and(eq(jobStages.id, ctx.input.afterStageId), eq(jobStages.jobId, job.id)));
  if (!after)
    throw invalid('Add the stage after one of this job’s stages', [
      { path: 'afterStageId', message: 'Unknown stage' },
    ]);
  const department = await getDepartment({ db: ctx.db, id: ctx.input.departmentId }).catch(() => null);
  if (!department?.active)
    throw invalid('Unknown or inactive department', [
      { path: 'departmentId', message: 'Unknown department' },
    ]);
  const base = Math.floor(after.position / 100) * 100;
  const later = await ctx.db
    .select({ id: jobStages.id, position: jobStages.position })
    .from(jobStages)
    .where(and(eq(jobStages.jobId, job.id), after.itemId ? eq(jobStages.itemId, after.itemId) : undefined))
    .orderBy(asc(jobStages.position));
  for (const s of later.filter((x) => x.position > after.position).reverse()) {
    await ctx.db
      .update(jobStages)
      .set({ position: s.position + 1 })
      .where(eq(jobStages.id, s.id));
  }
  await ctx.db.insert(jobStages).values({
    jobId: job.id,
    accountId: job.accountId,
    itemId: after.itemId,
    departmentId: department.id,
    name: ctx.input.name,
    position: after.position + 1,
    standardHours: ctx.input.standardHours,
    plannedStart: after.plannedEnd,
    plannedEnd: after.plannedEnd,
    status: after.status === 'done' ? 'ready' : 'pending',
  });
  await renumber(ctx.db, job.id, after.itemId, base);
  return finish(
    ctx,
    job,
    'job.stage.add',
    `Added stage "${ctx.input.name}" (${department.name}) to ${job.number}`,
  );
}

/** Removes a stage that has not started; the open stages are planned again. */
export async function removeStage(ctx: Ctx & { stageId: string }) {
  const job = await lockOpenJob(ctx.db, ctx.jobId);
  const [stage] = await ctx.db
    .select()
    .from(jobStages)
    .where(and(eq(jobStages.id, ctx.stageId), eq(jobStages.jobId, job.id)));
  if (!stage) throw notFound('Stage');
  if (!['pending', 'ready'].includes(stage.status)) {
    throw conflict(`"${stage.name}" has started or is blocked: finish or unblock it instead of removing it`);
  }
  await ctx.db.delete(jobStages).where(eq(jobStages.id, stage.id));
  await renumber(ctx.db, job.id, stage.itemId, Math.floor(stage.position / 100) * 100);
  if (stage.status === 'ready') {
    const chain = await ctx.db
      .select()
      .from(jobStages)
      .where(and(eq(jobStages.jobId, job.id), stage.itemId ? eq(jobStages.itemId, stage.itemId) : undefined))
      .orderBy(asc(jobStages.position));
    const next = chain.find((s) => s.status !== 'done');
    if (next?.status === 'pending')
      await ctx.db.update(jobStages).set({ status: 'ready' }).where(eq(jobStages.id, next.id));
  }
  return finish(ctx, job, 'job.stage.remove', `Removed stage "${stage.name}" from ${job.number}`);
}
