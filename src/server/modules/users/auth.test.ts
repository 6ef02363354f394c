import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../../../../test/helpers/app';
import { buildUser } from '../../factories';
import { bootstrap } from '../../bootstrap';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string) =>
  t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

describe('sign-in', () => {
  it('lets the first admin, created on an empty database as admin@localhost, sign in with the printed password', async () => {
    const report = await bootstrap(t.ctx);
    expect(report.admin?.email).toBe('admin@localhost');
    const res = await login('admin@localhost', report.admin!.password!);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.role).toBe('admin');
  });

  it('signs in, sets an HttpOnly SameSite=Lax cookie and answers me', async () => {
    const user = await buildUser(t.db, { role: 'manager' });
    const res = await login(user.email.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'jj_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await t.request({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `jj_session=${cookie.value}` },
    });
    expect(me.json().user.email).toBe(user.email);
    expect(me.json().csrfToken).toBe(res.json().csrfToken);
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const user = await buildUser(t.db);
    const wrong = await login(user.email, 'wrong password!');
    const unknown = await login('nobody@example.test', 'wrong password!');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('locks a user out after five failures, even for the right password', async () => {
    const user = await buildUser(t.db);
    for (let i = 0; i < 5; i++) expect((await login(user.email, `bad-${i}-password`)).statusCode).toBe(401);
    const locked = await login(user.email, PASSWORD);
    expect(locked.statusCode).toBe(401);
    // The same answer as a wrong password or an unknown e-mail: a lock-out does not tell who has an account.
    expect(locked.json().detail).toBe((await login('nobody@example.test', 'wrong password!')).json().detail);
  });

  it('logs out: the session no longer works', async () => {
    const s = await t.signIn('account_manager');
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers })).statusCode,
    ).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(
      401,
    );
  });

  it('refuses a deactivated user and ends their sessions', async () => {
    const admin = await t.signIn('admin');
    const s = await t.signIn('purchasing');
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${s.userId}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(res.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(
      401,
    );
    expect((await login(s.email, PASSWORD)).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('authenticate without CSRF, are shown once, and stop working when revoked', async () => {
    const s = await t.signIn('account_manager');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: s.headers,
      payload: { name: 'ERP sync', expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^jj_/);
    const bearer = { authorization: `Bearer ${token}` };
    const write = await t.request({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: bearer,
      payload: { name: 'Token Made Co', segment: 'corporate' },
    });
    expect(write.statusCode).toBe(201);
    const list = await t.request({ method: 'GET', url: '/api/v1/api-tokens', headers: bearer });
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect(list.json().items[0].lastUsedAt).not.toBeNull();
    await t.request({ method: 'DELETE', url: `/api/v1/api-tokens/${id}`, headers: s.headers });
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(
      401,
    );
  });

  it("cannot revoke another user's token", async () => {
    const a = await t.tokenFor('account_manager');
    const b = await t.signIn('account_manager');
    const tokens = (await t.request({ method: 'GET', url: '/api/v1/api-tokens', headers: a.headers })).json()
      .items;
    const res = await t.request({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${tokens[0].id}`,
      headers: b.headers,
    });
    expect(res.statusCode).toBe(404);
  });

  it('rejects a malformed Authorization header', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Basic abc' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toContain('Bearer');
  });
});
