import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app';
import { buildAccount } from '../../../factories';
import { inventoryItems, inventoryMovements } from '../../portals/tables';

let t: TestApp;
let manager: Session;
beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  manager = await t.signIn('manager');
});
afterAll(() => t.close());

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

/** An item with the given movements, written straight to the tables so their dates can lie in the past. */
async function item(
  accountId: string,
  sku: string,
  onHand: number,
  moves: { kind: 'receipt' | 'pick'; qty: number; at: Date }[],
) {
  const [row] = await t.db
    .insert(inventoryItems)
    .values({ accountId, sku, name: sku, onHand, reorderPoint: 250 })
    .returning();
  for (const m of moves)
    await t.db.insert(inventoryMovements).values({
      accountId,
      itemId: row!.id,
      kind: m.kind,
      quantity: m.qty,
      onHandAfter: onHand,
      reservedAfter: 0,
      reason: 'test',
      actorLabel: 'test',
      createdAt: m.at,
    });
}

describe('months of stock left', () => {
  it('averages use over the months the item has been in use, not always twelve, and gives none without use', async () => {
    const account = await buildAccount(t.db);
    // New this week: 62 picked of 300 → 62 a month, 238 left last under 4 months (not 46, nor 2,856).
    await item(account.id, 'NEW', 238, [
      { kind: 'receipt', qty: 300, at: daysAgo(5) },
      { kind: 'pick', qty: -62, at: daysAgo(2) },
    ]);
    // In use for half a year: 60 picked → 10 a month.
    await item(account.id, 'HALF', 100, [
      { kind: 'receipt', qty: 160, at: daysAgo(182.625) },
      { kind: 'pick', qty: -60, at: daysAgo(30) },
    ]);
    // Older than a year: the window is the last twelve months.
    await item(account.id, 'OLD', 120, [
      { kind: 'receipt', qty: 500, at: daysAgo(800) },
      { kind: 'pick', qty: -120, at: daysAgo(60) },
    ]);
    await item(account.id, 'IDLE', 40, [{ kind: 'receipt', qty: 40, at: daysAgo(3) }]);

    const res = await t.request({
      method: 'POST',
      url: '/api/v1/reports/client-inventory/run',
      headers: manager.headers,
      payload: { parameters: { accountId: account.id } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = Object.fromEntries(
      res
        .json()
        .rows.map((r: Record<string, unknown>) => [r.sku, [r.usage_months, r.avg_monthly, r.months_left]]),
    );
    expect(rows).toEqual({
      NEW: [1, 62, 3.8],
      HALF: [6, 10, 10],
      OLD: [12, 10, 12],
      IDLE: [1, 0, null],
    });
  });
});
