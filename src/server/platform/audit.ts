import { sql } from 'drizzle-orm';
import type { Actor } from './actor';
import { prepared, type Db } from './db';
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
  const insert = prepared(db, 'audit_insert', (d) =>
    d
      .insert(auditEvents)
      .values({
        actorId: sql.placeholder('actorId'),
        actorLabel: sql.placeholder('actorLabel'),
        action: sql.placeholder('action'),
        entityType: sql.placeholder('entityType'),
        entityId: sql.placeholder('entityId'),
        accountId: sql.placeholder('accountId'),
        summary: sql.placeholder('summary'),
        // Placed as SQL, so an absent image is NULL and not the JSON value null.
        before: sql`${sql.placeholder('before')}::jsonb`,
        after: sql`${sql.placeholder('after')}::jsonb`,
        requestId: sql.placeholder('requestId'),
      })
      .prepare('audit_insert'),
  );
  await insert.execute({
    actorId: actor.id,
    actorLabel: actor.kind === 'system' ? 'system' : `${actor.name} <${actor.email}>`,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    accountId: entry.accountId ?? null,
    summary: entry.summary,
    before: jsonOrNull(entry.before),
    after: jsonOrNull(entry.after),
    requestId: actor.requestId ?? null,
  });
}

/** A jsonb value for a placeholder: the JSON text, or NULL for an absent one. */
function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** The fields that changed between two images of a row, for concise audit entries. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): string[] {
  return Object.keys(after).filter(
    (k) => k !== 'updatedAt' && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}
