import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../../test/helpers/app';
import { buildAccount, buildUser } from '../../../factories';
import { escalations } from '../../escalations/tables';

let t: TestApp;
let manager: Session;
beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  manager = await t.signIn('manager');
});
afterAll(() => t.close());

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

describe('escalations report', () => {
  it('shows the root cause, the corrective action and the time to resolve of resolved escalations', async () => {
    const am = await buildUser(t.db, { role: 'account_manager' });
    const account = await buildAccount(t.db, { ownerId: am.id });
    const base = {
      accountId: account.id,
      ownerId: am.id,
      severity: 'S2' as const,
      category: 'quality' as const,
      dueAt: hoursAgo(-1),
    };
    await t.db.insert(escalations).values([
      {
        ...base,
        number: `ESC-R-${randomUUID().slice(0, 8)}`,
        title: 'Wrong paper',
        status: 'resolved',
        createdAt: hoursAgo(30),
        resolvedAt: hoursAgo(4.5),
        rootCause: 'Stock code misread at the cutter',
        correctiveAction: 'Barcode check on every pallet',
      },
      { ...base, number: `ESC-R-${randomUUID().slice(0, 8)}`, title: 'Still open', createdAt: hoursAgo(3) },
    ]);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/reports/escalations/run',
      headers: manager.headers,
      payload: { parameters: { ownerId: am.id, status: 'all', period: 'last_7_days' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const labels = body.columns.map((c: { label: string }) => c.label);
    expect(labels).toEqual(
      expect.arrayContaining(['Root cause', 'Corrective action', 'Time to resolve (hours)']),
    );
    const byTitle = (title: string) => body.rows.find((r: { title: string }) => r.title === title);
    expect(byTitle('Wrong paper')).toMatchObject({
      root_cause: 'Stock code misread at the cutter',
      corrective_action: 'Barcode check on every pallet',
      hours_to_resolve: 25.5,
    });
    expect(byTitle('Still open')).toMatchObject({
      root_cause: null,
      corrective_action: null,
      hours_to_resolve: null,
    });
    expect(body.totals.hours_to_resolve).toBe(25.5);
  });
});
