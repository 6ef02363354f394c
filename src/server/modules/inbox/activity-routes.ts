import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, pageOf } from '../../../shared/common';
import { contentDisposition } from '../../platform/http/content-disposition';
import {
  Call,
  CallListQuery,
  CreateCall,
  CreateMeeting,
  Meeting,
  MeetingListQuery,
  UpdateCall,
  UpdateMeeting,
} from '../../../shared/inbox';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import { listCalls, logCall, updateCall } from './calls';
import { getMeeting, listMeetings, meetingInvite, scheduleMeeting, updateMeeting } from './meetings';
import { inboxSettings } from './settings';

/** Calls and meetings with clients (part of the inbox's routes). */
export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['inbox'];
  const settings = inboxSettings(app.ctx.config);
  const replyers = rolesFor('conversation.reply');
  const readers = rolesFor('inbox.read');

  app.get(
    '/calls',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Logged calls, newest first (or my follow-ups due)',
        querystring: CallListQuery,
        response: { 200: pageOf(Call) },
      },
    },
    async (request) => listCalls({ ...serviceContext(request), query: request.query }),
  );
  app.post(
    '/calls',
    {
      config: { access: replyers, transaction: true },
      schema: { tags, summary: 'Log a call', body: CreateCall, response: { 201: Call } },
    },
    async (request, reply) => {
      reply.status(201);
      return logCall({ ...serviceContext(request), input: request.body });
    },
  );
  app.patch(
    '/calls/:id',
    {
      config: { access: replyers, transaction: true },
      schema: {
        tags,
        summary: 'Mark the follow-up done, or correct the summary',
        params: IdParams,
        body: UpdateCall,
        response: { 200: Call },
      },
    },
    async (request) => updateCall({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );
  app.get(
    '/meetings',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Meetings, latest first',
        querystring: MeetingListQuery,
        response: { 200: pageOf(Meeting) },
      },
    },
    async (request) => listMeetings({ db: request.db, query: request.query }),
  );
  app.post(
    '/meetings',
    {
      config: { access: replyers, transaction: true },
      schema: {
        tags,
        summary: 'Schedule a meeting and e-mail .ics invitations',
        body: CreateMeeting,
        response: { 201: Meeting },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return scheduleMeeting({
        ...serviceContext(request),
        mailer: app.ctx.mailer,
        settings,
        input: request.body,
      });
    },
  );
  app.get(
    '/meetings/:id',
    {
      config: { access: readers },
      schema: { tags, summary: 'One meeting', params: IdParams, response: { 200: Meeting } },
    },
    async (request) => getMeeting(request.db, request.params.id),
  );
  app.patch(
    '/meetings/:id',
    {
      config: { access: replyers, transaction: true },
      schema: {
        tags,
        summary: 'Meeting notes, or cancel it',
        params: IdParams,
        body: UpdateMeeting,
        response: { 200: Meeting },
      },
    },
    async (request) =>
      updateMeeting({
        ...serviceContext(request),
        mailer: app.ctx.mailer,
        settings,
        id: request.params.id,
        input: request.body,
      }),
  );
  app.get(
    '/meetings/:id/invite.ics',
    {
      config: { access: readers },
      schema: { tags, summary: 'The meeting invitation as iCalendar', params: IdParams },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', 'invite.ics'))
        .send(await meetingInvite({ db: request.db, settings, id: request.params.id })),
  );
};
