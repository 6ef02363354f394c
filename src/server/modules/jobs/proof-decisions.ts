import { and, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { ProofDecisionKind } from '../../../shared/proofs';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import { conflict, notFound } from '../../platform/errors';
import { findProof, itemTitle, stateOf } from './proof-queries';
import { jobFiles, jobItems, jobs, proofLinks } from './tables';

export type ProofDecisionInput = {
  decision: ProofDecisionKind;
  decidedBy: string;
  via: 'link' | 'portal' | 'staff';
  comment?: string | null;
};

const said = { approved: 'approved', changes_requested: 'changes requested' } as const;
const by = { link: 'from the e-mailed link', portal: 'in the portal', staff: 'recorded by staff' } as const;

/**
 * Records the one decision on a sent proof and on its item, bound to the proof's file version. The job row
 * is locked first (as a new file version locks it), so of two decisions at once exactly one wins and the
 * other finds the proof decided; a decision on a superseded version or through an expired link is refused.
 */
export async function decideSentProof(opts: {
  db: Db;
  actor: Actor;
  where: SQL;
  input: ProofDecisionInput;
  now: Date;
}) {
  const { db, actor, input } = opts;
  const found = await findProof(db, opts.where);
  if (!found) throw notFound('Proof');
  await db.execute(sql`select 1 from jobs where id = ${found.link.jobId} for update`);
  // Read again under the lock: a decision or a new version committed meanwhile is seen now.
  const row = (await findProof(db, eq(proofLinks.id, found.link.id)))!;
  const { link, file, job } = row;
  const state = stateOf(link, row.superseded, opts.now);
  if (state === 'approved' || state === 'changes_requested') {
    throw conflict(
      `This proof was already decided: ${said[state]} by ${link.decidedBy} on ${link.decidedAt!.toISOString().slice(0, 10)}`,
    );
  }
  if (state === 'superseded') {
    throw conflict(
      `Version ${file.version} of ${file.name} was replaced by a newer proof: decide on that one`,
    );
  }
  if (state === 'expired') throw conflict('This proof link has expired: ask for the proof to be sent again');
  if (row.item.proof === 'none') throw conflict('This item no longer needs a proof');
  const decided = {
    decision: input.decision,
    decidedBy: input.decidedBy,
    decidedVia: input.via,
    comment: input.comment ?? null,
    decidedAt: opts.now,
    updatedAt: opts.now,
  };
  const [updated] = await db
    .update(proofLinks)
    .set(decided)
    .where(and(eq(proofLinks.id, link.id), isNull(proofLinks.decidedAt)))
    .returning();
  await db
    .update(jobItems)
    .set({
      proofStatus: input.decision,
      proofDecidedBy: input.decidedBy,
      proofDecidedAt: opts.now,
      proofComment: input.comment ?? null,
      updatedAt: opts.now,
    })
    .where(eq(jobItems.id, link.itemId));
  const detail = `Proof ${file.name} v${file.version} of ${job.number} (${itemTitle(row.item)}): ${said[input.decision]} by ${input.decidedBy} ${by[input.via]}${input.comment ? ` — ${input.comment}` : ''}`;
  const subject = { entityType: 'job', entityId: link.jobId, accountId: link.accountId };
  await recordAudit(db, actor, {
    action: 'job.proof.decided',
    ...subject,
    summary: detail,
    before: { proofId: link.id, itemId: link.itemId, fileVersion: file.version, decision: null },
    after: { proofId: link.id, itemId: link.itemId, fileVersion: file.version, ...decided },
  });
  await emit(db, actor, 'proof.decided', subject, {
    jobId: link.jobId,
    number: job.number,
    title: job.title,
    ownerId: job.ownerId,
    detail,
    proofId: link.id,
    itemId: link.itemId,
    fileId: file.id,
    fileVersion: file.version,
    decision: input.decision,
    decidedBy: input.decidedBy,
    comment: input.comment ?? null,
  });
  return { ...row, link: updated! };
}

/**
 * A new version of a proof file puts back to pending the items it is the proof of: the file's own item and
 * every item whose latest sent proof is an earlier version of it. Called under the job's row lock.
 */
export async function reopenProofs(
  db: Db,
  file: { jobId: string; itemId: string | null; kind: string; name: string },
) {
  if (file.kind !== 'proof') return [];
  const latest = await db
    .selectDistinctOn([proofLinks.itemId], {
      itemId: proofLinks.itemId,
      name: jobFiles.name,
      kind: jobFiles.kind,
      fileItemId: jobFiles.itemId,
    })
    .from(proofLinks)
    .innerJoin(jobFiles, eq(jobFiles.id, proofLinks.fileId))
    .where(eq(proofLinks.jobId, file.jobId))
    .orderBy(proofLinks.itemId, desc(proofLinks.createdAt));
  const itemIds = new Set(
    latest
      .filter((l) => l.name === file.name && l.kind === file.kind && l.fileItemId === file.itemId)
      .map((l) => l.itemId),
  );
  if (file.itemId) itemIds.add(file.itemId);
  if (!itemIds.size) return [];
  return reopenItems(db, [...itemIds]);
}

/** Items whose proof waits for the client's decision again (a new version, or a proof sent): no decision. */
export async function reopenItems(db: Db, itemIds: string[]) {
  return db
    .update(jobItems)
    .set({
      proofStatus: 'pending',
      proofDecidedBy: null,
      proofDecidedAt: null,
      proofComment: null,
      updatedAt: new Date(),
    })
    .where(and(inArray(jobItems.id, itemIds), ne(jobItems.proof, 'none')))
    .returning({ id: jobItems.id, position: jobItems.position });
}

/**
 * Prepress may not finish while an item it covers needs a proof that is not approved: a 409 naming the
 * items and where their proofs stand.
 */
export async function requireApprovedProofs(db: Db, jobId: string, itemId: string | null) {
  const waiting = await db
    .select({ position: jobItems.position, status: jobItems.proofStatus })
    .from(jobItems)
    .where(
      and(
        eq(jobItems.jobId, jobId),
        itemId ? eq(jobItems.id, itemId) : undefined,
        ne(jobItems.proof, 'none'),
        ne(jobItems.proofStatus, 'approved'),
      ),
    )
    .orderBy(jobItems.position);
  if (!waiting.length) return;
  const [job] = await db.select({ number: jobs.number }).from(jobs).where(eq(jobs.id, jobId));
  const list = waiting
    .map(
      (w) =>
        `item ${w.position} (${w.status === 'changes_requested' ? 'changes requested' : 'waiting for approval'})`,
    )
    .join(', ');
  throw conflict(`Prepress of ${job!.number} cannot finish before the proof is approved: ${list}`);
}
