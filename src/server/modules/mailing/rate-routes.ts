import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import {
  MailingSettings,
  MailingSettingsInput,
  PostageRate,
  PostageRateInput,
  PostageRateQuery,
} from '../../../shared/mailing';
import { rolesFor } from '../../../shared/permissions';
import { serviceContext } from '../../platform/http/transaction';
import { getMailingSettings, updateMailingSettings } from './imb-serials';
import { createRate, deleteRate, listRates, updateRate } from './rates';

/** The postage rate table and the shop's mailing settings (Mailer ID, IMb service types). */
export const rateRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['mailing'];
  const rateEditors = rolesFor('mailing.rates.edit');

  app.get(
    '/postage-rates',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The postage rate table; with ?on=DATE the rates in effect that day',
        querystring: PostageRateQuery,
        response: { 200: pageOf(PostageRate) },
      },
    },
    async (request) => ({
      items: await listRates({ db: request.db, query: request.query }),
      nextCursor: null,
    }),
  );
  app.post(
    '/postage-rates',
    {
      config: { access: rateEditors, transaction: true },
      schema: {
        tags,
        summary: 'Add a rate from an effective date',
        body: PostageRateInput,
        response: { 201: PostageRate },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createRate({ ...serviceContext(request), input: request.body });
    },
  );
  app.put(
    '/postage-rates/:id',
    {
      config: { access: rateEditors, transaction: true },
      schema: {
        tags,
        summary: 'Change a rate',
        params: IdParams,
        body: PostageRateInput,
        response: { 200: PostageRate },
      },
    },
    async (request) => updateRate({ ...serviceContext(request), id: request.params.id, input: request.body }),
  );
  app.delete(
    '/postage-rates/:id',
    {
      config: { access: rateEditors, transaction: true },
      schema: { tags, summary: 'Remove a rate', params: IdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteRate({ ...serviceContext(request), id: request.params.id });
      reply.status(204);
      return null;
    },
  );
  app.get(
    '/mailing-settings',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "The shop's Mailer ID and IMb service types",
        response: { 200: MailingSettings },
      },
    },
    async (request) => getMailingSettings({ db: request.db }),
  );
  app.put(
    '/mailing-settings',
    {
      config: { access: rateEditors, transaction: true },
      schema: {
        tags,
        summary: 'Set the Mailer ID (6 or 9 digits) and IMb service types',
        body: MailingSettingsInput,
        response: { 200: MailingSettings },
      },
    },
    async (request) => updateMailingSettings({ ...serviceContext(request), input: request.body }),
  );
};
