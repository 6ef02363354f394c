import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { accounts } from '../src/server/modules/accounts/tables';
import { createTestApp, type Session, type TestApp } from './helpers/app';

let t: TestApp;
let s: Session;
beforeAll(async () => {
  t = await createTestApp();
  s = await t.signIn('account_manager');
});
afterAll(() => t.close());

const accountCount = async () => (await t.db.select({ n: count() }).from(accounts))[0]!.n;
const send = (payload: string, contentType = 'application/json') =>
  t.request({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: { ...s.headers, 'content-type': contentType },
    payload,
  });

describe('bad input gets a clear 4xx problem and writes nothing', () => {
  it.each([
    ['malformed JSON', '{"name": "x", ', 'application/json', 400, /JSON/],
    ['a wrong type', '{"name": ["x"], "segment": "state"}', 'application/json', 400, /body.name/],
    [
      'an unknown field',
      '{"name": "x", "segment": "state", "admin": true}',
      'application/json',
      400,
      /admin/,
    ],
    ['a missing field', '{"name": "x"}', 'application/json', 400, /segment/],
    [
      'a wrong content type',
      'name=x&segment=state',
      'application/x-www-form-urlencoded',
      415,
      /application\/json/,
    ],
    [
      'a 10 MB body',
      JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024), segment: 'state' }),
      'application/json',
      413,
      /larger/,
    ],
  ])('%s', async (_label, payload, contentType, status, detail) => {
    const before = await accountCount();
    const res = await send(payload, contentType);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
    expect(body.detail).toMatch(detail);
    expect(await accountCount()).toBe(before);
  });

  it('stores an SQL-looking name as plain text', async () => {
    const name = "Robert'); DROP TABLE accounts;--";
    const res = await send(JSON.stringify({ name, segment: 'other' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe(name);
    expect(await accountCount()).toBeGreaterThan(0);
  });

  it('answers problem+json 404 for an unknown API route', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/nothing-here', headers: s.headers });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await t.request({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.request({ method: 'GET', url: '/ready' })).json().status).toBe('ready');
    const metrics = await t.request({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('http_request_duration_seconds');
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/accounts'].post.requestBody).toBeDefined();
  });

  it('echoes a request id for tracing', async () => {
    const res = await t.request({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers['x-request-id']).toBe('trace-123');
  });
});
