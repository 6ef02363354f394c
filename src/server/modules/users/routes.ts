import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  ApiToken,
  CreateApiToken,
  CreatedApiToken,
  CreateUser,
  UpdateUser,
  User,
  UserListQuery,
} from '../../../shared/users';
import { requireActor } from '../../platform/http/access';
import { serviceContext } from '../../platform/http/transaction';
import { rolesFor } from '../../../shared/permissions';
import { presentUser } from './presenter';
import {
  createApiToken,
  createUser,
  getUser,
  listApiTokens,
  listUsers,
  revokeApiToken,
  updateUser,
} from './service';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['users'];

  app.get(
    '/users',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Staff users', querystring: UserListQuery, response: { 200: pageOf(User) } },
    },
    async (request) => {
      const { role, active } = request.query;
      const items = await listUsers({
        db: app.ctx.db,
        role,
        active: active === undefined ? undefined : active === 'true',
      });
      return { items, nextCursor: null };
    },
  );

  app.post(
    '/users',
    {
      config: { access: rolesFor('users.manage'), transaction: true },
      schema: {
        tags,
        summary: 'Create a user; without a password an invitation e-mail is sent',
        body: CreateUser,
        response: { 201: User },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createUser({
        ...serviceContext(request),
        mailer: app.ctx.mailer,
        publicUrl: app.ctx.config.publicUrl,
        input: request.body,
      });
    },
  );

  app.get(
    '/users/:id',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'One user', params: IdParams, response: { 200: User } },
    },
    async (request) => presentUser(await getUser({ db: app.ctx.db, id: request.params.id })),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: rolesFor('users.manage'), transaction: true },
      schema: {
        tags,
        summary: 'Change name, role, department or deactivate',
        params: IdParams,
        body: UpdateUser,
        response: { 200: User },
      },
    },
    async (request) => updateUser({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );

  app.get(
    '/api-tokens',
    {
      config: { access: 'staff' },
      schema: { tags: ['api-tokens'], summary: 'Your API tokens', response: { 200: pageOf(ApiToken) } },
    },
    async (request) => ({
      items: await listApiTokens({ db: app.ctx.db, userId: requireActor(request).id! }),
      nextCursor: null,
    }),
  );

  app.post(
    '/api-tokens',
    {
      config: { access: 'staff', transaction: true },
      schema: {
        tags: ['api-tokens'],
        summary: 'Create an API token for yourself; the secret is shown once',
        body: CreateApiToken,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request);
      reply.status(201);
      return createApiToken({
        ...ctx,
        userId: ctx.actor.id!,
        ...request.body,
        defaultDays: app.ctx.config.JOBJACKET_TOKEN_DAYS,
      });
    },
  );

  app.delete(
    '/api-tokens/:id',
    {
      config: { access: 'staff', transaction: true },
      schema: {
        tags: ['api-tokens'],
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 200: ApiToken },
      },
    },
    async (request) => revokeApiToken({ ...serviceContext(request), id: request.params.id }),
  );
};
