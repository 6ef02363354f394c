import { and, desc, eq, lt } from 'drizzle-orm';
import type { AuditEvent } from '../../../shared/audit';
import type { Db } from '../../platform/db';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import { auditEvents } from '../../platform/audit-tables';

type Row = typeof auditEvents.$inferSelect;

export function presentAuditEvent(r: Row): AuditEvent {
  return { ...r, at: r.at.toISOString(), before: r.before ?? null, after: r.after ?? null };
}

/** The audit log, newest first, filtered by entity, account, actor or action. */
export async function listAuditEvents(opts: {
  db: Db;
  entityType?: string;
  entityId?: string;
  accountId?: string;
  actorId?: string;
  action?: string;
  limit: number;
  cursor?: string;
}): Promise<Page<AuditEvent>> {
  const after = opts.cursor ? Number(decodeCursor(opts.cursor, 1)[0]) : null;
  const rows = await opts.db
    .select()
    .from(auditEvents)
    .where(
      and(
        opts.entityType ? eq(auditEvents.entityType, opts.entityType) : undefined,
        opts.entityId ? eq(auditEvents.entityId, opts.entityId) : undefined,
        opts.accountId ? eq(auditEvents.accountId, opts.accountId) : undefined,
        opts.actorId ? eq(auditEvents.actorId, opts.actorId) : undefined,
        opts.action ? eq(auditEvents.action, opts.action) : undefined,
        after !== null && Number.isFinite(after) ? lt(auditEvents.seq, after) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(opts.limit + 1);
  const more = rows.length > opts.limit;
  const items = rows.slice(0, opts.limit);
  return {
    items: items.map(presentAuditEvent),
    nextCursor: more ? encodeCursor([items.at(-1)!.seq]) : null,
  };
}
