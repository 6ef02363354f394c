import { z } from 'zod';
import { optionalText, trimmed } from './common';

// Proofs clients approve (issue 17): a proof file version sent to the client for one item, by an e-mailed
// link or in the portal, and the one decision on it.

export const ProofDecisionKind = z.enum(['approved', 'changes_requested']);
export type ProofDecisionKind = z.infer<typeof ProofDecisionKind>;

/** Where a sent proof stands: waiting, decided, or no longer decidable (a newer version, or the link ran out). */
export const ProofState = z.enum(['waiting', 'approved', 'changes_requested', 'superseded', 'expired']);
export type ProofState = z.infer<typeof ProofState>;
/** The colour each state shows in, on the staff and the client screens alike. */
export const proofStateColour: Record<ProofState, string> = {
  waiting: 'yellow',
  approved: 'green',
  changes_requested: 'red',
  superseded: 'gray',
  expired: 'gray',
};

export const ProofFileRef = z.object({
  id: z.uuid(),
  name: z.string(),
  version: z.number().int(),
  contentType: z.string(),
});

const decisionFields = {
  decision: ProofDecisionKind.nullable(),
  decidedBy: z.string().nullable(),
  decidedVia: z.enum(['link', 'portal', 'staff']).nullable(),
  comment: z.string().nullable(),
  decidedAt: z.string().nullable(),
};

/** A proof sent for a job's item, as staff see it on the job page. */
export const SentProof = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  itemPosition: z.number().int(),
  file: ProofFileRef,
  sentTo: z.string(),
  sentBy: z.string().nullable(),
  sentAt: z.string(),
  expiresAt: z.string(),
  state: ProofState,
  ...decisionFields,
});
export type SentProof = z.infer<typeof SentProof>;

/** Send a proof version to the client: the job's contact unless another contact of the account is chosen. */
export const SendProof = z
  .object({
    itemId: z.uuid(),
    fileId: z.uuid(),
    contactId: z.uuid().optional(),
    message: optionalText(2000),
  })
  .strict();
export type SendProof = z.input<typeof SendProof>;

/** What the client's proof page shows: that proof and nothing else of the job or the account. */
export const PublicProof = z.object({
  jobNumber: z.string(),
  itemTitle: z.string(),
  accountName: z.string(),
  file: ProofFileRef.omit({ id: true }),
  sentAt: z.string(),
  expiresAt: z.string(),
  state: ProofState,
  ...decisionFields,
});
export type PublicProof = z.infer<typeof PublicProof>;

const needsComment = (d: { decision: string; comment?: string | null }) =>
  d.decision !== 'changes_requested' || Boolean(d.comment?.trim());
const commentIssue = { message: 'Say what should change', path: ['comment'] };

/** The client's decision from the e-mailed link, signed with the name they type. */
export const LinkProofDecision = z
  .object({ decision: ProofDecisionKind, name: trimmed(120), comment: optionalText(2000) })
  .strict()
  .refine(needsComment, commentIssue);
export type LinkProofDecision = z.input<typeof LinkProofDecision>;

/** A portal user's decision: who decided is the signed-in user. */
export const PortalProofDecision = z
  .object({ decision: ProofDecisionKind, comment: optionalText(2000) })
  .strict()
  .refine(needsComment, commentIssue);
export type PortalProofDecision = z.input<typeof PortalProofDecision>;

/** A proof in the portal's list: the job and item it belongs to, and where it stands. */
export const PortalProof = z.object({
  id: z.uuid(),
  jobNumber: z.string(),
  jobTitle: z.string(),
  itemTitle: z.string(),
  file: ProofFileRef.omit({ id: true }),
  sentAt: z.string(),
  expiresAt: z.string(),
  state: ProofState,
  ...decisionFields,
});
export type PortalProof = z.infer<typeof PortalProof>;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** "2 days", "5 hours", "less than an hour": how long between two moments, as people say it. */
export function elapsed(fromIso: string, toIso: string): string {
  const ms = Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
  if (ms >= DAY) {
    const days = Math.floor(ms / DAY);
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  if (ms >= HOUR) {
    const hours = Math.floor(ms / HOUR);
    return `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  return 'less than an hour';
}

/**
 * The proof's turnaround in words: "waiting on the client for 2 days", "approved after 5 hours"; the client's
 * own screens say "waiting on you".
 */
export function proofTurnaround(
  p: { sentAt: string; decidedAt: string | null; state: ProofState },
  nowIso: string,
  who = 'the client',
): string {
  if (p.decidedAt) {
    const what = p.state === 'approved' ? 'approved' : 'changes requested';
    return `${what} after ${elapsed(p.sentAt, p.decidedAt)}`;
  }
  if (p.state === 'waiting') return `waiting on ${who} for ${elapsed(p.sentAt, nowIso)}`;
  return p.state === 'expired' ? 'the link expired undecided' : 'replaced by a newer version undecided';
}
