import { asc, eq } from 'drizzle-orm';
import type { Comment } from '../../../shared/jobs';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import type { Mailer } from '../../platform/mail';
import type { ServiceContext } from '../../platform/service-context';
import { findUsersByHandles, userNames } from '../users';
import { getJob } from './service';
import { notifyUser } from '../notifications';
import { jobComments } from './tables';

/** `@first.last`, `@first` or `@e-mail-local-part` mention the active staff user whose name or e-mail matches. */
function mentionHandles(body: string) {
  return [...new Set([...body.matchAll(/@([\p{L}\d][\p{L}\d._-]*)/gu)].map((m) => m[1]!.toLowerCase()))];
}

/** Adds a comment to a job; the people it @mentions are told by e-mail. */
export async function addComment(
  opts: ServiceContext & { jobId: string; body: string; mailer: Mailer; publicUrl: string },
) {
  const job = await getJob({ db: opts.db, id: opts.jobId });
  const mentioned = (await findUsersByHandles(opts.db, mentionHandles(opts.body))).filter(
    (u) => u.id !== opts.actor.id,
  );
  const [row] = await opts.db
    .insert(jobComments)
    .values({
      jobId: job.id,
      accountId: job.account.id,
      authorId: opts.actor.id,
      body: opts.body,
      mentions: mentioned.map((u) => u.id),
    })
    .returning();
  for (const user of mentioned) {
    await notifyUser({
      db: opts.db,
      userId: user.id,
      kind: 'job.mention',
      title: `${opts.actor.name} mentioned you on ${job.number}: ${opts.body.slice(0, 120)}`,
      link: `/jobs/${job.id}`,
    });
    await opts.mailer.queueMail(opts.db, {
      to: user.email,
      subject: `[${job.number}] ${opts.actor.name} mentioned you`,
      text: `${opts.actor.name} wrote on job ${job.number} "${job.title}":\n\n${opts.body}\n\n${opts.publicUrl}/jobs/${job.id}\n`,
    });
  }
  await recordAudit(opts.db, opts.actor, {
    action: 'job.comment',
    entityType: 'job',
    entityId: job.id,
    accountId: job.account.id,
    summary: `${opts.actor.name} commented on ${job.number}`,
    after: { body: opts.body, mentions: mentioned.map((u) => u.name) },
  });
  return presentComment(row!, opts.actor.id ? { id: opts.actor.id, name: opts.actor.name } : null, mentioned);
}

function presentComment(
  c: typeof jobComments.$inferSelect,
  author: { id: string; name: string } | null,
  mentions: { id: string; name: string }[],
): Comment {
  return {
    id: c.id,
    body: c.body,
    author,
    mentions: mentions.map((m) => ({ id: m.id, name: m.name })),
    createdAt: c.createdAt.toISOString(),
  };
}

/** A job's comments, oldest first, with their authors and the people they mention. */
export async function listComments(opts: { db: Db; jobId: string }) {
  const { db, jobId } = opts;
  await getJob({ db, id: jobId });
  const rows = await db
    .select()
    .from(jobComments)
    .where(eq(jobComments.jobId, jobId))
    .orderBy(asc(jobComments.createdAt));
  const ids = new Set(rows.flatMap((c) => [...c.mentions, ...(c.authorId ? [c.authorId] : [])]));
  const names = await userNames(db, [...ids]);
  const person = (id: string) => (names.has(id) ? [{ id, name: names.get(id)! }] : []);
  return rows.map((c) =>
    presentComment(c, c.authorId ? (person(c.authorId)[0] ?? null) : null, c.mentions.flatMap(person)),
  );
}
