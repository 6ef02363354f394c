import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import { CreateInvoiceExport, InvoiceExport, ReadyToInvoice } from '../../../shared/quotes';
import { contentDisposition } from '../../platform/http/content-disposition';
import { serviceContext } from '../../platform/http/transaction';
import { createInvoiceExport, invoiceExportCsv, listInvoiceExports, readyToInvoice } from './invoicing';

/** The invoice hand-off: jobs ready to bill and the export batches accounting imports (QuickBooks Online, Xero). */
export const billingRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['billing'];
  const billers = rolesFor('invoice.export');
  app.get(
    '/ready-to-invoice',
    {
      config: { access: billers },
      schema: {
        tags,
        summary: 'Shipped or completed jobs not yet exported, with their final price',
        response: { 200: z.object({ items: z.array(ReadyToInvoice) }) },
      },
    },
    async (request) => ({ items: await readyToInvoice(request.db) }),
  );
  app.get(
    '/invoice-exports',
    {
      config: { access: billers },
      schema: {
        tags,
        summary: 'Export batches, newest first',
        response: { 200: z.object({ items: z.array(InvoiceExport) }) },
      },
    },
    async (request) => ({ items: await listInvoiceExports(request.db) }),
  );
  app.post(
    '/invoice-exports',
    {
      config: { access: billers, transaction: true },
      schema: {
        tags,
        summary:
          'Export the ready jobs (all or the named ones) in a QuickBooks Online or Xero layout; they are marked exported',
        body: CreateInvoiceExport,
        response: { 201: InvoiceExport },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createInvoiceExport({
        ...serviceContext(request),
        input: request.body,
        salesAccountCode: app.ctx.config.JOBJACKET_SALES_ACCOUNT_CODE,
      });
    },
  );
  app.get(
    '/invoice-exports/:id/invoices.csv',
    { config: { access: billers }, schema: { tags, summary: 'The batch as its CSV', params: IdParams } },
    async (request, reply) => {
      const row = await invoiceExportCsv(request.db, request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', `${row.number}-${row.format}.csv`))
        .send(`\uFEFF${row.csv}`);
    },
  );
};
