import { and, desc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PortalProof, ProofState, SentProof } from '../../../shared/proofs';
import type { Db } from '../../platform/db';
import { userNames } from '../users';
import { jobFiles, jobItems, jobs, proofLinks } from './tables';

type LinkRow = typeof proofLinks.$inferSelect;

/**
 * A sent proof stops being decidable when a newer version of its file exists or a newer proof was sent for
 * its item: the client decides on the newest version only.
 */
const superseded = sql<boolean>`(
  exists (select 1 from job_files f2
           where f2.job_id = ${jobFiles.jobId} and f2.kind = ${jobFiles.kind} and f2.name = ${jobFiles.name}
             and f2.item_id is not distinct from ${jobFiles.itemId} and f2.version > ${jobFiles.version})
  or exists (select 1 from proof_links l2
              where l2.item_id = ${proofLinks.itemId} and l2.created_at > ${proofLinks.createdAt}))`;

/** Sent proofs with their file, item and job, newest first. */
export async function findProofs(db: Db, where: SQL | undefined, limit = 200) {
  return db
    .select({
      link: proofLinks,
      file: {
        id: jobFiles.id,
        name: jobFiles.name,
        version: jobFiles.version,
        contentType: jobFiles.contentType,
        storageKey: jobFiles.storageKey,
      },
      item: {
        position: jobItems.position,
        description: jobItems.description,
        productType: jobItems.productType,
        proof: jobItems.proof,
      },
      job: { number: jobs.number, title: jobs.title, ownerId: jobs.ownerId },
      superseded,
    })
    .from(proofLinks)
    .innerJoin(jobFiles, eq(jobFiles.id, proofLinks.fileId))
    .innerJoin(jobItems, eq(jobItems.id, proofLinks.itemId))
    .innerJoin(jobs, eq(jobs.id, proofLinks.jobId))
    .where(where)
    .orderBy(desc(proofLinks.createdAt))
    .limit(limit);
}
export type ProofRow = Awaited<ReturnType<typeof findProofs>>[number];

/** One sent proof by its id, or by the hash of its link's token. */
export const findProof = async (db: Db, where: SQL) => (await findProofs(db, where, 1))[0] ?? null;

/** Decided first (that stays), then superseded, then an expired link, else waiting. */
export function stateOf(link: LinkRow, isSuperseded: boolean, now: Date): ProofState {
  if (link.decision) return link.decision;
  if (isSuperseded) return 'superseded';
  return link.expiresAt <= now ? 'expired' : 'waiting';
}

export const itemTitle = (item: ProofRow['item']) =>
  `Item ${item.position}: ${item.description ?? item.productType.replace(/_/g, ' ')}`;

const decisionOf = (l: LinkRow) => ({
  decision: l.decision,
  decidedBy: l.decidedBy,
  decidedVia: l.decidedVia,
  comment: l.comment,
  decidedAt: l.decidedAt?.toISOString() ?? null,
});

const fileOf = (f: ProofRow['file']) => ({ name: f.name, version: f.version, contentType: f.contentType });

/** The proofs sent for a job, newest first, as staff see them. */
export async function listJobProofs(opts: { db: Db; jobId: string; now: Date }): Promise<SentProof[]> {
  const rows = await findProofs(opts.db, eq(proofLinks.jobId, opts.jobId));
  const names = await userNames(opts.db, [...new Set(rows.flatMap((r) => r.link.sentBy ?? []))]);
  return rows.map((r) => ({
    id: r.link.id,
    itemId: r.link.itemId,
    itemPosition: r.item.position,
    file: { id: r.file.id, ...fileOf(r.file) },
    sentTo: r.link.sentTo,
    sentBy: r.link.sentBy ? (names.get(r.link.sentBy) ?? null) : null,
    sentAt: r.link.createdAt.toISOString(),
    expiresAt: r.link.expiresAt.toISOString(),
    state: stateOf(r.link, r.superseded, opts.now),
    ...decisionOf(r.link),
  }));
}

/** A sent proof as the client sees it (the link page and the portal): the proof, never more of the job. */
export function presentClientProof(r: ProofRow, accountName: string, now: Date) {
  return {
    jobNumber: r.job.number,
    itemTitle: itemTitle(r.item),
    accountName,
    file: fileOf(r.file),
    sentAt: r.link.createdAt.toISOString(),
    expiresAt: r.link.expiresAt.toISOString(),
    state: stateOf(r.link, r.superseded, now),
    ...decisionOf(r.link),
  };
}

/**
 * The account's proofs for the portal: every one still waiting, then those decided in the last 90 days.
 * Runs in the portal's scope, so row-level security keeps it to the account as well.
 */
export async function listAccountProofs(opts: { db: Db; accountId: string; now: Date }) {
  const since = new Date(opts.now.getTime() - 90 * 86_400_000);
  const rows = await findProofs(
    opts.db,
    and(
      eq(proofLinks.accountId, opts.accountId),
      or(isNull(proofLinks.decidedAt), gt(proofLinks.decidedAt, since)),
    ),
  );
  return rows
    .map((r) => presentPortalProof(r, opts.now))
    .filter((p) => p.state !== 'superseded' && p.state !== 'expired')
    .sort((a, b) => Number(b.state === 'waiting') - Number(a.state === 'waiting'));
}

/** A proof in the portal's list: the client's view plus the job's title (the account is the portal's own). */
export function presentPortalProof(r: ProofRow, now: Date): PortalProof {
  const { accountName: _, ...proof } = presentClientProof(r, '', now);
  return { id: r.link.id, jobTitle: r.job.title, ...proof };
}
