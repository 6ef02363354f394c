import { and, desc, eq, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type { MailMessage, MailQuery } from '../../../shared/audit';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { mailMessages } from '../../platform/mail-tables';
import { decodeCursor, encodeCursor } from '../../platform/pagination';

type Row = typeof mailMessages.$inferSelect;
const present = (m: Row): MailMessage => ({
  id: m.id,
  to: m.to,
  subject: m.subject,
  text: m.text,
  status: m.status,
  error: m.error,
  attempts: m.attempts,
  sentAt: m.sentAt?.toISOString() ?? null,
  createdAt: m.createdAt.toISOString(),
});

/** Outbound e-mail newest first, optionally of one status (with no SMTP configured, mail waits here). */
export async function listMailMessages(opts: { db: Db; query: z.output<typeof MailQuery> }) {
  const { limit, cursor, status } = opts.query;
  const before = cursor ? new Date(String(decodeCursor(cursor, 1)[0])) : null;
  const rows = await opts.db
    .select()
    .from(mailMessages)
    .where(
      and(
        status ? eq(mailMessages.status, status) : undefined,
        before && !Number.isNaN(before.getTime()) ? lt(mailMessages.createdAt, before) : undefined,
      ),
    )
    .orderBy(desc(mailMessages.createdAt))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return {
    items: items.map(present),
    nextCursor: rows.length > limit ? encodeCursor([items.at(-1)!.createdAt.toISOString()]) : null,
  };
}

/** One outbound e-mail; "not found" for an unknown id. */
export async function getMailMessage(opts: { db: Db; id: string }) {
  const [row] = await opts.db.select().from(mailMessages).where(eq(mailMessages.id, opts.id));
  if (!row) throw notFound('Message');
  return present(row);
}
