import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, desc, eq, lt } from 'drizzle-orm';
import {
  MailMessage,
  MailQuery,
  MailTemplate,
  MailTemplateInput,
  MailTemplateParams,
} from '../../../shared/audit';
import { requireActor } from '../../platform/http/access';
import { getMailTemplate, listMailTemplates, saveMailTemplate } from './templates';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import { notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { mailMessages } from '../../platform/mail-tables';

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

/** The outbox: every e-mail Jobjacket sent or holds (with no SMTP configured, mail waits here). */
export const mailRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['mail'];
  app.get(
    '/mail-messages',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Outbound e-mail, newest first',
        querystring: MailQuery,
        response: { 200: pageOf(MailMessage) },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      const before = cursor ? new Date(String(decodeCursor(cursor, 1)[0])) : null;
      const rows = await app.ctx.db
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
    },
  );

  app.get(
    '/mail-messages/:id',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: 'One outbound e-mail', params: IdParams, response: { 200: MailMessage } },
    },
    async (request) => {
      const [row] = await app.ctx.db
        .select()
        .from(mailMessages)
        .where(eq(mailMessages.id, request.params.id));
      if (!row) throw notFound('Message');
      return present(row);
    },
  );

  app.get(
    '/mail-templates',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags,
        summary: 'The e-mails sent to clients, with their merge fields',
        response: { 200: z.object({ items: z.array(MailTemplate) }) },
      },
    },
    async () => ({ items: await listMailTemplates(app.ctx.db) }),
  );

  app.get(
    '/mail-templates/:key',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags,
        summary: 'One e-mail template',
        params: MailTemplateParams,
        response: { 200: MailTemplate },
      },
    },
    async (request) => getMailTemplate(app.ctx.db, request.params.key),
  );

  app.put(
    '/mail-templates/:key',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags,
        summary: 'Change the wording of an e-mail template',
        params: MailTemplateParams,
        body: MailTemplateInput,
        response: { 200: MailTemplate },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) => saveMailTemplate(db, actor, request.params.key, request.body));
    },
  );
};
