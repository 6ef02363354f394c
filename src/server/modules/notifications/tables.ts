import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { baseColumns, moment } from '../../platform/db/columns';
import { users } from '../users/tables';

/** What a staff user is told in the app (alerts, mentions); e-mail carries the same news outside it. */
export const notifications = pgTable(
  'notifications',
  {
    ...baseColumns(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    link: text('link'),
    readAt: moment('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);
