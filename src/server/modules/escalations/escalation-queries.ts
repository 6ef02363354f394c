import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { Escalation, EscalationLevel, EscalationListQuery } from '../../../shared/escalations';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import type { ServiceContext } from '../../platform/service-context';
import { conversationSubjects } from '../inbox';
import { getLevels } from './levels';
import { selectEscalations, type EscalationRow } from './repo';
import { escalations } from './tables';

function present(
  r: EscalationRow,
  subjects: Map<string, string>,
  levels: EscalationLevel[],
  now: Date,
): Escalation {
  const e = r.e;
  const subject = e.conversationId ? subjects.get(e.conversationId) : undefined;
  return {
    id: e.id,
    number: e.number,
    title: e.title,
    description: e.description,
    severity: e.severity,
    category: e.category,
    status: e.status,
    level: e.level,
    levelLabel: levels.find((l) => l.level === e.level)?.label ?? `Level ${e.level}`,
    owner: r.owner?.id ? r.owner : null,
    account: r.account,
    conversation: e.conversationId && subject !== undefined ? { id: e.conversationId, subject } : null,
    job: r.job?.id ? r.job : null,
    order: r.order?.id ? r.order : null,
    dueAt: e.dueAt.toISOString(),
    overdue: e.status === 'open' && e.dueAt < now,
    automatic: Boolean(e.automatic),
    rootCause: e.rootCause,
    correctiveAction: e.correctiveAction,
    resolvedAt: e.resolvedAt?.toISOString() ?? null,
    history: e.history,
    createdAt: e.createdAt.toISOString(),
  };
}

/** Escalation rows as the API shows them (conversation subjects come from the inbox). */
async function presentAll(db: Db, rows: EscalationRow[], now: Date) {
  const subjects = await conversationSubjects(
    db,
    rows.map((r) => r.e.conversationId).filter((id): id is string => Boolean(id)),
  );
  const levels = await getLevels({ db });
  return rows.map((r) => present(r, subjects, levels, now));
}

/** One escalation with its history. */
export async function getEscalation(opts: Pick<ServiceContext, 'db' | 'clock'> & { id: string }) {
  const [row] = await selectEscalations(opts.db).where(eq(escalations.id, opts.id));
  if (!row) throw notFound('Escalation');
  return (await presentAll(opts.db, [row], opts.clock.now()))[0]!;
}

/** Escalations, newest first: open, resolved or all; mine, a client's, a job's or an order's. */
export async function listEscalations(
  opts: ServiceContext & { query: z.output<typeof EscalationListQuery> },
): Promise<Page<Escalation>> {
  const { db, actor, query: q } = opts;
  const after = q.cursor ? decodeCursor(q.cursor, 2) : null;
  const rows = await selectEscalations(db)
    .where(
      and(
        q.status === 'all' ? undefined : eq(escalations.status, q.status),
        q.mine === 'true'
          ? eq(escalations.ownerId, actor.id ?? '00000000-0000-0000-0000-000000000000')
          : undefined,
        q.accountId ? eq(escalations.accountId, q.accountId) : undefined,
        q.severity ? eq(escalations.severity, q.severity) : undefined,
        q.orderId ? eq(escalations.orderId, q.orderId) : undefined,
        q.jobId ? eq(escalations.jobId, q.jobId) : undefined,
        after
          ? or(
              lt(escalations.createdAt, new Date(String(after[0]))),
              and(
                eq(escalations.createdAt, new Date(String(after[0]))),
                lt(escalations.id, String(after[1])),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(escalations.createdAt), desc(escalations.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1)?.e;
  return {
    items: await presentAll(db, page, opts.clock.now()),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** Open escalations of a conversation (for automatic escalation of a breached target). */
export async function openEscalationOf(db: Db, conversationId: string) {
  const [row] = await db
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(eq(escalations.conversationId, conversationId), eq(escalations.status, 'open')))
    .orderBy(desc(escalations.createdAt))
    .limit(1);
  return row?.id ?? null;
}

/** The open escalation of a job, if any (a late job with one is raised through it, not escalated anew). */
export async function openEscalationOfJob(db: Db, jobId: string) {
  const [row] = await db
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(eq(escalations.jobId, jobId), eq(escalations.status, 'open')))
    .limit(1);
  return row?.id ?? null;
}
