import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildInventoryItem, buildMaterial } from '../src/server/factories';
import { createTestApp, type Session, type TestApp } from './helpers/app';

// Stock history must list changes in the order they took effect. created_at is the transaction's start
// time, so under concurrency it cannot say that; the movements' `seq` is drawn under the stock row's lock.
let t: TestApp;
let staff: Session;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('admin');
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, headers: staff.headers, payload });

type Movement = { onHandAfter: number; quantity: number };

/** Every movement, newest first, read a page of 7 at a time (so the cursor is exercised). */
async function allMovements(url: string): Promise<Movement[]> {
  const out: Movement[] = [];
  let cursor: string | null = null;
  do {
    const page = await api('GET', `${url}?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.statusCode).toBe(200);
    const body = page.json() as { items: Movement[]; nextCursor: string | null };
    out.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}

const descending = (from: number, n: number) => Array.from({ length: n }, (_, i) => from - i);

describe('stock movement history in the order changes took effect', () => {
  it('lists 20 concurrent inventory receipts of 1 as on hand 20, 19, … 1, newest first', async () => {
    const account = await buildAccount(t.db);
    const item = await buildInventoryItem(t.db, account.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api('POST', `/inventory/items/${item.id}/movements`, {
          kind: 'receipt',
          quantity: 1,
          reason: `Carton ${i + 1} — Nguyễn → Zoë Øster`,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const moves = await allMovements(`/inventory/items/${item.id}/movements`);
    expect(moves.map((m) => m.onHandAfter)).toEqual(descending(20, 20));
    const now = (await api('GET', `/inventory/items/${item.id}`)).json();
    expect(moves[0]!.onHandAfter).toBe(now.onHand);
  });

  it('lists 20 concurrent material adjustments of +1 as on hand 20, 19, … 1, newest first', async () => {
    const material = await buildMaterial(t.db);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api('POST', `/materials/${material.id}/movements`, {
          kind: 'adjustment',
          quantity: 1,
          reason: `Found box ${i + 1}`,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const moves = await allMovements(`/materials/${material.id}/movements`);
    expect(moves.map((m) => m.onHandAfter)).toEqual(descending(20, 20));
    const now = (await api('GET', `/materials/${material.id}`)).json();
    expect(moves[0]!.onHandAfter).toBe(now.stock.onHand);
  });

  it('refuses a cursor it did not issue with a 400', async () => {
    const material = await buildMaterial(t.db);
    for (const cursor of ['bm90LWpzb24', Buffer.from('["2026-01-01",1]').toString('base64url')]) {
      const res = await api('GET', `/materials/${material.id}/movements?cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
    }
    const bad = Buffer.from('[-1]').toString('base64url');
    const account = await buildAccount(t.db);
    const item = await buildInventoryItem(t.db, account.id);
    expect((await api('GET', `/inventory/items/${item.id}/movements?cursor=${bad}`)).statusCode).toBe(400);
  });
});
