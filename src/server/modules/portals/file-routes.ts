import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ArtworkUpload } from '../../../shared/artwork';
import { Portal, Product } from '../../../shared/portals';
import { rolesFor } from '../../../shared/permissions';
import { invalid } from '../../platform/errors';
import { contentDisposition } from '../../platform/http/content-disposition';
import { clockOf, serviceContext } from '../../platform/http/transaction';
import { ARTWORK_MAX_BYTES, IMAGE_LIMITS } from '../artwork';
import { portalScope, Slug, SlugId } from './portal-request';
import {
  readPortalFile,
  readPortalFileFor,
  readPortalLogo,
  setPortalLogo,
  setProductImage,
  uploadArtwork,
  type Upload,
} from './portal-files';
import { requirePortalUser } from './users';

const PortalParams = z.object({ id: z.uuid() }).strict();
const ProductParams = z.object({ id: z.uuid(), productId: z.uuid() }).strict();
const FileParams = z.object({ id: z.uuid(), fileId: z.uuid() }).strict();
const SlugFile = z.object({ slug: z.string().min(1).max(40), fileId: z.uuid() }).strict();
const CacheBuster = z.object({ v: z.string().max(20).optional() }).strict();
const multipartBody = { consumes: ['multipart/form-data'] };

/** Reads the one file of a multipart/form-data request (field `file`), bounded by `maxBytes` (a 413 beyond). */
async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) throw invalid('Send the file as multipart/form-data, in a field named "file"');
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 2 } });
  if (!part || part.fieldname !== 'file') throw invalid('Send the file in a form field named "file"');
  const bytes = await part.toBuffer();
  if (!bytes.length) throw invalid('The file is empty');
  return { filename: part.filename || 'upload', bytes };
}

/** Sends a stored file with its type; the private cache may keep it (its URL changes when the file does). */
function sendFile(
  reply: FastifyReply,
  row: { contentType: string; name: string },
  bytes: Buffer,
  scope: string,
) {
  return reply
    .header('content-type', row.contentType)
    .header('cache-control', `${scope}, max-age=86400`)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', contentDisposition('inline', row.name))
    .send(bytes);
}

/**
 * Uploaded files of a portal: staff set its logo and product images (multipart, checked and resized), buyers
 * upload print-on-demand artwork and get its preflight report, and both read them back. Multipart parsing is
 * registered here only, so no other route accepts it. The upload routes are not one transaction: the file is
 * read and checked (a preflight takes seconds) before the short transaction that records it.
 */
export const portalFileRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: ARTWORK_MAX_BYTES, files: 1, fields: 0, parts: 2 } });
  const managers = rolesFor('portal.manage');
  const clock = clockOf(app);
  const scoped = portalScope(app.ctx.db);

  app.put(
    '/portals/:id/logo',
    {
      config: { access: managers },
      schema: {
        tags: ['portals'],
        summary: `Upload the portal's logo: PNG, JPEG or WebP up to ${IMAGE_LIMITS.bytes / 1024 / 1024} MB, checked by its content and fitted in 800 × 300`,
        ...multipartBody,
        params: PortalParams,
        response: { 200: Portal },
      },
    },
    async (request) =>
      setPortalLogo({
        ...serviceContext(request),
        files: app.ctx.files,
        portalId: request.params.id,
        upload: await readUpload(request, IMAGE_LIMITS.bytes),
      }),
  );
  app.delete(
    '/portals/:id/logo',
    {
      config: { access: managers },
      schema: {
        tags: ['portals'],
        summary: 'Remove the uploaded logo',
        params: PortalParams,
        response: { 200: Portal },
      },
    },
    async (request) =>
      setPortalLogo({
        ...serviceContext(request),
        files: app.ctx.files,
        portalId: request.params.id,
        upload: null,
      }),
  );
  app.put(
    '/portals/:id/products/:productId/image',
    {
      config: { access: managers },
      schema: {
        tags: ['portals'],
        summary: `Upload a product's image: PNG, JPEG or WebP up to ${IMAGE_LIMITS.bytes / 1024 / 1024} MB, checked by its content and fitted in 1200 × 1200`,
        ...multipartBody,
        params: ProductParams,
        response: { 200: Product },
      },
    },
    async (request) =>
      setProductImage({
        ...serviceContext(request),
        files: app.ctx.files,
        portalId: request.params.id,
        productId: request.params.productId,
        upload: await readUpload(request, IMAGE_LIMITS.bytes),
      }),
  );
  app.delete(
    '/portals/:id/products/:productId/image',
    {
      config: { access: managers },
      schema: {
        tags: ['portals'],
        summary: "Remove a product's uploaded image",
        params: ProductParams,
        response: { 200: Product },
      },
    },
    async (request) =>
      setProductImage({
        ...serviceContext(request),
        files: app.ctx.files,
        portalId: request.params.id,
        productId: request.params.productId,
        upload: null,
      }),
  );
  app.get(
    '/portals/:id/files/:fileId',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['portals'],
        summary: "A portal's uploaded file (logo, product image or a buyer's artwork)",
        params: FileParams,
        querystring: CacheBuster,
      },
    },
    async (request, reply) => {
      const { row, bytes } = await readPortalFile({
        db: request.db,
        files: app.ctx.files,
        portalId: request.params.id,
        fileId: request.params.fileId,
      });
      return sendFile(reply, row, bytes, 'private');
    },
  );

  app.get(
    '/portal/:slug/logo',
    {
      config: { access: 'public' },
      schema: {
        tags: ['portal'],
        summary: "The portal's uploaded logo (public: its sign-in page shows it); 404 without one",
        params: Slug,
        querystring: CacheBuster,
      },
    },
    async (request, reply) => {
      const { row, bytes } = await readPortalLogo({
        db: app.ctx.db,
        files: app.ctx.files,
        slug: request.params.slug,
      });
      return sendFile(reply, row, bytes, 'public');
    },
  );
  app.get(
    '/portal/:slug/files/:fileId',
    {
      config: { access: 'portal' },
      schema: {
        tags: ['portal'],
        summary: "One of the portal's files: a product image, or artwork this user may see",
        params: SlugFile,
        querystring: CacheBuster,
      },
    },
    async (request, reply) => {
      const who = requirePortalUser(request);
      const { row, bytes } = await scoped(who, (tx) =>
        readPortalFileFor({ db: tx, files: app.ctx.files, who, fileId: request.params.fileId }),
      );
      return sendFile(reply, row, bytes, 'private');
    },
  );
  app.post(
    '/portal/:slug/catalog/:id/artwork',
    {
      config: { access: 'portal' },
      schema: {
        tags: ['portal'],
        summary: `Upload print-ready artwork (a PDF up to ${ARTWORK_MAX_BYTES / 1024 / 1024} MB) for a print-on-demand product; answers with its preflight report`,
        ...multipartBody,
        params: SlugId,
        response: { 201: ArtworkUpload },
      },
    },
    async (request, reply) => {
      const who = requirePortalUser(request);
      const result = await uploadArtwork({
        scoped: (work) => scoped(who, work),
        clock,
        files: app.ctx.files,
        who,
        productId: request.params.id,
        upload: () => readUpload(request, ARTWORK_MAX_BYTES),
      });
      return reply.status(201).send(result);
    },
  );
};
