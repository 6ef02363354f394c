import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type Session, type TestApp } from '../../../../test/helpers/app';
import { portalRequest, portalShop, portalSignIn } from '../../../../test/helpers/portal';
import { appWithSmtpPeer, type smtpPeer, waitFor } from '../../../../test/helpers/smtp';
import { buildPortalUser, buildProduct } from '../../factories';
import { ProductInput } from '../../../shared/portals';

// Issue 21, part 4: what a buyer does for themselves — passwords, order e-mails, favourites, saved carts, reorder.
let t: TestApp;
let peer: Awaited<ReturnType<typeof smtpPeer>>;
let close: () => Promise<void>;
let am: Session;
let p: ReturnType<typeof portalRequest>;
beforeAll(async () => {
  ({ t, peer, close } = await appWithSmtpPeer({ MAIL_FROM: 'Shop <shop@example.test>' }));
  am = await t.signIn('account_manager');
  p = portalRequest(t);
});
afterAll(() => close());

const linkIn = (text: string) => /\/reset\/([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe('password reset and change', () => {
  it('mails a single-use link; the same answer for an unknown e-mail; the new password signs in, the old one not', async () => {
    const shop = await portalShop(t);
    const user = await buildPortalUser(t.db, shop.portal.id, {
      email: 'zoe.oster@client.example',
      name: 'Zoë Øster',
    });
    const slug = shop.portal.slug;
    const known = await p(
      'POST',
      `/portal/${slug}/auth/reset-request`,
      {},
      { email: 'ZOE.OSTER@client.example' },
    );
    const unknown = await p(
      'POST',
      `/portal/${slug}/auth/reset-request`,
      {},
      { email: 'nobody@client.example' },
    );
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual(known.json());
    const mail = await peer.message(user.email, 'new password');
    const token = linkIn(mail.text ?? '')!;
    expect(token).toBeTruthy();
    expect(peer.received.some((m) => JSON.stringify(m.to).includes('nobody@'))).toBe(false);
    const old = await portalSignIn(t, slug, user.email);
    const short = await p('POST', `/portal/${slug}/auth/reset`, {}, { token, password: 'short' });
    expect(short.statusCode).toBe(400);
    const done = await p(
      'POST',
      `/portal/${slug}/auth/reset`,
      {},
      { token, password: 'Nguyễn → new pass 1' },
    );
    expect(done.statusCode, done.body).toBe(204);
    // Sessions end; the link is used up; the old password is refused, the new one works.
    expect((await p('GET', `/portal/${slug}/auth/me`, old)).statusCode).toBe(401);
    const again = await p('POST', `/portal/${slug}/auth/reset`, {}, { token, password: 'another pass 22' });
    expect(again.statusCode).toBe(404);
    await expect(portalSignIn(t, slug, user.email)).rejects.toThrow();
    await portalSignIn(t, slug, user.email, 'Nguyễn → new pass 1');
    // Another portal's slug does not take this portal's link.
    const other = await portalShop(t);
    await p('POST', `/portal/${slug}/auth/reset-request`, {}, { email: user.email });
    const newest = await waitFor(async () => {
      const mails = peer.received.filter((m) => JSON.stringify(m.to).includes(user.email));
      return mails.length === 2 ? mails[1] : undefined;
    }, 'the second reset mail');
    const token2 = linkIn(newest.text ?? '')!;
    const body = { token: token2, password: 'whatever pass 1' };
    expect((await p('POST', `/portal/${other.portal.slug}/auth/reset`, {}, body)).statusCode).toBe(404);
    expect((await p('POST', `/portal/${slug}/auth/reset`, {}, body)).statusCode).toBe(204);
  });

  it('lets one of two concurrent uses of a link win', async () => {
    const shop = await portalShop(t);
    const user = await buildPortalUser(t.db, shop.portal.id, { email: 'racer.reset@client.example' });
    const slug = shop.portal.slug;
    await p('POST', `/portal/${slug}/auth/reset-request`, {}, { email: user.email });
    const token = linkIn((await peer.message(user.email, 'new password')).text ?? '')!;
    const answers = await Promise.all(
      ['first password 1', 'second password 2'].map((password) =>
        p('POST', `/portal/${slug}/auth/reset`, {}, { token, password }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([204, 404]);
  });

  it('refuses an expired link and limits requests per e-mail', async () => {
    const shop = await portalShop(t);
    const user = await buildPortalUser(t.db, shop.portal.id, { email: 'slow.reader@client.example' });
    const slug = shop.portal.slug;
    await p('POST', `/portal/${slug}/auth/reset-request`, {}, { email: user.email });
    const token = linkIn((await peer.message(user.email, 'new password')).text ?? '')!;
    await t.db.execute(
      `update portal_users set reset_expires_at = now() - interval '1 minute' where id = '${user.id}'` as never,
    );
    expect(
      (await p('POST', `/portal/${slug}/auth/reset`, {}, { token, password: 'late password 1' })).statusCode,
    ).toBe(404);
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        (await p('POST', `/portal/${slug}/auth/reset-request`, {}, { email: user.email })).statusCode,
      );
    expect(codes).toEqual([202, 202, 429, 429]);
  });

  it('changes the password with the current one only; other sessions end', async () => {
    const shop = await portalShop(t);
    const user = await buildPortalUser(t.db, shop.portal.id);
    const slug = shop.portal.slug;
    const here = await portalSignIn(t, slug, user.email);
    const elsewhere = await portalSignIn(t, slug, user.email);
    const wrong = await p('POST', `/portal/${slug}/account/password`, here, {
      currentPassword: 'not it at all',
      newPassword: 'brand new pass 9',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('currentPassword');
    const ok = await p('POST', `/portal/${slug}/account/password`, here, {
      currentPassword: PASSWORD,
      newPassword: 'brand new pass 9',
    });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await p('GET', `/portal/${slug}/auth/me`, here)).statusCode).toBe(200);
    expect((await p('GET', `/portal/${slug}/auth/me`, elsewhere)).statusCode).toBe(401);
    await portalSignIn(t, slug, user.email, 'brand new pass 9');
  });
});

describe('order e-mails the buyer can switch off', () => {
  it('sends no received/approved mail to a buyer who turned them off, and still asks the approver', async () => {
    const shop = await portalShop(t, { stock: 20 });
    const buyer = await buildPortalUser(t.db, shop.portal.id, {
      email: 'quiet.buyer@client.example',
      spendingLimitCents: 100,
    });
    const approver = await buildPortalUser(t.db, shop.portal.id, {
      email: 'loud.approver@client.example',
      role: 'approver',
    });
    const slug = shop.portal.slug;
    const b = await portalSignIn(t, slug, buyer.email);
    expect((await p('GET', `/portal/${slug}/account/preferences`, b)).json()).toEqual({ orderEmails: true });
    const off = await p('PUT', `/portal/${slug}/account/preferences`, b, { orderEmails: false });
    expect(off.json()).toEqual({ orderEmails: false });
    await p('POST', `/portal/${slug}/cart/lines`, b, { productId: shop.stocked.id, quantity: 2 });
    const placed = await p('POST', `/portal/${slug}/checkout`, b, {
      costCentreId: shop.marketing.id,
      shipToAddressId: shop.address.id,
    });
    expect(placed.json().status).toBe('pending_approval');
    await peer.message(approver.email, 'Please approve');
    const a = await portalSignIn(t, slug, approver.email);
    await p('POST', `/portal/${slug}/orders/${placed.json().id}/approve`, a, {});
    await new Promise((r) => setTimeout(r, 1500));
    expect(peer.received.filter((m) => JSON.stringify(m.to).includes(buyer.email))).toEqual([]);
  });
});

describe('favourites, reorder and saved carts', () => {
  it('stars products, filters the catalogue by them, and refuses a product of another portal', async () => {
    const shop = await portalShop(t);
    const other = await portalShop(t);
    const flyer = await buildProduct(t.db, shop.portal.id, { sku: 'FLY-1', name: 'Flyer' });
    const user = await buildPortalUser(t.db, shop.portal.id);
    const slug = shop.portal.slug;
    const who = await portalSignIn(t, slug, user.email);
    expect((await p('PUT', `/portal/${slug}/favourites/${flyer.id}`, who)).json()).toEqual({
      productIds: [flyer.id],
    });
    expect((await p('PUT', `/portal/${slug}/favourites/${flyer.id}`, who)).json()).toEqual({
      productIds: [flyer.id],
    });
    const starred = (await p('GET', `/portal/${slug}/catalog?favourites=true`, who)).json();
    expect(starred.items.map((i: { sku: string }) => i.sku)).toEqual(['FLY-1']);
    expect((await p('GET', `/portal/${slug}/catalog`, who)).json().items).toHaveLength(2);
    expect((await p('PUT', `/portal/${slug}/favourites/${other.stocked.id}`, who)).statusCode).toBe(404);
    expect((await p('DELETE', `/portal/${slug}/favourites/${flyer.id}`, who)).json()).toEqual({
      productIds: [],
    });
  });

  it('answers every combination of the catalogue’s filters for a buyer with and without cost centres', async () => {
    const shop = await portalShop(t);
    const [marketing, other] = shop.account.costCentres;
    const slug = shop.portal.slug;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const make = (name: string, over: object) => buildProduct(t.db, shop.portal.id, { name, ...over });
    const zoe = await make('Zoë flyer', { sku: 'ZOE-1', categories: ['Flyers'] });
    const tee = await make('Nguyễn 100% cotton tee', {
      sku: 'TEE_1',
      categories: ['Apparel'],
      visibleToCostCentreIds: [marketing!.id],
    });
    await make('Other centre card', {
      sku: 'OTH-1',
      categories: ['Flyers'],
      visibleToCostCentreIds: [other!.id],
    });
    await make('Retired flyer', { sku: 'OLD-1', categories: ['Flyers'], activeTo: yesterday });
    const centred = await portalSignIn(
      t,
      slug,
      (await buildPortalUser(t.db, shop.portal.id, { costCentreIds: [marketing!.id] })).email,
    );
    const anyCentre = await portalSignIn(t, slug, (await buildPortalUser(t.db, shop.portal.id)).email);
    await p('PUT', `/portal/${slug}/favourites/${zoe.id}`, centred);
    await p('PUT', `/portal/${slug}/favourites/${tee.id}`, anyCentre);
    const skus = async (who: typeof centred, query: string) => {
      const found: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await p(
          'GET',
          `/portal/${slug}/catalog?limit=1&${query}${cursor ? `&cursor=${cursor}` : ''}`,
          who,
        );
        expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
        found.push(...res.json().items.map((i: { sku: string }) => i.sku));
        cursor = res.json().nextCursor;
      } while (cursor);
      return found.sort();
    };
    const cases: [typeof centred, string, string[]][] = [
      [centred, '', ['AR-2027', 'TEE_1', 'ZOE-1']],
      [anyCentre, '', ['AR-2027', 'OTH-1', 'TEE_1', 'ZOE-1']],
      [centred, 'category=Flyers', ['ZOE-1']],
      [anyCentre, 'category=Flyers', ['OTH-1', 'ZOE-1']],
      [centred, `q=${encodeURIComponent('zoë')}`, ['ZOE-1']],
      [anyCentre, `q=${encodeURIComponent('100%')}`, ['TEE_1']],
      // A % or _ is a character to find, not a wildcard.
      [anyCentre, `q=${encodeURIComponent('%')}`, ['TEE_1']],
      [anyCentre, `q=${encodeURIComponent('e_1')}`, ['TEE_1']],
      [centred, 'favourites=true', ['ZOE-1']],
      [anyCentre, 'favourites=true&category=Apparel', ['TEE_1']],
      [centred, `favourites=true&category=Flyers&q=${encodeURIComponent('FLYER')}`, ['ZOE-1']],
    ];
    // Each twice: the second run reuses the prepared statement of its shape with other values in between.
    for (const round of [1, 2])
      for (const [who, query, expected] of cases)
        expect(await skus(who, query), `${query} (round ${round})`).toEqual(expected);
  });

  it('reorders a past order at today’s prices, leaving out a retired product with a message', async () => {
    const shop = await portalShop(t, { stock: 50 });
    const flyer = await buildProduct(t.db, shop.portal.id, {
      sku: 'FLY-2',
      name: 'Flyer',
      unitPriceCents: 10,
    });
    const user = await buildPortalUser(t.db, shop.portal.id);
    const slug = shop.portal.slug;
    const who = await portalSignIn(t, slug, user.email);
    await p('POST', `/portal/${slug}/cart/lines`, who, { productId: shop.stocked.id, quantity: 2 });
    await p('POST', `/portal/${slug}/cart/lines`, who, { productId: flyer.id, quantity: 100 });
    const order = (
      await p('POST', `/portal/${slug}/checkout`, who, {
        costCentreId: shop.marketing.id,
        shipToAddressId: shop.address.id,
      })
    ).json();
    // The flyer is retired, the annual report costs more now.
    const product = async (id: string) =>
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/portals/${shop.portal.id}/products/${id}`,
          headers: am.headers,
        })
      ).json();
    const edit = async (id: string, change: object) => {
      // What the product form sends back: the fields of ProductInput, as the server answered them.
      const current = await product(id);
      const rest = Object.fromEntries(Object.keys(ProductInput.shape).map((k) => [k, current[k]]));
      const res = await t.request({
        method: 'PUT',
        url: `/api/v1/portals/${shop.portal.id}/products/${id}`,
        headers: am.headers,
        payload: { ...rest, ...change },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await edit(flyer.id, { active: false });
    await edit(shop.stocked.id, { unitPriceCents: 650 });
    const again = await p('POST', `/portal/${slug}/orders/${order.id}/reorder`, who);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().cart.lines).toMatchObject([{ quantity: 2, unitPriceCents: 650, amountCents: 1300 }]);
    expect(again.json().skipped).toEqual([
      { sku: 'FLY-2', name: 'Flyer', reason: 'Flyer is no longer offered on this portal' },
    ]);
    // Someone else's order is not found.
    const stranger = await portalSignIn(t, slug, (await buildPortalUser(t.db, shop.portal.id)).email);
    expect((await p('POST', `/portal/${slug}/orders/${order.id}/reorder`, stranger)).statusCode).toBe(404);
  });

  it('saves a cart under a name and restores it; two restores at once give its lines once', async () => {
    const shop = await portalShop(t, { stock: 50 });
    const user = await buildPortalUser(t.db, shop.portal.id);
    const slug = shop.portal.slug;
    const who = await portalSignIn(t, slug, user.email);
    expect((await p('POST', `/portal/${slug}/saved-carts`, who, { name: 'Empty' })).statusCode).toBe(400);
    await p('POST', `/portal/${slug}/cart/lines`, who, { productId: shop.stocked.id, quantity: 3 });
    const saved = await p('POST', `/portal/${slug}/saved-carts`, who, { name: 'Monthly — Nguyễn' });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ name: 'Monthly — Nguyễn', lines: 1, units: 3 });
    expect(
      (await p('POST', `/portal/${slug}/saved-carts`, who, { name: 'monthly — nguyễn' })).statusCode,
    ).toBe(400);
    const id = saved.json().id;
    await p('POST', `/portal/${slug}/cart/lines`, who, { productId: shop.stocked.id, quantity: 7 });
    const restores = await Promise.all(
      [1, 2, 3].map(() => p('POST', `/portal/${slug}/saved-carts/${id}/restore`, who)),
    );
    expect(restores.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const cart = (await p('GET', `/portal/${slug}/cart`, who)).json();
    expect(cart.lines.map((l: { quantity: number }) => l.quantity)).toEqual([3]);
    expect((await p('GET', `/portal/${slug}/saved-carts`, who)).json().items).toHaveLength(1);
    // Another user of the portal cannot restore or delete it.
    const stranger = await portalSignIn(t, slug, (await buildPortalUser(t.db, shop.portal.id)).email);
    expect((await p('POST', `/portal/${slug}/saved-carts/${id}/restore`, stranger)).statusCode).toBe(404);
    expect((await p('DELETE', `/portal/${slug}/saved-carts/${id}`, stranger)).statusCode).toBe(404);
    expect((await p('DELETE', `/portal/${slug}/saved-carts/${id}`, who)).statusCode).toBe(204);
    expect((await p('POST', `/portal/${slug}/saved-carts/${id}/restore`, who)).statusCode).toBe(404);
  });

  it('keeps one saved cart when two saves of one name race, and refuses a viewer’s restore', async () => {
    const shop = await portalShop(t, { stock: 50 });
    const user = await buildPortalUser(t.db, shop.portal.id);
    const slug = shop.portal.slug;
    const who = await portalSignIn(t, slug, user.email);
    await p('POST', `/portal/${slug}/cart/lines`, who, { productId: shop.stocked.id, quantity: 1 });
    const both = await Promise.all(
      ['Zoë Øster', 'zoë øster'].map((name) => p('POST', `/portal/${slug}/saved-carts`, who, { name })),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 400]);
    expect((await p('GET', `/portal/${slug}/saved-carts`, who)).json().items).toHaveLength(1);
    const viewer = await buildPortalUser(t.db, shop.portal.id, { role: 'viewer' });
    const v = await portalSignIn(t, slug, viewer.email);
    const id = both.find((r) => r.statusCode === 201)!.json().id;
    expect((await p('POST', `/portal/${slug}/saved-carts/${id}/restore`, v)).statusCode).toBe(400);
  });
});
