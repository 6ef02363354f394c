import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contentDisposition } from '../../platform/http/content-disposition';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  ConversationDetail,
  ConversationListQuery,
  ConversationSummary,
  InboundResult,
  LinkSender,
  Message,
  SendReply,
  UpdateConversation,
} from '../../../shared/inbox';
import { rolesFor } from '../../../shared/permissions';
import { AppError, notFound } from '../../platform/errors';
import { requireActor } from '../../platform/http/access';
import { clockOf, serviceContext } from '../../platform/http/transaction';
import { activityRoutes } from './activity-routes';
import { callsOfConversation } from './calls';
import { getConversation, getMessageRow, listConversations, listMessages } from './conversation-queries';
import { ingestEmail } from './ingest';
import { meetingsOfConversation } from './meetings';
import { preferenceRoutes } from './preference-routes';
import { sendReply } from './reply';
import { inboxSettings } from './settings';
import { linkSender, updateConversation } from './update-conversation';

const sameSecret = (a: string, b: string) =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** Client communications: conversations, messages and replies, calls, meetings, and inbound e-mail. */
export const inboxRoutes: FastifyPluginAsyncZod = async (app, opts) => {
  const tags = ['inbox'];
  const settings = inboxSettings(app.ctx.config);
  const replyers = rolesFor('conversation.reply');
  const readers = rolesFor('inbox.read');

  app.addContentTypeParser(
    'message/rfc822',
    { parseAs: 'buffer', bodyLimit: settings.maxMessageBytes },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/inbound/email',
    {
      config: { access: 'public', transaction: true },
      bodyLimit: settings.maxMessageBytes,
      schema: {
        tags,
        summary: 'Inbound e-mail from a mail provider: a raw RFC 822 message (Content-Type: message/rfc822)',
        description:
          'Authenticated with the inbound token (JOBJACKET_INBOUND_TOKEN) as `Authorization: Bearer <token>` or `X-Inbound-Token`.',
        response: { 202: InboundResult },
      },
    },
    async (request, reply) => {
      const expected = app.ctx.config.JOBJACKET_INBOUND_TOKEN;
      if (!expected) throw notFound('Inbound e-mail endpoint (set JOBJACKET_INBOUND_TOKEN)');
      const header = request.headers.authorization;
      const given = header?.toLowerCase().startsWith('bearer ')
        ? header.slice(7).trim()
        : String(request.headers['x-inbound-token'] ?? '');
      if (!given || !sameSecret(given, expected))
        throw new AppError('UNAUTHENTICATED', 'Send the inbound token');
      if (!String(request.headers['content-type'] ?? '').startsWith('message/rfc822'))
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the raw message as message/rfc822');
      const raw = request.body as unknown;
      if (
        !Buffer.isBuffer(raw) ||
        raw.length === 0 ||
        !/^[\x21-\x39\x3b-\x7e]+:/m.test(raw.subarray(0, 4096).toString('latin1'))
      )
        throw new AppError('VALIDATION', 'The body is not an RFC 822 message (no header lines)');
      const result = await ingestEmail({
        db: request.db,
        clock: clockOf(app),
        files: app.ctx.files,
        settings,
        raw,
        source: 'http',
      });
      reply.status(202);
      return result;
    },
  );

  app.get(
    '/conversations',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'The shared inbox: conversations, latest first',
        querystring: ConversationListQuery,
        response: { 200: pageOf(ConversationSummary) },
      },
    },
    async (request) =>
      listConversations({ db: request.db, actor: requireActor(request), settings, query: request.query }),
  );
  app.get(
    '/conversations/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'One conversation with its messages, calls and meetings',
        params: IdParams,
        querystring: z.object({ remoteImages: z.enum(['true', 'false']).optional() }).strict(),
        response: { 200: ConversationDetail },
      },
    },
    async (request) => {
      const db = request.db;
      const c = await getConversation({ db, settings, id: request.params.id });
      const calls = await callsOfConversation(db, c.id);
      const meetings = await meetingsOfConversation(db, c.id);
      return {
        ...c,
        messages: await listMessages({
          db,
          conversationId: c.id,
          remoteImages: request.query.remoteImages === 'true',
        }),
        calls,
        meetings,
      };
    },
  );
  app.patch(
    '/conversations/:id',
    {
      config: { access: replyers, transaction: true },
      schema: {
        tags,
        summary: 'Status, priority, assignee, job and tags',
        params: IdParams,
        body: UpdateConversation,
        response: { 200: ConversationSummary },
      },
    },
    async (request) =>
      updateConversation({
        ...serviceContext(request),
        settings,
        id: request.params.id,
        input: request.body,
      }),
  );
  app.post(
    '/conversations/:id/link',
    {
      config: { access: replyers, transaction: true },
      schema: {
        tags,
        summary: 'Link an unmatched sender to a contact (and remember the address)',
        params: IdParams,
        body: LinkSender,
        response: { 200: ConversationSummary },
      },
    },
    async (request) =>
      linkSender({ ...serviceContext(request), settings, id: request.params.id, input: request.body }),
  );
  app.get(
    '/conversations/:id/messages',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Messages of a conversation, oldest first',
        params: IdParams,
        response: { 200: z.object({ items: z.array(Message) }) },
      },
    },
    async (request) => {
      await getConversation({ db: request.db, settings, id: request.params.id });
      return { items: await listMessages({ db: request.db, conversationId: request.params.id }) };
    },
  );
  app.post(
    '/conversations/:id/messages',
    {
      config: { access: replyers, transaction: true },
      bodyLimit: 60 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Send a reply (through the queue, with threading headers)',
        params: IdParams,
        body: SendReply,
        response: { 201: Message },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const id = await sendReply({
        ...ctx,
        mailer: app.ctx.mailer,
        files: app.ctx.files,
        settings,
        conversationId: request.params.id,
        input: request.body,
      });
      const messages = await listMessages({ db: ctx.db, conversationId: request.params.id });
      reply.status(201);
      return messages.find((m) => m.id === id)!;
    },
  );
  app.get(
    '/messages/:id/raw',
    {
      config: { access: readers },
      schema: { tags, summary: 'The raw inbound message (.eml)', params: IdParams },
    },
    async (request, reply) => {
      const m = await getMessageRow(request.db, request.params.id);
      if (!m.rawKey) throw notFound('Raw message');
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', contentDisposition('attachment', `message-${m.id}.eml`))
        .send(await app.ctx.files.get(m.rawKey));
    },
  );
  app.get(
    '/messages/:id/attachments/:index',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'One attachment of a message',
        params: z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(1000) }).strict(),
      },
    },
    async (request, reply) => {
      const m = await getMessageRow(request.db, request.params.id);
      const a = m.attachments[request.params.index];
      if (!a) throw notFound('Attachment');
      return reply
        .header('content-type', 'application/octet-stream')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', contentDisposition('attachment', a.filename))
        .send(await app.ctx.files.get(a.storageKey));
    },
  );

  await activityRoutes(app, opts);
  await preferenceRoutes(app, opts);
};
