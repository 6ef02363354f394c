import type { Actor } from '../platform/actor';
import type { Db } from '../platform/db';
import { AppError } from '../platform/errors';
import { subscribe } from '../platform/events';
import type { Clock } from '../platform/service-context';
import { getJob, updateStage } from '../modules/jobs';

/**
 * Starts or finishes the job's shipping stages that can move (earlier stages done); the others are left as
 * they are — a stage that cannot move yet, or one of a department the actor may not move, is not an error
 * for the shipment. Moving a stage re-assesses the job's risk.
 */
async function moveShippingStages(opts: {
  db: Db;
  actor: Actor;
  clock: Clock;
  jobId: string;
  to: 'in_progress' | 'done';
}) {
  const job = await getJob({ db: opts.db, id: opts.jobId });
  const stages = job.stages.filter((s) => s.department.code === 'shipping');
  for (const stage of stages) {
    if (stage.status === 'done' || stage.status === opts.to) continue;
    await updateStage({
      db: opts.db,
      actor: opts.actor,
      clock: opts.clock,
      jobId: opts.jobId,
      stageId: stage.id,
      input: { status: opts.to },
    }).catch((err: unknown) => {
      if (!(err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'FORBIDDEN'))) throw err;
    });
  }
}

/**
 * A shipment moves its job along: shipping starts the job's shipping stages, and the delivery of the last
 * shipment still on its way finishes them (which completes the job when nothing else is left). Runs in the
 * shipment's transaction, as the person who moved the shipment.
 */
export function subscribeShipmentToJob(opts: { clock: Clock }) {
  subscribe('shipment.shipped', 'shipment-to-job', async (db, { payload, actor }) => {
    await moveShippingStages({ db, actor, clock: opts.clock, jobId: payload.jobId, to: 'in_progress' });
  });
  subscribe('shipment.delivered', 'shipment-to-job', async (db, { payload, actor }) => {
    if (payload.jobHasOpenShipments) return;
    await moveShippingStages({ db, actor, clock: opts.clock, jobId: payload.jobId, to: 'done' });
  });
}
