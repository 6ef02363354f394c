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
import { can, rolesFor } from '../../../shared/permissions';
import { requireActor } from '../../platform/http/access';
import { serviceContext } from '../../platform/http/transaction';
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

/** Client accounts and their contacts: every staff user reads them, account editors change them. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['accounts'];
  const read = { access: 'staff' as const };
  const write = { access: rolesFor('account.edit'), transaction: true };

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
    async (request) => listAccounts({ db: request.db, actor: requireActor(request), query: request.query }),
  );

  app.post(
    '/accounts',
    {
      config: write,
      schema: { tags, summary: 'Create a client account', body: CreateAccount, response: { 201: Account } },
    },
    async (request, reply) => {
      reply.status(201);
      return createAccount({ ...serviceContext(request), input: request.body });
    },
  );

  app.get(
    '/accounts/:id',
    { config: read, schema: { tags, summary: 'One account', params: IdParams, response: { 200: Account } } },
    async (request) => getAccount({ db: request.db, id: request.params.id }),
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
    async (request) =>
      updateAccount({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );

  app.delete(
    '/accounts/:id',
    {
      config: write,
      schema: { tags, summary: 'Archive an account', params: IdParams, response: { 200: Account } },
    },
    async (request) => archiveAccount({ ...serviceContext(request), id: request.params.id }),
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
      await getAccount({ db: request.db, id: request.params.id });
      const role = requireActor(request).role;
      return accountTimeline({
        db: request.db,
        accountId: request.params.id,
        ...request.query,
        hiddenEntityTypes: [
          ...(can(role, 'inbox.read') ? [] : ['conversation', 'message', 'call', 'meeting']),
          ...(can(role, 'mailing.read') ? [] : ['mailing_list']),
        ],
      });
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
        db: request.db,
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
      reply.status(201);
      return createContact({ ...serviceContext(request), accountId: request.params.id, input: request.body });
    },
  );

  app.get(
    '/contacts/:id',
    { config: read, schema: { tags, summary: 'One contact', params: IdParams, response: { 200: Contact } } },
    async (request) => presentContact(await getContact({ db: request.db, id: request.params.id })),
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
    async (request) =>
      updateContact({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );

  app.delete(
    '/contacts/:id',
    {
      config: write,
      schema: { tags, summary: 'Remove (archive) a contact', params: IdParams, response: { 200: Contact } },
    },
    async (request) => archiveContact({ ...serviceContext(request), id: request.params.id }),
  );
};
