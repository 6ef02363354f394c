import { and, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ProofDecision } from '../../../shared/jobs';
import { recordAudit } from '../../platform/audit';
import type { ServiceContext } from '../../platform/service-context';
import { conflict, notFound } from '../../platform/errors';
import { decideSentProof } from './proof-decisions';
import { findProof, stateOf } from './proof-queries';
import { getJob } from './service';
import { jobItems, proofLinks } from './tables';

const label = { pending: 'pending', approved: 'approved', changes_requested: 'changes requested' } as const;

/**
 * Staff record the client's decision on an item's proof (a hard copy signed at the counter, a call). When
 * the item's newest sent proof still waits, the decision is that proof's, bound to its file version, and the
 * client's link then shows it; otherwise it is recorded on the item alone.
 */
export async function decideProof(
  opts: ServiceContext & { jobId: string; itemId: string; input: z.output<typeof ProofDecision> },
) {
  const { db, input } = opts;
  // The job first, then the item: the order every proof decision and new file version locks in.
  await db.execute(sql`select 1 from jobs where id = ${opts.jobId} for update`);
  const [item] = await db
    .select()
    .from(jobItems)
    .where(and(eq(jobItems.id, opts.itemId), eq(jobItems.jobId, opts.jobId)))
    .for('update');
  if (!item) throw notFound('Item');
  if (item.proof === 'none') throw conflict('This item needs no proof');
  if (input.status !== 'pending') {
    const sent = await findProof(db, and(eq(proofLinks.itemId, item.id), isNull(proofLinks.decidedAt))!);
    if (sent && stateOf(sent.link, sent.superseded, opts.clock.now()) === 'waiting') {
      await decideSentProof({
        db,
        actor: opts.actor,
        where: eq(proofLinks.id, sent.link.id),
        now: opts.clock.now(),
        input: { decision: input.status, decidedBy: input.decidedBy, comment: input.comment, via: 'staff' },
      });
      return getJob({ db, id: opts.jobId, clock: opts.clock });
    }
  }
  await db
    .update(jobItems)
    .set({
      proofStatus: input.status,
      proofDecidedBy: input.status === 'pending' ? null : input.decidedBy,
      proofDecidedAt: input.status === 'pending' ? null : new Date(),
      proofComment: input.comment ?? null,
      updatedAt: new Date(),
    })
    .where(eq(jobItems.id, item.id));
  const job = await getJob({ db, id: opts.jobId, clock: opts.clock });
  await recordAudit(db, opts.actor, {
    action: 'job.proof',
    entityType: 'job',
    entityId: job.id,
    accountId: job.account.id,
    summary: `Proof of item ${item.position} on ${job.number}: ${label[input.status]} by ${input.decidedBy}${input.comment ? ` — ${input.comment}` : ''}`,
    before: { itemId: item.id, proofStatus: item.proofStatus },
    after: { itemId: item.id, proofStatus: input.status },
  });
  return job;
}
