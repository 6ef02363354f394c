import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  MailMessage,
  MailQuery,
  MailSummary,
  MailTemplate,
  MailTemplateInput,
  MailTemplateParams,
} from '../../../shared/audit';
import { IdParams, pageOf } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import { getMailMessage, listMailMessages, mailSummary, resendMailMessage } from './outbox';
import { getMailTemplate, listMailTemplates, saveMailTemplate } from './templates';

/** The outbox: every e-mail Jobjacket sent or holds; and the wording of the e-mails sent to clients. */
export const mailRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['mail'];
  app.get(
    '/mail-messages',
    {
      config: { access: rolesFor('outbox.read') },
      schema: {
        tags,
        summary: 'Outbound e-mail, newest first',
        querystring: MailQuery,
        response: { 200: pageOf(MailMessage) },
      },
    },
    async (request) => listMailMessages({ db: request.db, query: request.query }),
  );

  app.get(
    '/mail-messages/summary',
    {
      config: { access: rolesFor('outbox.read') },
      schema: {
        tags,
        summary: 'How much mail waits to be sent, how much failed, and whether SMTP is configured',
        response: { 200: MailSummary },
      },
    },
    async (request) => mailSummary({ db: request.db, mailer: app.ctx.mailer }),
  );

  app.post(
    '/mail-messages/:id/resend',
    {
      config: { access: rolesFor('outbox.resend'), transaction: true },
      schema: {
        tags,
        summary: 'Send a failed message again (409 unless it failed)',
        params: IdParams,
        response: { 200: MailMessage },
      },
    },
    async (request) =>
      resendMailMessage({ ...serviceContext(request), id: request.params.id, mailer: app.ctx.mailer }),
  );

  app.get(
    '/mail-messages/:id',
    {
      config: { access: rolesFor('outbox.read') },
      schema: { tags, summary: 'One outbound e-mail', params: IdParams, response: { 200: MailMessage } },
    },
    async (request) => getMailMessage({ db: request.db, id: request.params.id }),
  );

  app.get(
    '/mail-templates',
    {
      config: { access: rolesFor('mail.templates.edit') },
      schema: {
        tags,
        summary: 'The e-mails sent to clients, with their merge fields',
        response: { 200: z.object({ items: z.array(MailTemplate) }) },
      },
    },
    async (request) => ({ items: await listMailTemplates({ db: request.db }) }),
  );

  app.get(
    '/mail-templates/:key',
    {
      config: { access: rolesFor('mail.templates.edit') },
      schema: {
        tags,
        summary: 'One e-mail template',
        params: MailTemplateParams,
        response: { 200: MailTemplate },
      },
    },
    async (request) => getMailTemplate({ db: request.db, key: request.params.key }),
  );

  app.put(
    '/mail-templates/:key',
    {
      config: { access: rolesFor('mail.templates.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Change the wording of an e-mail template',
        params: MailTemplateParams,
        body: MailTemplateInput,
        response: { 200: MailTemplate },
      },
    },
    async (request) =>
      saveMailTemplate({ ...serviceContext(request), key: request.params.key, input: request.body }),
  );
};
