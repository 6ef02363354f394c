import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../../shared/common';
import { contentDisposition } from '../../../platform/http/content-disposition';
import type { Db } from '../../../platform/db';
import { getAccount, getContact } from '../../accounts';
import { letterheadOf } from '../../shop';
import { getJob } from '../service';
import { ticketContent } from './content';
import { ticketDocx } from './docx';
import { ticketPdf } from './pdf';
import { jobToXjdf } from './xjdf';

/** The job with what a ticket prints beside it: the account, the contact and the default ship-to address. */
async function loadTicket(opts: { db: Db; id: string }) {
  const { db, id } = opts;
  const job = await getJob({ db, id });
  const account = await getAccount({ db, id: job.account.id, health: false });
  const contact = job.contactId ? await getContact({ db, id: job.contactId }) : null;
  const shipTo =
    account.addresses.find((a) => a.kind === 'shipping' && a.isDefault) ??
    account.addresses.find((a) => a.kind === 'shipping') ??
    null;
  return {
    job,
    party: {
      shipTo,
      contact: contact ? { firstName: contact.firstName, lastName: contact.lastName } : null,
      accountName: account.name,
      contactName: contact ? `${contact.firstName} ${contact.lastName}` : null,
    },
  };
}

const types = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xjdf: 'application/vnd.cip4-xjdf+xml',
} as const;

/** The job ticket as PDF and Word for people, and as CIP4 XJDF for production systems. */
export const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const format of ['pdf', 'docx', 'xjdf'] as const) {
    app.get(
      `/jobs/:id/ticket.${format}`,
      {
        config: { access: 'staff' },
        schema: { tags: ['jobs'], summary: `The job ticket as ${format.toUpperCase()}`, params: IdParams },
      },
      async (request, reply) => {
        const { job, party } = await loadTicket({ db: request.db, id: request.params.id });
        const url = `${app.ctx.config.publicUrl}/jobs/${job.id}`;
        const shop = format === 'xjdf' ? null : await letterheadOf(app.ctx, request.db);
        const body = !shop
          ? jobToXjdf(job, party)
          : format === 'pdf'
            ? await ticketPdf(await ticketContent(job, party, url), shop)
            : await ticketDocx(await ticketContent(job, party, url), shop);
        return reply
          .header('content-type', types[format])
          .header('content-disposition', contentDisposition('attachment', `${job.number}.${format}`))
          .send(body);
      },
    );
  }
};
