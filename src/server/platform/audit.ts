import type { Actor } from './actor';
import type { Db } from './db';
import { auditEvents } from './audit-tables';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string | null;
  accountId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
};

/** Writes the audit event of a mutation; call it with the mutation's own transaction. */
export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: actor.id,
    actorLabel: actor.kind === 'system' ? 'system' : `${actor.name} <${actor.email}>`,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    accountId: entry.accountId ?? null,
    summary: entry.summary,
    before: (entry.before ?? null) as never,
    after: (entry.after ?? null) as never,
    requestId: actor.requestId ?? null,
  });
}

/** The fields that changed between two images of a row, for concise audit entries. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): string[] {
  return Object.keys(after).filter(
    (k) => k !== 'updatedAt' && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}
