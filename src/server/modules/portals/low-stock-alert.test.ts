import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type Session, type TestApp } from '../../../../test/helpers/app';
import { appWithSmtpPeer } from '../../../../test/helpers/smtp';
import {
  buildAccount,
  buildInventoryItem,
  buildPortal,
  buildPortalUser,
  buildProduct,
} from '../../factories';

let t: TestApp;
let peer: Awaited<ReturnType<typeof appWithSmtpPeer>>['peer'];
let close: () => Promise<void>;
let am: Session;
beforeAll(async () => {
  ({ t, peer, close } = await appWithSmtpPeer({ JOBJACKET_PUBLIC_URL: 'https://jobs.shop.example' }));
  am = await t.signIn('account_manager');
});
afterAll(() => close());

describe('the low-stock alert', () => {
  it("links the account manager to the item's own page, where its reprint job is made", async () => {
    const account = await buildAccount(t.db, {
      ownerId: am.userId,
      addresses: [
        {
          kind: 'shipping',
          line1: '1 Museum Way',
          city: 'Austin',
          region: 'TX',
          postalCode: '78701',
          isDefault: true,
        },
      ],
      costCentres: [{ name: 'Marketing', code: `MKT-${Date.now()}` }],
    });
    const portal = await buildPortal(t.db, { accountId: account.id });
    const item = await buildInventoryItem(t.db, account.id, {
      onHand: 10,
      reorderPoint: 8,
      sku: 'BRO-LOW',
      name: 'Visitor guide',
    });
    const product = await buildProduct(t.db, portal.id, {
      kind: 'stocked',
      inventoryItemId: item.id,
      sku: 'VG-1',
      name: 'Visitor guide',
      unitPriceCents: 100,
      productType: null,
    });
    const buyer = await buildPortalUser(t.db, portal.id);
    const login = await t.request({
      method: 'POST',
      url: `/api/v1/portal/${portal.slug}/auth/login`,
      payload: { email: buyer.email, password: PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === 'jj_portal')!;
    const who = { cookie: `jj_portal=${cookie.value}`, 'x-csrf-token': login.json().csrfToken };
    const portalCall = (url: string, payload: object) =>
      t.request({ method: 'POST', url: `/api/v1/portal/${portal.slug}${url}`, headers: who, payload });
    expect((await portalCall('/cart/lines', { productId: product.id, quantity: 5 })).statusCode).toBe(200);
    const placed = await portalCall('/checkout', {
      costCentreId: await costCentreOf(account.id),
      shipToAddressId: await addressOf(account.id),
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const picked = await t.request({
      method: 'POST',
      url: `/api/v1/orders/${placed.json().id}/pick`,
      headers: am.headers,
    });
    expect(picked.statusCode, picked.body).toBe(200);

    const mail = await peer.message(am.email, 'Low stock: BRO-LOW');
    expect(mail.text).toContain(`https://jobs.shop.example/inventory/${item.id}\n`);
    expect(mail.text).not.toContain('/inventory?');
    const notifications = (
      await t.request({ method: 'GET', url: '/api/v1/notifications', headers: am.headers })
    ).json().items as { kind: string; link: string }[];
    expect(notifications.find((n) => n.kind === 'inventory.low')?.link).toBe(`/inventory/${item.id}`);
  });
});

const accountOf = async (id: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/accounts/${id}`, headers: am.headers })).json() as {
    costCentres: { id: string }[];
    addresses: { id: string }[];
  };
const costCentreOf = async (id: string) => (await accountOf(id)).costCentres[0]!.id;
const addressOf = async (id: string) => (await accountOf(id)).addresses[0]!.id;
