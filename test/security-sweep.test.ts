import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRoles } from '../src/server/platform/actor';
import { createTestApp, type Session, type TestApp } from './helpers/app';

/**
 * Calls every operation of the OpenAPI document, so operations added later are covered without
 * editing this file: without credentials each must answer 401; with a role outside its `x-roles`, 403 or 404.
 */
type Operation = { method: string; path: string; roles: 'staff' | string[] | null };

let t: TestApp;
let operations: Operation[];
const sessions: Record<string, Session> = {};

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { security?: unknown[]; 'x-roles'?: 'staff' | string[] }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      roles: op.security && op.security.length === 0 ? null : (op['x-roles'] ?? 'staff'),
    })),
  );
  for (const role of staffRoles) sessions[role] = await t.signIn(role, { department: 'press' });
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
      const { cookie } = sessions.admin!.headers;
      const res = await call(op, { cookie: cookie! });
      if (res.statusCode !== 403 || res.json().code !== 'CSRF')
        leaks.push(`${op.method} ${op.path} → ${res.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });
});
