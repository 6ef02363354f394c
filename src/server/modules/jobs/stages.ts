import { and, asc, eq, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type { StageStatus, UpdateStage } from '../../../shared/jobs';
import { stageStatusMoves } from '../../../shared/status-machines';
import { recordAudit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { Db } from '../../platform/db';
import type { ServiceContext } from '../../platform/service-context';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { getDepartment } from '../departments';
import { requireApprovedProofs } from './proof-decisions';
import { assessJobRisk } from './risk';
import { getJob } from './service';
import { jobs, jobStages } from './tables';

/**
 * Moves a stage through pending → ready → in progress → done (or blocked with a reason). A stage starts only
 * when the earlier stages of its item are done; finishing one readies the next; the job follows: its first
 * start puts it in production, its last finish completes it. Production staff move only their department's stages.
 */
export async function updateStage(
  opts: ServiceContext & { jobId: string; stageId: string; input: z.output<typeof UpdateStage> },
) {
  const { db, actor, clock, jobId, stageId, input } = opts;
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  const [stage] = job
    ? await db
        .select()
        .from(jobStages)
        .where(and(eq(jobStages.id, stageId), eq(jobStages.jobId, jobId)))
    : [];
  if (!job || !stage) throw notFound('Stage');
  const department = await getDepartment({ db, id: stage.departmentId });
  if (actor.role === 'production' && actor.department !== department.code) {
    throw forbidden(`Only ${department.name} can move this stage`);
  }
  if (!['draft', 'in_production'].includes(job.status)) {
    throw conflict(`Job ${job.number} is ${job.status.replace('_', ' ')}: its stages cannot move`);
  }
  if (input.status === stage.status) return getJob({ db, id: jobId, clock });
  if (!stageStatusMoves[stage.status].includes(input.status)) {
    throw conflict(
      `A ${stage.status.replace('_', ' ')} stage cannot become ${input.status.replace('_', ' ')}`,
    );
  }
  if (input.status === 'blocked' && !input.blockedReason) {
    throw invalid('Say what blocks the stage', [
      { path: 'blockedReason', message: 'Required to block a stage' },
    ]);
  }
  if (input.status === 'in_progress' || input.status === 'done') {
    const earlier = await db
      .select({ name: jobStages.name, status: jobStages.status })
      .from(jobStages)
      .where(
        and(
          eq(jobStages.jobId, jobId),
          lt(jobStages.position, stage.position),
          stage.itemId ? eq(jobStages.itemId, stage.itemId) : undefined,
        ),
      )
      .orderBy(asc(jobStages.position));
    const waiting = earlier.find((s) => s.status !== 'done');
    if (waiting) throw conflict(`"${waiting.name}" must be done before "${stage.name}" can start`);
  }
  if (input.status === 'done' && department.code === 'prepress')
    await requireApprovedProofs(db, jobId, stage.itemId);
  const now = new Date();
  await db
    .update(jobStages)
    .set({
      status: input.status,
      blockedReason: input.status === 'blocked' ? input.blockedReason! : null,
      ...(input.status === 'in_progress' && !stage.startedAt ? { startedAt: now, startedBy: actor.id } : {}),
      ...(input.status === 'done'
        ? {
            finishedAt: now,
            finishedBy: actor.id,
            ...(stage.startedAt ? {} : { startedAt: now, startedBy: actor.id }),
          }
        : {}),
      updatedAt: now,
    })
    .where(eq(jobStages.id, stageId));
  if (input.status === 'done') await readyNext(db, jobId, stage);
  const jobStatus = await advanceJob(db, job, input.status);
  await recordAudit(db, actor, {
    action: `job.stage.${input.status}`,
    entityType: 'job',
    entityId: jobId,
    accountId: job.accountId,
    summary:
      input.status === 'blocked'
        ? `${department.name}: "${stage.name}" of ${job.number} is blocked: ${input.blockedReason}`
        : `${department.name}: "${stage.name}" of ${job.number} is ${input.status.replace('_', ' ')}`,
    before: { stageId, status: stage.status },
    after: { stageId, status: input.status },
  });
  const subject = { entityType: 'job', entityId: jobId, accountId: job.accountId };
  const named = { jobId, number: job.number, title: job.title };
  await emit(db, actor, 'job.stage_changed', subject, {
    ...named,
    stageId,
    stageName: stage.name,
    department: department.code,
    from: stage.status,
    to: input.status,
  });
  if (jobStatus !== job.status)
    await emit(db, actor, 'job.status_changed', subject, { ...named, from: job.status, to: jobStatus });
  if (input.status === 'blocked') {
    await emit(
      db,
      actor,
      'job.stage_blocked',
      { entityType: 'job', entityId: jobId, accountId: job.accountId },
      {
        jobId,
        number: job.number,
        title: job.title,
        ownerId: job.ownerId,
        stageId,
        reason: input.blockedReason!,
        detail: `${department.name} blocked "${stage.name}" of ${job.number}: ${input.blockedReason}`,
      },
    );
  }
  await assessJobRisk({ db, actor, clock, jobId });
  return getJob({ db, id: jobId, clock });
}

async function readyNext(db: Db, jobId: string, stage: typeof jobStages.$inferSelect) {
  const rest = await db
    .select()
    .from(jobStages)
    .where(and(eq(jobStages.jobId, jobId), stage.itemId ? eq(jobStages.itemId, stage.itemId) : undefined))
    .orderBy(asc(jobStages.position));
  const following = rest.find((s) => s.position > stage.position);
  if (following?.status === 'pending') {
    await db
      .update(jobStages)
      .set({ status: 'ready', updatedAt: new Date() })
      .where(eq(jobStages.id, following.id));
  }
}

/** Moves the job with its stages; returns the job's status after. */
async function advanceJob(db: Db, job: typeof jobs.$inferSelect, moved: StageStatus): Promise<string> {
  let status: string = job.status;
  if (job.status === 'draft' && (moved === 'in_progress' || moved === 'done')) {
    await db.update(jobs).set({ status: 'in_production', updatedAt: new Date() }).where(eq(jobs.id, job.id));
    status = 'in_production';
  }
  if (moved === 'done') {
    const stages = await db
      .select({ status: jobStages.status })
      .from(jobStages)
      .where(eq(jobStages.jobId, job.id));
    if (stages.every((s) => s.status === 'done')) {
      await db
        .update(jobs)
        .set({ status: 'completed', completedAt: new Date(), updatedAt: new Date() })
        .where(eq(jobs.id, job.id));
      status = 'completed';
    }
  }
  return status;
}
