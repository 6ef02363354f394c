import { setTimeout as sleep } from 'node:timers/promises';
import type { Portal } from '../../src/shared/portals';
import { buildInventoryItem, buildPortal, buildProduct } from '../../src/server/factories';
import { getAccount } from '../../src/server/modules/accounts/service';
import { findOrder } from '../../src/server/modules/portals';
import { PASSWORD, type TestApp } from './app';

/** A portal user's cookie and CSRF headers. */
export type PortalHeaders = { cookie: string; 'x-csrf-token': string };

/** Signs a portal user in through the API; throws with the answer when refused. */
export async function portalSignIn(t: TestApp, slug: string, email: string, password = PASSWORD) {
  const res = await t.request({
    method: 'POST',
    url: `/api/v1/portal/${slug}/auth/login`,
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`portal sign-in failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'jj_portal')!;
  return { cookie: `jj_portal=${cookie.value}`, 'x-csrf-token': res.json().csrfToken } as PortalHeaders;
}

/** A request to /api/v1{url} as a portal user (or anyone, with other headers). */
export const portalRequest =
  (t: TestApp) =>
  (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    who: Partial<PortalHeaders> | Record<string, string>,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    t.request({ method, url: `/api/v1${url}`, headers: { ...who, ...headers }, payload });

/** A portal with its account (two cost centres, one shipping address) and a stocked product of `stock` units. */
export async function portalShop(t: TestApp, opts: { stock?: number } = {}) {
  const portal: Portal = await buildPortal(t.db);
  const account = await getAccount({ db: t.db, id: portal.account.id });
  const item = await buildInventoryItem(t.db, portal.account.id, {
    onHand: opts.stock ?? 10,
    sku: 'BRO-2027',
    name: 'Annual report 2027',
  });
  const stocked = await buildProduct(t.db, portal.id, {
    kind: 'stocked',
    inventoryItemId: item.id,
    sku: 'AR-2027',
    name: 'Annual report',
    unitPriceCents: 500,
    productType: null,
  });
  return {
    portal,
    account,
    marketing: account.costCentres[0]!,
    address: account.addresses[0]!,
    item,
    stocked,
  };
}

/**
 * Waits until the queue has released an approved order (made its job after the checkout or the approval
 * committed) and returns the job's id. The test must work the queue (`t.ctx.queue.work()`).
 */
export async function releasedJobId(t: TestApp, orderId: string, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const order = await findOrder(t.db, orderId);
    if (order?.jobId) return order.jobId;
    if (Date.now() > until) throw new Error(`order ${orderId} was not released within ${timeoutMs} ms`);
    await sleep(100);
  }
}
