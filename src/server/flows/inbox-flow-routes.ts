import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../shared/common';
import { Escalation } from '../../shared/escalations';
import {
  EscalateConversation,
  SaveAttachmentToJob,
  SenderSuggestion,
  SenderToClient,
  SenderToClientResult,
} from '../../shared/inbox-actions';
import { JobFile } from '../../shared/jobs';
import { can, rolesFor } from '../../shared/permissions';
import { serviceContext } from '../platform/http/transaction';
import { inboxSettings } from '../modules/inbox';
import { saveAttachmentToJob } from './inbox-attachment-to-job';
import { escalateConversation } from './inbox-escalate-conversation';
import { createClientFromSender, suggestSenderClient } from './inbox-sender-to-client';

/**
 * The inbox's hand-offs to other parts of the shop (flows across modules): an e-mail's attachment into a
 * job's files, an unknown sender into a contact and account, an unmatched thread into an escalation.
 */
export const inboxFlowRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['inbox'];
  const settings = inboxSettings(app.ctx.config);
  const replyers = rolesFor('conversation.reply');
  // Saving into a job's files needs both: reading client mail and adding files to jobs.
  const savers = replyers.filter((r) => can(r, 'job.files.add'));
  const escalators = replyers.filter((r) => can(r, 'escalation.handle') && can(r, 'account.edit'));
  const senderMakers = replyers.filter((r) => can(r, 'account.edit'));

  app.post(
    '/messages/:id/attachments/:index/save-to-job',
    {
      config: { access: savers, transaction: true },
      schema: {
        tags,
        summary: 'Save an e-mail attachment to a job’s files as artwork or a proof',
        description:
          'The job defaults to the conversation’s; the file is content-checked and versioned like an upload on the job.',
        params: z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(1000) }).strict(),
        body: SaveAttachmentToJob,
        response: { 201: JobFile },
      },
    },
    async (request, reply) => {
      const file = await saveAttachmentToJob({
        ...serviceContext(request),
        files: app.ctx.files,
        messageId: request.params.id,
        index: request.params.index,
        input: request.body,
      });
      reply.status(201);
      return file;
    },
  );
  app.get(
    '/conversations/:id/sender',
    {
      config: { access: senderMakers },
      schema: {
        tags,
        summary: 'Who an unknown sender may be: a name from the From header, accounts by e-mail domain',
        params: IdParams,
        response: { 200: SenderSuggestion },
      },
    },
    async (request) => suggestSenderClient(request.db, request.params.id),
  );
  app.post(
    '/conversations/:id/sender',
    {
      config: { access: senderMakers, transaction: true },
      schema: {
        tags,
        summary:
          'Make an unknown sender a contact (of an account chosen or made here) and link the conversation',
        params: IdParams,
        body: SenderToClient,
        response: { 201: SenderToClientResult },
      },
    },
    async (request, reply) => {
      const result = await createClientFromSender({
        ...serviceContext(request),
        settings,
        conversationId: request.params.id,
        input: request.body,
      });
      reply.status(201);
      return result;
    },
  );
  app.post(
    '/conversations/:id/escalate',
    {
      config: { access: escalators, transaction: true },
      schema: {
        tags: [...tags, 'escalations'],
        summary: 'Escalate a conversation; an unmatched one names its sender’s client in the same request',
        params: IdParams,
        body: EscalateConversation,
        response: { 201: Escalation },
      },
    },
    async (request, reply) => {
      const escalation = await escalateConversation({
        ...serviceContext(request),
        settings,
        mail: { mailer: app.ctx.mailer, publicUrl: app.ctx.config.publicUrl },
        conversationId: request.params.id,
        input: request.body,
      });
      reply.status(201);
      return escalation;
    },
  );
};
