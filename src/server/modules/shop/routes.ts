import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rolesFor } from '../../../shared/permissions';
import { ShopLogoInput, ShopProfile, ShopProfileInput } from '../../../shared/shop';
import { serviceContext } from '../../platform/http/transaction';
import { getShopLogo, getShopProfile, saveShopProfile, setShopLogo } from './profile';

/** The shop's own profile: the letterhead its documents print, and the paper they print on. */
export const shopRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['shop'];
  const defaultName = () => app.ctx.config.JOBJACKET_SHOP_NAME;

  app.get(
    '/shop-profile',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "The shop's name, address, contact, logo and paper size",
        response: { 200: ShopProfile },
      },
    },
    async (request) => getShopProfile({ db: request.db, defaultName: defaultName() }),
  );

  app.put(
    '/shop-profile',
    {
      config: { access: rolesFor('shop.profile.edit'), transaction: true },
      schema: {
        tags,
        summary: "Change the shop's name, address, phone, e-mail and paper size",
        body: ShopProfileInput,
        response: { 200: ShopProfile },
      },
    },
    async (request) =>
      saveShopProfile({ ...serviceContext(request), defaultName: defaultName(), input: request.body }),
  );

  app.get(
    '/shop-profile/logo',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "The shop's logo (PNG or JPEG); 404 without one",
        querystring: z.object({ v: z.string().max(20).optional() }).strict(),
      },
    },
    async (request, reply) => {
      const logo = await getShopLogo({ db: request.db, files: app.ctx.files });
      return reply
        .header('content-type', logo.type)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(logo.bytes);
    },
  );

  app.put(
    '/shop-profile/logo',
    {
      config: { access: rolesFor('shop.profile.edit'), transaction: true },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Upload the logo: PNG or JPEG up to 2 MB, checked by its content',
        body: ShopLogoInput,
        response: { 200: ShopProfile },
      },
    },
    async (request) =>
      setShopLogo({
        ...serviceContext(request),
        files: app.ctx.files,
        defaultName: defaultName(),
        input: request.body,
      }),
  );

  app.delete(
    '/shop-profile/logo',
    {
      config: { access: rolesFor('shop.profile.edit'), transaction: true },
      schema: { tags, summary: 'Remove the logo', response: { 200: ShopProfile } },
    },
    async (request) =>
      setShopLogo({
        ...serviceContext(request),
        files: app.ctx.files,
        defaultName: defaultName(),
        input: null,
      }),
  );
};
