import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { versant } from '../../../../test/helpers/estimating';
import { buildAccount } from '../../factories';
import { todayIn } from '../../platform/clock';
import { addDays, onOrAfter } from '../../platform/calendar/working-days';

// Planning in working hours from the work itself: the press's speed and the quantity set the print stage's time.
let t: TestApp;
let am: Session;
let admin: Session;
let pressDept: { id: string };
const today = todayIn('UTC');
const weekdays = { workingDays: [1, 2, 3, 4, 5], holidays: new Set<string>(), hoursPerDay: 9 };
/** The n-th working day after the first working day on or after today (n = 3: due in three working days). */
function workingDaysAhead(n: number) {
  let d = onOrAfter(today, weekdays);
  for (let i = 0; i < n; i++) d = onOrAfter(addDays(d, 1), weekdays);
  return d;
}

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, s = am) =>
  t.request({ method, url: `/api/v1${url}`, payload, headers: s.headers });

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  am = await t.signIn('account_manager');
  admin = await t.signIn('admin');
  const departments = (await call('GET', '/departments')).json().items;
  pressDept = departments.find((d: { code: string }) => d.code === 'press');
  const res = await call('POST', '/presses', { ...versant, departmentId: pressDept.id }, admin);
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => t.close());

type Stage = {
  department: { code: string };
  standardHours: number;
  plannedStart: string;
  plannedEnd: string;
  plannedSlots: { start: string; end: string }[];
};

async function postcards(quantity: number, dueDate: string) {
  const account = await buildAccount(t.db, { ownerId: am.userId });
  const res = await call('POST', '/jobs', {
    accountId: account.id,
    title: `${quantity} postcards`,
    dueDate,
    items: [
      {
        productType: 'postcard',
        quantity,
        spec: { flatSize: { width: 6, height: 4, unit: 'in' }, inks: { front: 4, back: 4, spots: [] } },
      },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; risk: string; dueDate: string; stages: Stage[] };
}

describe('planning in working hours', () => {
  it('plans 500 postcards due in three working days on track, 500,000 at risk', async () => {
    const due = workingDaysAhead(3);
    const small = await postcards(500, due);
    const print = small.stages.find((s) => s.department.code === 'press')!;
    // Versant: 10 min make-ready + a few hundred sheets at 2400/h, well under an hour.
    expect(print.standardHours).toBeGreaterThan(0.1);
    expect(print.standardHours).toBeLessThan(1);
    expect(small.risk).toBe('on_track');
    for (const s of small.stages) {
      expect(s.plannedEnd < due).toBe(true);
      expect(s.plannedSlots.length).toBeGreaterThan(0);
    }
    // The whole route (1 h + press + 2 h + 1 h) fits in the day before the due date.
    expect(new Set(small.stages.map((s) => s.plannedStart)).size).toBe(1);

    const big = await postcards(500_000, due);
    const bigPrint = big.stages.find((s) => s.department.code === 'press')!;
    expect(bigPrint.standardHours).toBeGreaterThan(20);
    expect(big.risk).toBe('at_risk');
  });

  it('puts two jobs competing for the press one after the other', async () => {
    const due = workingDaysAhead(10);
    const a = await postcards(40_000, due);
    const b = await postcards(40_000, due);
    const slots = (j: typeof a) => j.stages.find((s) => s.department.code === 'press')!.plannedSlots;
    const all = [...slots(a), ...slots(b)].sort((x, y) => x.start.localeCompare(y.start));
    for (let i = 1; i < all.length; i++) expect(all[i]!.start >= all[i - 1]!.end).toBe(true);
    // The second job's print finishes before the first one's starts.
    expect(slots(b).at(-1)!.end <= slots(a)[0]!.start).toBe(true);
  });
});
