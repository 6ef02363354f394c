import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/common';
import { todayIn } from '../../platform/clock';
import { ticketImages } from './documents/barcodes';
import { buildTicketContent } from './documents/ticket-content';
import { loadTicketData } from './documents/ticket-data';
import { renderTicketDocx } from './documents/ticket-docx';
import { renderTicketPdf } from './documents/ticket-pdf';
import { buildXjdf } from './documents/xjdf';

const formats = {
  pdf: { type: 'application/pdf', what: 'PDF for the shop floor' },
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    what: 'editable Word document',
  },
  xjdf: { type: 'application/vnd.cip4-xjdf+xml', what: 'CIP4 XJDF 2 product description' },
} as const;
type Format = keyof typeof formats;

/** The job ticket as PDF and Word for people, and as CIP4 XJDF for production systems. */
export const jobDocumentRoutes: FastifyPluginAsyncZod = async (app) => {
  const render = async (id: string, format: Format) => {
    const data = await loadTicketData({
      db: app.ctx.db,
      id,
      publicUrl: app.ctx.config.publicUrl,
      timeZone: app.ctx.config.JOBJACKET_TIMEZONE,
      today: todayIn(app.ctx.config.JOBJACKET_TIMEZONE),
    });
    if (format === 'xjdf') return { number: data.job.number, body: buildXjdf(data) };
    const content = buildTicketContent(data);
    const images = await ticketImages(content.number, content.jobUrl);
    const body =
      format === 'pdf' ? await renderTicketPdf(content, images) : await renderTicketDocx(content, images);
    return { number: data.job.number, body };
  };

  for (const format of Object.keys(formats) as Format[]) {
    const { type, what } = formats[format];
    app.get(
      `/jobs/:id/ticket.${format}`,
      {
        config: { access: 'staff' },
        schema: {
          tags: ['jobs'],
          summary: `The job ticket as ${format.toUpperCase()} (${what})`,
          params: IdParams,
          produces: [type],
          response: { 200: z.any().describe(`The ticket (${type})`) },
        },
      },
      async (request, reply) => {
        const { number, body } = await render(request.params.id, format);
        return reply
          .header('content-type', type)
          .header('content-disposition', `attachment; filename="${number}.${format}"`)
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  }
};
