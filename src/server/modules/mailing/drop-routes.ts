import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, pageOf } from '../../../shared/common';
import { ApplyToJob, MailDrop, MailDropInput, MailingList } from '../../../shared/mailing';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import { applyToJob, listDrops, recordDrop } from './drops';

/** A list's way into production: its mailing on the job item, and the mail drops. */
export const dropRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['mailing'];
  const listEditors = rolesFor('mailing.edit');
  const listReaders = rolesFor('mailing.read');

  app.post(
    '/mailing-lists/:id/apply-to-job',
    {
      config: { access: listEditors, transaction: true },
      schema: {
        tags,
        summary: "Put the piece count and drop date on the job item's mailing spec",
        params: IdParams,
        body: ApplyToJob,
        response: { 200: MailingList },
      },
    },
    async (request) =>
      applyToJob({ ...serviceContext(request), id: request.params.id, dropDate: request.body.dropDate }),
  );
  app.get(
    '/mailing-lists/:id/drops',
    {
      config: { access: listReaders },
      schema: {
        tags,
        summary: 'Mail drops of the list',
        params: IdParams,
        response: { 200: pageOf(MailDrop) },
      },
    },
    async (request) => ({
      items: await listDrops({ db: request.db, listId: request.params.id }),
      nextCursor: null,
    }),
  );
  app.post(
    '/mailing-lists/:id/drops',
    {
      config: { access: listEditors, transaction: true },
      schema: {
        tags,
        summary: 'Record a mail drop (date, post office, pieces, postage)',
        params: IdParams,
        body: MailDropInput,
        response: { 201: MailDrop },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return recordDrop({ ...serviceContext(request), id: request.params.id, input: request.body });
    },
  );
};
