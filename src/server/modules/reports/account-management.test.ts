import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount, buildUser } from '../../factories';
import { escalations } from '../escalations/tables';
import { conversations } from '../inbox/tables';
import type { RunResult } from '../../../shared/reports';

let t: TestApp;
let manager: Session;

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  manager = await t.signIn('manager');
});
afterAll(() => t.close());

async function run(id: string, parameters: object): Promise<RunResult> {
  const res = await t.request({
    method: 'POST',
    url: `/api/v1/reports/${id}/run`,
    headers: manager.headers,
    payload: { parameters },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

/**
 * Conversations with their clocks as the inbox set them (due moments are stored on the conversation), written
 * straight to the table so the figures do not depend on business hours or on when the test runs.
 */
async function amWithQueries() {
  const am = await buildUser(t.db, { role: 'account_manager' });
  const account = await buildAccount(t.db, { ownerId: am.id, name: `Queries ${randomUUID().slice(0, 6)}` });
  const base = { accountId: account.id, assigneeId: am.id };
  const rows: Omit<typeof conversations.$inferInsert, 'replyToken'>[] = [
    // Urgent: answered in 30 minutes (target 1 h), resolved before its due moment.
    {
      subject: 'Urgent reprint',
      priority: 'urgent',
      status: 'resolved',
      createdAt: hoursAgo(48),
      firstResponseDueAt: hoursAgo(47),
      firstResponseAt: hoursAgo(47.5),
      resolutionDueAt: hoursAgo(40),
      resolvedAt: hoursAgo(41),
    },
    // Normal: answered after 6 hours against 4; resolution not due yet.
    {
      subject: 'Proof question',
      priority: 'normal',
      createdAt: hoursAgo(48),
      firstResponseDueAt: hoursAgo(44),
      firstResponseAt: hoursAgo(42),
      resolutionDueAt: hoursAgo(-24),
    },
    // High: never answered, both moments passed.
    {
      subject: 'Wrong stock',
      priority: 'high',
      createdAt: hoursAgo(24),
      firstResponseDueAt: hoursAgo(22),
      resolutionDueAt: hoursAgo(1),
    },
    // Low: just in, nothing due yet.
    {
      subject: 'Quote please',
      priority: 'low',
      createdAt: hoursAgo(2),
      firstResponseDueAt: hoursAgo(-6),
      resolutionDueAt: hoursAgo(-40),
    },
  ];
  await t.db
    .insert(conversations)
    .values(rows.map((r) => ({ ...base, ...r, replyToken: randomUUID(), lastMessageAt: r.createdAt! })));
  return { am, account };
}

describe('response times against targets', () => {
  it('counts first responses and resolutions in and out of target, with the rates and the average hours', async () => {
    const { am, account } = await amWithQueries();
    const r = await run('response-times', { period: 'last_7_days', ownerId: am.id });
    expect(r.rows).toEqual([
      expect.objectContaining({
        grp: am.name,
        conversations: 4,
        responded: 2,
        fr_met: 1,
        fr_missed: 2,
        resolved: 1,
        res_met: 1,
        res_missed: 1,
        still_open: 3,
      }),
    ]);
    expect(r.rows[0]!.fr_rate).toBeCloseTo(1 / 3);
    expect(r.rows[0]!.res_rate).toBeCloseTo(1 / 2);
    expect(r.rows[0]!.avg_first_response_hours).toBeCloseTo(3.25);
    expect(r.totals!.fr_rate).toBeCloseTo(1 / 3);
    expect(r.chart).toMatchObject({ kind: 'bar', valueType: 'percent' });
    expect(r.chart!.points[0]!.values[0]).toBeCloseTo(1 / 3);

    const byPriority = await run('response-times', { period: 'last_7_days', ownerId: am.id, by: 'priority' });
    expect(byPriority.rows.map((x) => [x.grp, x.fr_met, x.fr_missed, x.res_met, x.res_missed])).toEqual([
      ['Urgent', 1, 0, 1, 0],
      ['High', 0, 1, 0, 1],
      ['Normal', 0, 1, 0, 0],
      ['Low', 0, 0, 0, 0],
    ]);
    const byAccount = await run('response-times', { period: 'last_7_days', ownerId: am.id, by: 'account' });
    expect(byAccount.rows[0]).toMatchObject({ grp: account.name, grp_path: `/accounts/${account.id}` });
    // Yesterday only: the high-priority query (opened 24 hours ago), not the two opened 48 hours ago.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const narrow = await run('response-times', {
      period: 'custom',
      from: yesterday,
      to: yesterday,
      ownerId: am.id,
      by: 'priority',
    });
    expect(narrow.rows.map((x) => x.grp)).toContain('High');
    expect(narrow.rows.map((x) => x.grp)).not.toContain('Urgent');
    expect(narrow.rows.map((x) => x.grp)).not.toContain('Normal');
  });
});

describe('escalations and the book of business', () => {
  it('lists escalations by category, severity and age, and counts open queries and escalations per account', async () => {
    const { am, account } = await amWithQueries();
    const esc = (over: Partial<typeof escalations.$inferInsert>) => ({
      number: `ESC-T-${randomUUID().slice(0, 8)}`,
      accountId: account.id,
      ownerId: am.id,
      title: 'Escalated',
      severity: 'S3' as const,
      category: 'other' as const,
      dueAt: hoursAgo(-1),
      ...over,
    });
    await t.db.insert(escalations).values([
      esc({
        title: 'Smudged covers',
        severity: 'S1',
        category: 'quality',
        createdAt: hoursAgo(72),
        dueAt: hoursAgo(48),
      }),
      esc({ title: 'Late mailing', severity: 'S3', category: 'delay', createdAt: hoursAgo(40 * 24) }),
      esc({
        title: 'Wrong paper',
        severity: 'S2',
        category: 'quality',
        status: 'resolved',
        createdAt: hoursAgo(10 * 24),
        dueAt: hoursAgo(8 * 24),
        resolvedAt: hoursAgo(5 * 24),
      }),
    ]);

    const open = await run('escalations', { ownerId: am.id });
    expect(
      open.rows.map((x) => [x.title, x.category, x.severity, x.age_days, x.age_band, x.overdue, x.status]),
    ).toEqual([
      ['Smudged covers', 'Quality', 'S1 — critical', 3, '2–7 days', 'Yes', 'Open'],
      ['Late mailing', 'Delay', 'S3 — moderate', 40, 'over 30 days', 'No', 'Open'],
    ]);
    expect(open.rows[0]).toMatchObject({
      account_id: account.id,
      escalation_path: expect.stringMatching(/^\/escalations\//),
    });
    expect(open.totals).toMatchObject({ age_days: 21.5 });
    expect(open.chart!.points).toEqual([
      { x: 'Delay', values: [0, 1] },
      { x: 'Quality', values: [1, 0] },
    ]);
    expect(open.chart!.series.map((s) => s.key)).toEqual(['S1 — critical', 'S3 — moderate']);

    const all = await run('escalations', { ownerId: am.id, status: 'all', period: 'last_90_days' });
    expect(all.rows.find((x) => x.title === 'Wrong paper')).toMatchObject({
      status: 'Resolved',
      age_days: 5,
      overdue: 'Yes',
    });
    expect(all.rowCount).toBe(3);

    const book = await run('book-of-business', { ownerId: am.id });
    expect(book.rows).toEqual([
      expect.objectContaining({
        account_id: account.id,
        open_queries: 3,
        queries_overdue: 1,
        open_escalations: 2,
      }),
    ]);
    expect(book.totals).toMatchObject({ open_queries: 3, open_escalations: 2 });
  });
});
