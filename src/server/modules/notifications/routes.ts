import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Notification, NotificationList } from '../../../shared/audit';
import { IdParams } from '../../../shared/common';
import { requireActor } from '../../platform/http/access';
import { listNotifications, markAllRead, markRead } from './service';

/** The signed-in user's notifications (mentions, job alerts, escalations); each change is one statement. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notifications'];
  app.get(
    '/notifications',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Your notifications, newest first', response: { 200: NotificationList } },
    },
    async (request) => listNotifications({ db: request.db, userId: requireActor(request).id! }),
  );
  app.post(
    '/notifications/:id/read',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Mark a notification read',
        params: IdParams,
        response: { 200: Notification },
      },
    },
    async (request) => markRead({ db: request.db, userId: requireActor(request).id!, id: request.params.id }),
  );
  app.post(
    '/notifications/read-all',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Mark all your notifications read', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await markAllRead({ db: request.db, userId: requireActor(request).id! });
      return reply.status(204).send(null);
    },
  );
};
