import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { SendProof } from '../../../shared/proofs';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { newSecret, sha256 } from '../../platform/auth/secrets';
import type { Db } from '../../platform/db';
import { emit } from '../../platform/events';
import { conflict, invalid, notFound } from '../../platform/errors';
import type { FileStore } from '../../platform/files';
import type { Mailer } from '../../platform/mail';
import type { ServiceContext } from '../../platform/service-context';
import { getAccount, getContact } from '../accounts';
import { defineMailTemplate, renderMailTemplate } from '../mail';
import { decideSentProof, reopenItems, type ProofDecisionInput } from './proof-decisions';
import { findProof, itemTitle, listJobProofs, presentClientProof, presentPortalProof } from './proof-queries';
import { jobFiles, jobItems, jobs, proofLinks } from './tables';

defineMailTemplate({
  key: 'proof.sent',
  name: 'Proof sent to the client',
  subject: 'Proof {{file.name}} v{{file.version}} for {{job.number}} — please approve',
  body: 'Hello {{contact.name}},\n\nYour proof of {{item.title}} ({{job.number}}) is ready: {{file.name}}, version {{file.version}}.\n{{message}}\nOpen it, then approve it or ask for changes: {{proof.link}}\n\nThe link works until {{proof.expires}}; no sign-in needed.\n',
  fields: [
    { name: 'contact.name', description: 'The contact the proof goes to' },
    { name: 'job.number', description: 'Job number' },
    { name: 'item.title', description: 'The item the proof is of' },
    { name: 'file.name', description: 'The proof file’s name' },
    { name: 'file.version', description: 'The proof file’s version' },
    { name: 'message', description: 'The account manager’s note, if any' },
    { name: 'proof.link', description: 'The link to the proof page' },
    { name: 'proof.expires', description: 'The last day the link works' },
  ],
});

/** Who decided through an e-mailed link: the name they signed with, for the audit log and the events. */
const linkActor = (name: string, email: string): Actor => ({
  kind: 'portal',
  id: null,
  name: `${name} (proof link)`,
  email,
  role: 'account_manager',
  department: null,
  via: 'session',
});

/**
 * E-mails the client a link to one proof version of one item. The link's token is random and stored only
 * as its hash (as API tokens and invitations are); it expires after `linkDays` and serves one decision.
 * Sending puts the item back to pending: the client now decides on this version.
 */
export async function sendProof(
  opts: ServiceContext & {
    mailer: Mailer;
    publicUrl: string;
    linkDays: number;
    jobId: string;
    input: z.output<typeof SendProof>;
  },
) {
  const { db, actor, input } = opts;
  const [job] = await db.select().from(jobs).where(eq(jobs.id, opts.jobId)).for('update');
  if (!job) throw notFound('Job');
  const [item] = await db
    .select()
    .from(jobItems)
    .where(and(eq(jobItems.id, input.itemId), eq(jobItems.jobId, job.id)));
  if (!item) throw invalid('The item is not one of this job', [{ path: 'itemId', message: 'Unknown item' }]);
  if (item.proof === 'none') throw conflict(`Item ${item.position} needs no proof`);
  const file = await proofFileFor(db, job.id, item.id, input.fileId);
  const contactId = input.contactId ?? job.contactId;
  if (!contactId) {
    throw invalid('The job has no contact: choose who gets the proof', [
      { path: 'contactId', message: 'Choose a contact' },
    ]);
  }
  const contact = await getContact({ db, id: contactId }).catch(() => null);
  if (!contact || contact.accountId !== job.accountId || contact.archivedAt) {
    throw invalid('The contact is not one of this account', [
      { path: 'contactId', message: 'Unknown contact' },
    ]);
  }
  const name = `${contact.firstName} ${contact.lastName}`.trim();
  const email = contact.emails[0];
  if (!email) throw invalid(`${name} has no e-mail address`, [{ path: 'contactId', message: 'No e-mail' }]);
  const token = newSecret('jjp_');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + opts.linkDays * 86_400_000);
  const [link] = await db
    .insert(proofLinks)
    .values({
      jobId: job.id,
      accountId: job.accountId,
      itemId: item.id,
      fileId: file.id,
      tokenHash: sha256(token),
      sentTo: email,
      sentBy: actor.id,
      expiresAt,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await reopenItems(db, [item.id]);
  const mail = await renderMailTemplate({
    db,
    key: 'proof.sent',
    values: {
      'contact.name': name,
      'job.number': job.number,
      'item.title': itemTitle(item),
      'file.name': file.name,
      'file.version': String(file.version),
      message: input.message ? `\n${input.message}\n` : '',
      'proof.link': `${opts.publicUrl}/proof/${token}`,
      'proof.expires': expiresAt.toISOString().slice(0, 10),
    },
  });
  await opts.mailer.queueMail(db, { to: email, ...mail });
  await recordAudit(db, actor, {
    action: 'job.proof.sent',
    entityType: 'job',
    entityId: job.id,
    accountId: job.accountId,
    summary: `Proof ${file.name} v${file.version} of ${job.number} (item ${item.position}) sent to ${name} <${email}>`,
    after: { proofId: link!.id, itemId: item.id, fileId: file.id, fileVersion: file.version },
  });
  const sent = (await listJobProofs({ db, jobId: job.id, now })).find((p) => p.id === link!.id)!;
  await emit(
    db,
    actor,
    'proof.sent',
    { entityType: 'job', entityId: job.id, accountId: job.accountId },
    {
      jobId: job.id,
      number: job.number,
      title: job.title,
      ownerId: job.ownerId,
      detail: `Proof ${file.name} v${file.version} of ${job.number} sent to ${name}`,
      proofId: link!.id,
      itemId: item.id,
      fileId: file.id,
      fileVersion: file.version,
      sentTo: email,
      expiresAt: expiresAt.toISOString(),
    },
  );
  return sent;
}

/** The proof file to send: a proof of this job, for this item or the whole job, and its newest version. */
async function proofFileFor(db: Db, jobId: string, itemId: string, fileId: string) {
  const [file] = await db
    .select()
    .from(jobFiles)
    .where(and(eq(jobFiles.id, fileId), eq(jobFiles.jobId, jobId)));
  if (!file || file.kind !== 'proof' || (file.itemId && file.itemId !== itemId)) {
    throw invalid('Choose a proof file of this item or of the whole job', [
      { path: 'fileId', message: 'Not a proof of this item' },
    ]);
  }
  const [newest] = await db
    .select({ version: jobFiles.version })
    .from(jobFiles)
    .where(
      and(
        eq(jobFiles.jobId, jobId),
        eq(jobFiles.kind, 'proof'),
        eq(jobFiles.name, file.name),
        file.itemId ? eq(jobFiles.itemId, file.itemId) : sql`${jobFiles.itemId} is null`,
      ),
    )
    .orderBy(desc(jobFiles.version))
    .limit(1);
  if (newest && newest.version > file.version) {
    throw conflict(
      `${file.name} v${file.version} was replaced by v${newest.version}: send the newest version`,
    );
  }
  return file;
}

const byToken = (token: string) => eq(proofLinks.tokenHash, sha256(token));

/** The sent proof behind a link's token; a token that is unknown or past its expiry finds nothing. */
async function proofForToken(db: Db, token: string, now: Date) {
  const row = await findProof(db, byToken(token));
  if (!row) throw notFound('Proof link');
  if (row.link.expiresAt <= now) throw notFound('Proof link (it has expired: ask for the proof again)');
  return row;
}

/** What the client's proof page shows; after the decision, the decision (read-only). */
export async function proofByToken(opts: { db: Db; token: string; now: Date }) {
  const row = await proofForToken(opts.db, opts.token, opts.now);
  const account = await getAccount({ db: opts.db, id: row.link.accountId, health: false });
  return presentClientProof(row, account.name, opts.now);
}

/** The proof file's bytes for the link's page. */
export async function proofFileByToken(opts: { db: Db; files: FileStore; token: string; now: Date }) {
  const row = await proofForToken(opts.db, opts.token, opts.now);
  return { file: row.file, content: await opts.files.get(row.file.storageKey) };
}

/** The client's decision through the link, signed with the name they typed. */
export async function decideByToken(opts: {
  db: Db;
  token: string;
  now: Date;
  input: { decision: ProofDecisionInput['decision']; name: string; comment?: string | null };
}) {
  const row = await proofForToken(opts.db, opts.token, opts.now);
  const account = await getAccount({ db: opts.db, id: row.link.accountId, health: false });
  const decided = await decideSentProof({
    db: opts.db,
    actor: linkActor(opts.input.name, row.link.sentTo),
    where: eq(proofLinks.id, row.link.id),
    now: opts.now,
    input: { ...opts.input, decidedBy: opts.input.name, via: 'link' },
  });
  return presentClientProof(decided, account.name, opts.now);
}

/** One proof of an account: another account's is not found (and row-level security hides it too). */
const ofAccount = (proofId: string, accountId: string) =>
  and(eq(proofLinks.id, proofId), eq(proofLinks.accountId, accountId))!;

/** A portal user's decision on one of their account's proofs (row-level security scopes the reads too). */
export async function decideInPortal(opts: {
  db: Db;
  actor: Actor;
  decidedBy: string;
  accountId: string;
  proofId: string;
  now: Date;
  input: { decision: ProofDecisionInput['decision']; comment?: string | null };
}) {
  const decided = await decideSentProof({
    db: opts.db,
    actor: opts.actor,
    where: ofAccount(opts.proofId, opts.accountId),
    now: opts.now,
    input: { ...opts.input, decidedBy: opts.decidedBy, via: 'portal' },
  });
  return presentPortalProof(decided, opts.now);
}

/** A portal user's view of one proof file of their account. */
export async function portalProofFile(opts: {
  db: Db;
  files: FileStore;
  accountId: string;
  proofId: string;
}) {
  const row = await findProof(opts.db, ofAccount(opts.proofId, opts.accountId));
  if (!row) throw notFound('Proof');
  return { file: row.file, content: await opts.files.get(row.file.storageKey) };
}
