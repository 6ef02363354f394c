import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ProofDecision } from '../../../shared/jobs';
import { recordAudit } from '../../platform/audit';
import type { ServiceContext } from '../../platform/service-context';
import { conflict, notFound } from '../../platform/errors';
import { getJob } from './service';
import { jobItems } from './tables';

const label = { pending: 'pending', approved: 'approved', changes_requested: 'changes requested' } as const;

/** Records the client's decision on an item's proof (staff enter it now; the portal lets clients decide). */
export async function decideProof(
  opts: ServiceContext & { jobId: string; itemId: string; input: z.output<typeof ProofDecision> },
) {
  const [item] = await opts.db
    .select()
    .from(jobItems)
    .where(and(eq(jobItems.id, opts.itemId), eq(jobItems.jobId, opts.jobId)))
    .for('update');
  if (!item) throw notFound('Item');
  if (item.proof === 'none') throw conflict('This item needs no proof');
  await opts.db
    .update(jobItems)
    .set({
      proofStatus: opts.input.status,
      proofDecidedBy: opts.input.status === 'pending' ? null : opts.input.decidedBy,
      proofDecidedAt: opts.input.status === 'pending' ? null : new Date(),
      proofComment: opts.input.comment ?? null,
      updatedAt: new Date(),
    })
    .where(eq(jobItems.id, item.id));
  const job = await getJob({ db: opts.db, id: opts.jobId, clock: opts.clock });
  await recordAudit(opts.db, opts.actor, {
    action: 'job.proof',
    entityType: 'job',
    entityId: job.id,
    accountId: job.account.id,
    summary: `Proof of item ${item.position} on ${job.number}: ${label[opts.input.status]} by ${opts.input.decidedBy}${opts.input.comment ? ` — ${opts.input.comment}` : ''}`,
    before: { itemId: item.id, proofStatus: item.proofStatus },
    after: { itemId: item.id, proofStatus: opts.input.status },
  });
  return job;
}
