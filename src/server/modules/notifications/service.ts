import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Notification } from '../../../shared/audit';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { notifications } from './tables';

/** Tells a user something in the app; written in the transaction of the change that caused it. */
export async function notifyUser(opts: {
  db: Db;
  userId: string;
  kind: string;
  title: string;
  link?: string | null;
}) {
  await opts.db
    .insert(notifications)
    .values({ userId: opts.userId, kind: opts.kind, title: opts.title, link: opts.link ?? null });
}

const present = (n: typeof notifications.$inferSelect): Notification => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  link: n.link,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

/** A user's latest notifications and how many are unread. */
export async function listNotifications(opts: { db: Db; userId: string }) {
  const { db, userId } = opts;
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(50);
  const [unread] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return { items: rows.map(present), unread: unread?.n ?? 0 };
}

/** Marks one of the user's notifications read (another user's is "not found"). */
export async function markRead(opts: { db: Db; userId: string; id: string }) {
  const { db, userId, id } = opts;
  const [row] = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  if (!row) throw notFound('Notification');
  return present(row);
}

/** Marks every unread notification of the user read. */
export async function markAllRead(opts: { db: Db; userId: string }) {
  const { db, userId } = opts;
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
