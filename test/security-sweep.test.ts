import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRoles } from '../src/server/platform/actor';
import { buildInventoryItem, buildPortal, buildPortalUser, buildProduct } from '../src/server/factories';
import { getAccount } from '../src/server/modules/accounts/service';
import { createTestApp, PASSWORD, type Session, type TestApp } from './helpers/app';

/**
 * Calls every operation of the OpenAPI document, so operations added later are covered without
 * editing this file: without credentials each must answer 401; with a role outside its `x-roles`, 403 or 404.
 */
type Operation = { method: string; path: string; roles: 'staff' | 'portal' | string[] | null };

let t: TestApp;
let operations: Operation[];
const sessions: Record<string, Session> = {};

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<
      string,
      Record<string, { security?: unknown[]; 'x-roles'?: 'staff' | 'portal' | string[] }>
    >;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      roles: op.security && op.security.length === 0 ? null : (op['x-roles'] ?? 'staff'),
    })),
  );
  for (const role of staffRoles) sessions[role] = await t.signIn(role, { department: 'press' });
  clientA = await portalClient('approver');
  clientB = await portalClient('buyer');
});

/** A portal with a signed-in user, a product, an order and a cart line: the ids another client must not reach. */
type PortalClient = {
  slug: string;
  headers: Record<string, string>;
  productId: string;
  orderId: string;
  lineId: string;
};
let clientA: PortalClient;
let clientB: PortalClient;
async function portalClient(role: 'buyer' | 'approver'): Promise<PortalClient> {
  const portal = await buildPortal(t.db);
  const account = await getAccount({ db: t.db, id: portal.account.id });
  const item = await buildInventoryItem(t.db, portal.account.id, { onHand: 5 });
  const product = await buildProduct(t.db, portal.id, {
    kind: 'stocked',
    inventoryItemId: item.id,
    productType: null,
  });
  const user = await buildPortalUser(t.db, portal.id, { role });
  const login = await t.request({
    method: 'POST',
    url: `/api/v1/portal/${portal.slug}/auth/login`,
    payload: { email: user.email, password: PASSWORD },
  });
  const headers = {
    cookie: `jj_portal=${login.cookies.find((c) => c.name === 'jj_portal')!.value}`,
    'x-csrf-token': login.json().csrfToken as string,
  };
  const add = (quantity: number) =>
    t.request({
      method: 'POST',
      url: `/api/v1/portal/${portal.slug}/cart/lines`,
      headers,
      payload: { productId: product.id, quantity },
    });
  await add(1);
  const order = await t.request({
    method: 'POST',
    url: `/api/v1/portal/${portal.slug}/checkout`,
    headers,
    payload: { costCentreId: account.costCentres[0]!.id, shipToAddressId: account.addresses[0]!.id },
  });
  const cart = (await add(1)).json();
  return {
    slug: portal.slug,
    headers,
    productId: product.id,
    orderId: order.json().id,
    lineId: cart.lines[0].id,
  };
}

/** A portal operation's path with the caller's slug and another client's ids. */
const crossed = (op: Operation, own: PortalClient, other: PortalClient) =>
  op.path
    .replace('{slug}', own.slug)
    .replace('{lineId}', other.lineId)
    .replace('{format}', 'csv') // a real format, so the id is what is refused
    .replace('{id}', op.path.includes('/catalog/') ? other.productId : other.orderId);
const portalCall = (op: Operation, url: string, headers: Record<string, string>) =>
  t.request({
    method: op.method as 'GET',
    url,
    headers,
    ...(['POST', 'PATCH', 'PUT'].includes(op.method)
      ? {
          payload: op.path.endsWith('/cart/lines/{lineId}')
            ? { quantity: 1 }
            : op.path.endsWith('proof.pdf')
              ? { values: {} }
              : op.path.endsWith('/proofs/{id}/decision')
                ? { decision: 'approved' }
                : op.path.endsWith('/quotes/{id}/decision')
                  ? { decision: 'decline', reason: 'Not ours' }
                  : {},
        }
      : {}),
  });
afterAll(() => t.close());

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
const call = (op: Operation, headers: Record<string, string> = {}) =>
  t.request({
    method: op.method as 'GET',
    url: concrete(op.path),
    headers,
    ...(['POST', 'PATCH', 'PUT'].includes(op.method) ? { payload: {} } : {}),
  });

describe('security sweep over /api/openapi.json', () => {
  it('documents a meaningful number of operations', () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
    expect(operations.filter((o) => o.roles === null).map((o) => o.path)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login']),
    );
  });

  it('answers 401 problem+json to every non-public operation without credentials', async () => {
    const leaks: string[] = [];
    for (const op of operations.filter((o) => o.roles !== null)) {
      const res = await call(op);
      if (res.statusCode !== 401 || !String(res.headers['content-type']).includes('problem+json')) {
        leaks.push(`${op.method} ${op.path} → ${res.statusCode}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('answers 401 to a forged bearer token and a forged session cookie', async () => {
    const leaks: string[] = [];
    for (const op of operations.filter((o) => o.roles !== null)) {
      const forged: Record<string, string>[] = [
        { authorization: 'Bearer jj_forged' },
        { cookie: 'jj_session=forged' },
      ];
      for (const headers of forged) {
        const res = await call(op, headers);
        if (res.statusCode !== 401)
          leaks.push(`${op.method} ${op.path} ${Object.keys(headers)[0]} → ${res.statusCode}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('answers 403 or 404 to every role an operation does not allow', async () => {
    const leaks: string[] = [];
    let checked = 0;
    for (const op of operations) {
      if (!Array.isArray(op.roles)) continue;
      for (const role of staffRoles.filter((r) => !(op.roles as string[]).includes(r))) {
        checked += 1;
        const res = await call(op, sessions[role]!.headers);
        if (![403, 404].includes(res.statusCode))
          leaks.push(`${op.method} ${op.path} as ${role} → ${res.statusCode}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const leaks: string[] = [];
    for (const op of operations.filter((o) => o.roles !== null && o.method !== 'GET')) {
      const { cookie } = op.roles === 'portal' ? clientA.headers : sessions.admin!.headers;
      const res = await call(op, { cookie: cookie! });
      if (res.statusCode !== 403 || res.json().code !== 'CSRF')
        leaks.push(`${op.method} ${op.path} → ${res.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });

  it('refuses portal sessions on staff operations, and staff credentials on portal operations', async () => {
    const leaks: string[] = [];
    for (const op of operations.filter((o) => o.roles !== null)) {
      const tries =
        op.roles === 'portal'
          ? [sessions.admin!.headers, (await t.tokenFor('admin')).headers]
          : [clientA.headers];
      for (const headers of tries) {
        const res = await call(op, headers);
        if (res.statusCode !== 401) leaks.push(`${op.method} ${op.path} → ${res.statusCode}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('answers 404 to a portal user calling every portal operation with another client’s ids or portal', async () => {
    const leaks: string[] = [];
    const portalOps = operations.filter((o) => o.roles === 'portal' && !o.path.endsWith('/auth/logout'));
    expect(portalOps.length).toBeGreaterThan(10);
    for (const op of portalOps) {
      const otherPortal = await portalCall(
        op,
        concrete(op.path).replace(/\/portal\/[^/]+/, `/portal/${clientB.slug}`),
        clientA.headers,
      );
      if (otherPortal.statusCode !== 404)
        leaks.push(`${op.method} ${op.path} on B's portal → ${otherPortal.statusCode}`);
      if (!/\{(id|lineId)\}/.test(op.path)) continue;
      const res = await portalCall(
        op,
        `/api/v1${crossed(op, clientA, clientB).replace(/^\/api\/v1/, '')}`,
        clientA.headers,
      );
      if (res.statusCode !== 404) leaks.push(`${op.method} ${op.path} with B's ids → ${res.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });
});
