import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rolesFor } from '../../../../shared/permissions';
import { DesignUpload, FontUpload, ShopFont, TemplateInput, VdpTemplate } from '../../../../shared/vdp';
import { contentDisposition } from '../../../platform/http/content-disposition';
import { serviceContext } from '../../../platform/http/transaction';
import { notFound } from '../../../platform/errors';
import { checkValues, findProduct } from '../products';
import { listFonts, removeFont, uploadFont } from './fonts';
import { templateProof } from './proof';
import { designBytes, getTemplate, removeTemplate, saveTemplate, uploadDesign } from './templates';

const ProductParams = z.object({ id: z.uuid(), productId: z.uuid() }).strict();

/** Staff routes of variable-data templates: the shop's fonts, and each product's design with its fields. */
export const vdpRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portals'];
  const managers = rolesFor('portal.manage');
  const base = '/portals/:id/products/:productId/template';

  app.get(
    '/vdp-fonts',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Fonts for variable-data templates: bundled DejaVu and the shop’s uploads',
        response: { 200: z.object({ items: z.array(ShopFont) }) },
      },
    },
    async (request) => ({ items: await listFonts(request.db) }),
  );
  app.post(
    '/vdp-fonts',
    {
      config: { access: rolesFor('shop.profile.edit'), transaction: true },
      bodyLimit: 12 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Upload a TTF or OTF font (8 MB at most), checked by parsing it',
        body: FontUpload,
        response: { 201: ShopFont },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return uploadFont({ ...serviceContext(request), files: app.ctx.files, input: request.body });
    },
  );
  app.delete(
    '/vdp-fonts/:id',
    {
      config: { access: rolesFor('shop.profile.edit'), transaction: true },
      schema: {
        tags,
        summary: 'Remove an uploaded font no template uses',
        params: z.object({ id: z.uuid() }).strict(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeFont({ ...serviceContext(request), id: request.params.id });
      reply.status(204);
      return null;
    },
  );

  app.get(
    base,
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'A variable-data product’s template (null: none yet)',
        params: ProductParams,
        response: { 200: z.object({ template: VdpTemplate.nullable() }) },
      },
    },
    async (request) =>
      getTemplate({ db: request.db, portalId: request.params.id, productId: request.params.productId }),
  );
  app.get(
    `${base}/design.pdf`,
    {
      config: { access: managers },
      schema: { tags, summary: 'The template’s design PDF (for the editor)', params: ProductParams },
    },
    async (request, reply) => {
      const bytes = await designBytes({
        db: request.db,
        files: app.ctx.files,
        portalId: request.params.id,
        productId: request.params.productId,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('inline', 'design.pdf'))
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );
  app.put(
    `${base}/design`,
    {
      config: { access: managers, transaction: true },
      bodyLimit: 22 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Upload the client’s PDF design (one page, or front and back; 15 MB at most): a new template version',
        params: ProductParams,
        body: DesignUpload,
        response: { 200: VdpTemplate },
      },
    },
    async (request) =>
      uploadDesign({
        ...serviceContext(request),
        files: app.ctx.files,
        portalId: request.params.id,
        productId: request.params.productId,
        input: request.body,
      }),
  );
  app.put(
    base,
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary: 'Place the fields on the design and set the imposition: a new template version',
        params: ProductParams,
        body: TemplateInput,
        response: { 200: VdpTemplate },
      },
    },
    async (request) =>
      saveTemplate({
        ...serviceContext(request),
        portalId: request.params.id,
        productId: request.params.productId,
        input: request.body,
      }),
  );
  app.delete(
    base,
    {
      config: { access: managers, transaction: true },
      schema: {
        tags,
        summary: 'Remove the template: proofs go back to the plain page',
        params: ProductParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeTemplate({
        ...serviceContext(request),
        portalId: request.params.id,
        productId: request.params.productId,
      });
      reply.status(204);
      return null;
    },
  );
  app.post(
    `${base}/preview.pdf`,
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Preview the template with sample values (as a buyer’s proof would be)',
        params: ProductParams,
        body: z.object({ values: z.record(z.string(), z.string().max(200)) }).strict(),
      },
    },
    async (request, reply) => {
      const product = await findProduct(request.db, request.params.id, request.params.productId);
      const values = checkValues(product, request.body.values);
      const pdf = await templateProof({ db: request.db, files: app.ctx.files, product, values });
      if (!pdf) throw notFound('Template');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('inline', 'preview.pdf'))
        .send(pdf);
    },
  );
};
