import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  Call,
  CallListQuery,
  ConversationDetail,
  ConversationListQuery,
  ConversationSummary,
  CreateCall,
  CreateMeeting,
  InboundResult,
  InboxMyDay,
  LinkSender,
  Meeting,
  MeetingListQuery,
  Message,
  ResponseTargets,
  SendReply,
  Signature,
  UpdateCall,
  UpdateConversation,
  UpdateMeeting,
} from '../../../shared/inbox';
import { todayIn } from '../../platform/clock';
import { AppError, notFound } from '../../platform/errors';
import { requireActor } from '../../platform/http/access';
import { eq, asc } from 'drizzle-orm';
import {
  getCall,
  listCalls,
  listMeetings,
  logCall,
  getMeeting,
  meetingInvite,
  scheduleMeeting,
  updateCall,
  updateMeeting,
} from './calls-meetings';
import { ingestEmail } from './ingest';
import { sendReply } from './reply';
import {
  getConversation,
  getMessageRow,
  inboxDeps,
  linkSender,
  listConversations,
  listMessages,
  updateConversation,
} from './service';
import { calls, inboxSignatures, meetings, responseTargets } from './tables';
import { inboxMyDay } from './my-day';
import { recordAudit } from '../../platform/audit';
import { DEFAULT_TARGETS } from './targets';

const replyers = ['admin', 'manager', 'account_manager'] as const;
const MAX_INBOUND = 25 * 1024 * 1024;

const sameSecret = (a: string, b: string) =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** Client communications: conversations, messages and replies, calls, meetings, and inbound e-mail. */
export const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['inbox'];
  const deps = inboxDeps(app.ctx);
  const db = () => app.ctx.db;
  const today = () => todayIn(app.ctx.config.JOBJACKET_TIMEZONE);
  const staff = [...replyers];

  app.addContentTypeParser(
    'message/rfc822',
    { parseAs: 'buffer', bodyLimit: MAX_INBOUND },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/inbound/email',
    {
      config: { access: 'public' },
      bodyLimit: MAX_INBOUND,
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
      const result = await db().transaction((tx) => ingestEmail(tx, deps, raw, { source: 'http' }));
      return reply.status(202).send(result);
    },
  );

  app.get(
    '/conversations',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The shared inbox: conversations, latest first',
        querystring: ConversationListQuery,
        response: { 200: pageOf(ConversationSummary) },
      },
    },
    async (request) => listConversations(db(), deps, requireActor(request), request.query),
  );
  app.get(
    '/conversations/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'One conversation with its messages, calls and meetings',
        params: IdParams,
        querystring: z.object({ remoteImages: z.enum(['true', 'false']).optional() }).strict(),
        response: { 200: ConversationDetail },
      },
    },
    async (request) => {
      const c = await getConversation(db(), deps, request.params.id);
      const callRows = await db()
        .select({ id: calls.id })
        .from(calls)
        .where(eq(calls.conversationId, c.id))
        .orderBy(asc(calls.occurredAt));
      const meetingRows = await db()
        .select({ id: meetings.id })
        .from(meetings)
        .where(eq(meetings.conversationId, c.id))
        .orderBy(asc(meetings.startsAt));
      const callList = [];
      for (const r of callRows) callList.push(await getCall(db(), r.id));
      const meetingList = [];
      for (const r of meetingRows) meetingList.push(await getMeeting(db(), r.id));
      return {
        ...c,
        messages: await listMessages(db(), c.id, request.query.remoteImages === 'true'),
        calls: callList,
        meetings: meetingList,
      };
    },
  );
  app.patch(
    '/conversations/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Status, priority, assignee, job and tags',
        params: IdParams,
        body: UpdateConversation,
        response: { 200: ConversationSummary },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => updateConversation(tx, deps, actor, request.params.id, request.body));
    },
  );
  app.post(
    '/conversations/:id/link',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Link an unmatched sender to a contact (and remember the address)',
        params: IdParams,
        body: LinkSender,
        response: { 200: ConversationSummary },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => linkSender(tx, deps, actor, request.params.id, request.body));
    },
  );
  app.get(
    '/conversations/:id/messages',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Messages of a conversation, oldest first',
        params: IdParams,
        response: { 200: z.object({ items: z.array(Message) }) },
      },
    },
    async (request) => {
      await getConversation(db(), deps, request.params.id);
      return { items: await listMessages(db(), request.params.id) };
    },
  );
  app.post(
    '/conversations/:id/messages',
    {
      config: { access: staff },
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
      const actor = requireActor(request);
      const id = await db().transaction((tx) => sendReply(tx, deps, actor, request.params.id, request.body));
      const message = (await listMessages(db(), request.params.id)).find((m) => m.id === id)!;
      return reply.status(201).send(message);
    },
  );
  app.get(
    '/messages/:id/raw',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'The raw inbound message (.eml)', params: IdParams },
    },
    async (request, reply) => {
      const m = await getMessageRow(db(), request.params.id);
      if (!m.rawKey) throw notFound('Raw message');
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', `attachment; filename="message-${m.id}.eml"`)
        .send(await app.ctx.files.get(m.rawKey));
    },
  );
  app.get(
    '/messages/:id/attachments/:index',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'One attachment of a message',
        params: z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(1000) }).strict(),
      },
    },
    async (request, reply) => {
      const m = await getMessageRow(db(), request.params.id);
      const a = m.attachments[request.params.index];
      if (!a) throw notFound('Attachment');
      return reply
        .header('content-type', 'application/octet-stream')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename="${a.filename.replace(/["\\\r\n]/g, '_')}"`)
        .send(await app.ctx.files.get(a.storageKey));
    },
  );

  app.get(
    '/calls',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Logged calls, newest first (or my follow-ups due)',
        querystring: CallListQuery,
        response: { 200: pageOf(Call) },
      },
    },
    async (request) => listCalls(db(), requireActor(request), request.query, today()),
  );
  app.post(
    '/calls',
    {
      config: { access: staff },
      schema: { tags, summary: 'Log a call', body: CreateCall, response: { 201: Call } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.status(201).send(await db().transaction((tx) => logCall(tx, actor, request.body)));
    },
  );
  app.patch(
    '/calls/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Mark the follow-up done, or correct the summary',
        params: IdParams,
        body: UpdateCall,
        response: { 200: Call },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => updateCall(tx, actor, request.params.id, request.body));
    },
  );
  app.get(
    '/meetings',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Meetings, latest first',
        querystring: MeetingListQuery,
        response: { 200: pageOf(Meeting) },
      },
    },
    async (request) => listMeetings(db(), request.query),
  );
  app.post(
    '/meetings',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Schedule a meeting and e-mail .ics invitations',
        body: CreateMeeting,
        response: { 201: Meeting },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db().transaction((tx) => scheduleMeeting(tx, deps, actor, request.body)));
    },
  );
  app.get(
    '/meetings/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One meeting', params: IdParams, response: { 200: Meeting } },
    },
    async (request) => getMeeting(db(), request.params.id),
  );
  app.patch(
    '/meetings/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Meeting notes, or cancel it',
        params: IdParams,
        body: UpdateMeeting,
        response: { 200: Meeting },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db().transaction((tx) => updateMeeting(tx, deps, actor, request.params.id, request.body));
    },
  );
  app.get(
    '/meetings/:id/invite.ics',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'The meeting invitation as iCalendar', params: IdParams },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="invite.ics"')
        .send(await meetingInvite(db(), deps, request.params.id)),
  );

  app.get(
    '/inbox/my-day',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Unanswered client messages (oldest first) and my follow-ups due',
        response: { 200: InboxMyDay },
      },
    },
    async (request) => inboxMyDay(db(), deps, requireActor(request).id!, today()),
  );
  app.get(
    '/inbox/signature',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'My e-mail signature', response: { 200: Signature } },
    },
    async (request) => {
      const [row] = await db()
        .select()
        .from(inboxSignatures)
        .where(eq(inboxSignatures.userId, requireActor(request).id!));
      return { text: row?.text ?? '' };
    },
  );
  app.put(
    '/inbox/signature',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Change my e-mail signature', body: Signature, response: { 200: Signature } },
    },
    async (request) => {
      const actor = requireActor(request);
      await db().transaction(async (tx) => {
        await tx
          .insert(inboxSignatures)
          .values({ userId: actor.id!, text: request.body.text })
          .onConflictDoUpdate({
            target: inboxSignatures.userId,
            set: { text: request.body.text, updatedAt: new Date() },
          });
        await recordAudit(tx, actor, {
          action: 'signature.updated',
          entityType: 'user',
          entityId: actor.id,
          summary: 'E-mail signature changed',
        });
      });
      return request.body;
    },
  );
  app.get(
    '/response-targets',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Response targets by priority and client segment (business minutes)',
        response: { 200: ResponseTargets },
      },
    },
    async () => {
      const rows = await db().select().from(responseTargets);
      const items = rows.map((r) => ({
        priority: r.priority,
        segment: r.segment,
        firstResponseMinutes: r.firstResponseMinutes,
        resolutionMinutes: r.resolutionMinutes,
      }));
      for (const [priority, t] of Object.entries(DEFAULT_TARGETS))
        if (!items.some((i) => i.priority === priority && i.segment === null))
          items.push({ priority: priority as 'normal', segment: null, ...t });
      return { items };
    },
  );
  app.put(
    '/response-targets',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags,
        summary: 'Replace the response targets',
        body: ResponseTargets,
        response: { 200: ResponseTargets },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const keys = new Set(request.body.items.map((i) => `${i.priority}/${i.segment ?? '*'}`));
      if (keys.size !== request.body.items.length)
        throw new AppError('VALIDATION', 'Each priority and segment may appear once', [
          { path: 'items', message: 'Duplicate target' },
        ]);
      await db().transaction(async (tx) => {
        await tx.delete(responseTargets);
        if (request.body.items.length) await tx.insert(responseTargets).values(request.body.items);
        await recordAudit(tx, actor, {
          action: 'response-targets.updated',
          entityType: 'response-targets',
          entityId: null,
          summary: 'Response targets changed',
          after: request.body.items,
        });
      });
      return request.body;
    },
  );
};
