import { and, desc, eq, lt, notInArray, or } from 'drizzle-orm';
import type { TimelineEntry } from '../../../shared/accounts';
import { timelineLink } from '../../../shared/timeline-links';
import type { Db } from '../../platform/db';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import { auditEvents } from '../../platform/audit-tables';

/** Entries of one kind for one account, newest first, strictly older than `before` when given. */
export type TimelineSource = (opts: {
  db: Db;
  accountId: string;
  before: { at: Date; id: string } | null;
  limit: number;
  /** Kinds of record the reader may not see (e.g. client e-mail for production), by audit entity type. */
  hiddenEntityTypes: string[];
}) => Promise<TimelineEntry[]>;

/** Audit entries sort by their sequence within one moment: one transaction stamps all its events alike. */
const auditId = (seq: number) => `audit-${String(seq).padStart(15, '0')}`;
const auditSeq = (id: string) => (id.startsWith('audit-') ? Number(id.slice(6)) : Number.MAX_SAFE_INTEGER);

/** Every recorded change to the account and what belongs to it, from the audit log. */
const changesSource: TimelineSource = async ({ db, accountId, before, limit, hiddenEntityTypes }) => {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.accountId, accountId),
        hiddenEntityTypes.length ? notInArray(auditEvents.entityType, hiddenEntityTypes) : undefined,
        before
          ? or(
              lt(auditEvents.at, before.at),
              and(eq(auditEvents.at, before.at), lt(auditEvents.seq, auditSeq(before.id))),
            )
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.seq))
    .limit(limit);
  return rows.map((r) => ({
    id: auditId(r.seq),
    at: r.at.toISOString(),
    kind: r.action,
    title: r.summary,
    actor: r.actorLabel,
    link: timelineLink({ ...r, accountId }),
  }));
};

const sources: TimelineSource[] = [changesSource];

/** Later modules (jobs, messages, orders) add their entries to the account timeline through this. */
export function registerTimelineSource(source: TimelineSource) {
  sources.push(source);
}

/** The account's timeline: every source merged newest first, with one cursor across them all. */
export async function accountTimeline(opts: {
  db: Db;
  accountId: string;
  limit: number;
  cursor?: string;
  hiddenEntityTypes?: string[];
}): Promise<Page<TimelineEntry>> {
  const before = opts.cursor
    ? (([at, id]) => ({ at: new Date(String(at)), id: String(id) }))(decodeCursor(opts.cursor, 2))
    : null;
  if (before && Number.isNaN(before.at.getTime())) return { items: [], nextCursor: null };
  const lists = [];
  for (const source of sources)
    lists.push(
      await source({
        ...opts,
        before,
        limit: opts.limit + 1,
        hiddenEntityTypes: opts.hiddenEntityTypes ?? [],
      }),
    );
  const merged = lists
    .flat()
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
    .slice(0, opts.limit + 1);
  const items = merged.slice(0, opts.limit);
  const last = items.at(-1);
  return { items, nextCursor: merged.length > opts.limit && last ? encodeCursor([last.at, last.id]) : null };
}
