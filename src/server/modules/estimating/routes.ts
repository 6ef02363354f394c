import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  AccountMarkup,
  Estimate,
  EstimateRequest,
  EstimatingRules,
  Operation,
  OperationInput,
  Press,
  PressInput,
} from '../../../shared/estimating';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import {
  getAccountMarkup,
  getRules,
  listOperations,
  listPresses,
  saveAccountMarkup,
  saveOperation,
  savePress,
  saveRules,
} from './cost-model';
import { estimateRequest } from './estimates';

/** The cost model estimators keep (presses, operations, rules, account markups) and the estimates made from it. */
export const estimatingRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['estimating'];
  const editors = { access: rolesFor('estimating.edit'), transaction: true };
  const estimators = rolesFor('estimate.run');
  const readers = { access: estimators };

  app.get(
    '/presses',
    {
      config: readers,
      schema: { tags, summary: 'Presses the estimating engine prices on', response: { 200: pageOf(Press) } },
    },
    async (request) => ({ items: await listPresses(request.db), nextCursor: null }),
  );
  app.post(
    '/presses',
    { config: editors, schema: { tags, summary: 'Add a press', body: PressInput, response: { 201: Press } } },
    async (request, reply) => {
      reply.status(201);
      return savePress({ ...serviceContext(request), input: request.body });
    },
  );
  app.put(
    '/presses/:id',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change a press',
        params: IdParams,
        body: PressInput,
        response: { 200: Press },
      },
    },
    async (request) => savePress({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );

  app.get(
    '/estimating-operations',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Finishing operations and mailing services',
        response: { 200: pageOf(Operation) },
      },
    },
    async (request) => ({ items: await listOperations(request.db), nextCursor: null }),
  );
  app.post(
    '/estimating-operations',
    {
      config: editors,
      schema: { tags, summary: 'Add an operation', body: OperationInput, response: { 201: Operation } },
    },
    async (request, reply) => {
      reply.status(201);
      return saveOperation({ ...serviceContext(request), input: request.body });
    },
  );
  app.put(
    '/estimating-operations/:id',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change an operation',
        params: IdParams,
        body: OperationInput,
        response: { 200: Operation },
      },
    },
    async (request) =>
      saveOperation({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );

  app.get(
    '/estimating-rules',
    {
      config: readers,
      schema: {
        tags,
        summary: 'Bleed, gutter, spoilage, markups, minimum, tax',
        response: { 200: EstimatingRules },
      },
    },
    async (request) => getRules(request.db),
  );
  app.put(
    '/estimating-rules',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change the estimating rules',
        body: EstimatingRules,
        response: { 200: EstimatingRules },
      },
    },
    async (request) => saveRules({ ...serviceContext(request), input: request.body }),
  );

  app.get(
    '/accounts/:id/markup',
    {
      config: readers,
      schema: {
        tags,
        summary: "The account's own markup (null: its segment's or the shop's)",
        params: IdParams,
        response: { 200: AccountMarkup },
      },
    },
    async (request) => ({ markupPercent: await getAccountMarkup(request.db, request.params.id) }),
  );
  app.put(
    '/accounts/:id/markup',
    {
      config: editors,
      schema: {
        tags,
        summary: "Set or clear the account's own markup",
        params: IdParams,
        body: AccountMarkup,
        response: { 200: AccountMarkup },
      },
    },
    async (request) =>
      saveAccountMarkup({ ...serviceContext(request), accountId: request.params.id, input: request.body }),
  );

  app.post(
    '/estimates',
    {
      config: { access: estimators, transaction: true },
      schema: {
        tags,
        summary:
          'Price items at up to five quantities each, with the working line by line (nothing is stored)',
        body: EstimateRequest,
        response: { 200: Estimate },
      },
    },
    async (request) => estimateRequest(serviceContext(request), request.body),
  );
};
