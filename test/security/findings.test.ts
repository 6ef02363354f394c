import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app';
import { buildPortal, buildPortalUser, buildUser } from '../../src/server/factories';

// Findings of the outside security and fault test (issue 16), each named after its finding.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** 100 wrong guesses from five addresses at once, then the right password while they are in flight. */
async function burst(url: string, email: string) {
  const guess = (password: string, i: number) =>
    t.app.inject({ method: 'POST', url, payload: { email, password }, remoteAddress: `198.51.100.${i % 5}` });
  const wrong = Array.from({ length: 100 }, (_, i) => guess(`wrong guess ${i}`, i));
  const right = guess(PASSWORD, 0);
  return { wrong: await Promise.all(wrong), right: await right };
}

describe('H2 — the sign-in lock-out holds against guesses sent in parallel', () => {
  it('locks a staff account after 5 of 100 parallel wrong passwords and refuses the right one in the burst', async () => {
    const user = await buildUser(t.db, { role: 'account_manager' });
    const { wrong, right } = await burst('/api/v1/auth/login', user.email);
    const codes = wrong.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(5);
    expect(codes.filter((c) => c === 423)).toHaveLength(95);
    expect(right.statusCode).toBe(423);
  });

  it('does the same for a client portal user', async () => {
    const portal = await buildPortal(t.db);
    const buyer = await buildPortalUser(t.db, portal.id, { email: `guessed.${Date.now()}@client.example` });
    const { wrong, right } = await burst(`/api/v1/portal/${portal.slug}/auth/login`, buyer.email);
    const codes = wrong.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(5);
    expect(codes.filter((c) => c === 423)).toHaveLength(95);
    expect(right.statusCode).toBe(423);
  });

  it('still lets the right password in after four wrong ones, and clears the count', async () => {
    const user = await buildUser(t.db, { role: 'manager' });
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password } });
    for (let i = 0; i < 4; i++) expect((await login('nope nope nope')).statusCode).toBe(401);
    expect((await login(PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login('nope nope nope')).statusCode).toBe(401);
    expect((await login(PASSWORD)).statusCode).toBe(200);
  });
});
