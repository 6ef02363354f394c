import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Account,
  AccountListQuery,
  AccountSummary,
  Contact,
  ContactListQuery,
  CreateAccount,
  CreateContact,
  TimelineEntry,
  TimelineQuery,
  UpdateAccount,
  UpdateContact,
} from '../../../shared/accounts';
import { IdParams, pageOf } from '../../../shared/common';
import type { StaffRole } from '../../platform/actor';
import { requireActor } from '../../platform/http/access';
import { presentContact } from './presenter';
import {
  archiveAccount,
  archiveContact,
  createAccount,
  createContact,
  getAccount,
  getContact,
  listAccounts,
  listContacts,
  updateAccount,
  updateContact,
} from './service';
import { accountTimeline } from './timeline';

/** Who may change client records; every staff user may read them. */
export const accountEditors: StaffRole[] = ['admin', 'manager', 'account_manager'];

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['accounts'];
  const read = { access: 'staff' as const };
  const write = { access: accountEditors };

  app.get(
    '/accounts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Search and filter client accounts',
        querystring: AccountListQuery,
        response: { 200: pageOf(AccountSummary) },
      },
    },
    async (request) => listAccounts({ db: app.ctx.db, actor: requireActor(request), query: request.query }),
  );

  app.post(
    '/accounts',
    {
      config: write,
      schema: { tags, summary: 'Create a client account', body: CreateAccount, response: { 201: Account } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const account = await app.ctx.db.transaction((db) => createAccount({ db, actor, input: request.body }));
      return reply.status(201).send(account);
    },
  );

  app.get(
    '/accounts/:id',
    { config: read, schema: { tags, summary: 'One account', params: IdParams, response: { 200: Account } } },
    async (request) => getAccount({ db: app.ctx.db, id: request.params.id }),
  );

  app.patch(
    '/accounts/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change an account',
        params: IdParams,
        body: UpdateAccount,
        response: { 200: Account },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) =>
        updateAccount({ db, actor, id: request.params.id, input: request.body }),
      );
    },
  );

  app.delete(
    '/accounts/:id',
    {
      config: write,
      schema: { tags, summary: 'Archive an account', params: IdParams, response: { 200: Account } },
    },
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) => archiveAccount({ db, actor, id: request.params.id }));
    },
  );

  app.get(
    '/accounts/:id/timeline',
    {
      config: read,
      schema: {
        tags,
        summary: 'Everything that happened with the client, newest first',
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: pageOf(TimelineEntry) },
      },
    },
    async (request) => {
      await getAccount({ db: app.ctx.db, id: request.params.id });
      return accountTimeline({ db: app.ctx.db, accountId: request.params.id, ...request.query });
    },
  );

  app.get(
    '/accounts/:id/contacts',
    {
      config: read,
      schema: {
        tags,
        summary: "An account's contacts, primary first",
        params: IdParams,
        querystring: ContactListQuery,
        response: { 200: pageOf(Contact) },
      },
    },
    async (request) => ({
      items: await listContacts({
        db: app.ctx.db,
        accountId: request.params.id,
        includeArchived: request.query.archived === 'include',
      }),
      nextCursor: null,
    }),
  );

  app.post(
    '/accounts/:id/contacts',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a contact',
        params: IdParams,
        body: CreateContact,
        response: { 201: Contact },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const contact = await app.ctx.db.transaction((db) =>
        createContact({ db, actor, accountId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(contact);
    },
  );

  app.get(
    '/contacts/:id',
    { config: read, schema: { tags, summary: 'One contact', params: IdParams, response: { 200: Contact } } },
    async (request) => presentContact(await getContact({ db: app.ctx.db, id: request.params.id })),
  );

  app.patch(
    '/contacts/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a contact',
        params: IdParams,
        body: UpdateContact,
        response: { 200: Contact },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) =>
        updateContact({ db, actor, id: request.params.id, input: request.body }),
      );
    },
  );

  app.delete(
    '/contacts/:id',
    {
      config: write,
      schema: { tags, summary: 'Remove (archive) a contact', params: IdParams, response: { 200: Contact } },
    },
    async (request) => {
      const actor = requireActor(request);
      return app.ctx.db.transaction((db) => archiveContact({ db, actor, id: request.params.id }));
    },
  );
};
