import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { versant } from '../../../../test/helpers/estimating';
import { waitFor } from '../../../../test/helpers/smtp';
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
  await t.ctx.queue.work();
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

async function postcards(quantity: number, dueDate: string, productType = 'postcard') {
  const account = await buildAccount(t.db, { ownerId: am.userId });
  const res = await call('POST', '/jobs', {
    accountId: account.id,
    title: `${quantity} postcards`,
    dueDate,
    items: [
      {
        productType,
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

describe('re-planning when the calendar changes', () => {
  const getJob = async (id: string) =>
    (await call('GET', `/jobs/${id}`)).json() as { risk: string; stages: Stage[] };

  it('re-plans the open jobs planned on a new holiday and lists those that become at risk', async () => {
    // A job planned on one day: close the shop that day and its stages move to the day before.
    const later = await postcards(500, workingDaysAhead(20));
    const day = later.stages[0]!.plannedStart;
    const closed = await call('POST', '/holidays', { date: day, name: 'Nguyễn → Zoë Øster day' }, admin);
    expect(closed.statusCode, closed.body).toBe(201);
    const moved = await waitFor(async () => {
      const j = await getJob(later.id);
      return j.stages.every((s) => s.plannedStart !== day && s.plannedEnd !== day) ? j : undefined;
    }, 'the job re-planned off the holiday');
    for (const s of moved.stages) {
      expect(s.plannedEnd < day).toBe(true);
      expect(s.plannedSlots.every((x) => !x.start.startsWith(day))).toBe(true);
    }
    expect(moved.risk).toBe('on_track');

    // A job due in two working days (kitting, away from the busy press) has no room left once both days
    // close: it becomes at risk, and the re-plan says so.
    const soon = await postcards(500, workingDaysAhead(2), 'fulfilment');
    expect(soon.risk).toBe('on_track');
    for (const date of [workingDaysAhead(0), workingDaysAhead(1)])
      expect((await call('POST', '/holidays', { date, name: 'Closed' }, admin)).statusCode).toBe(201);
    await waitFor(
      async () => ((await getJob(soon.id)).risk === 'at_risk' ? true : undefined),
      'the job at risk',
    );
    // The re-plan's audit entry is written once its jobs are re-planned, just after the job's risk: wait for it.
    const summaries = await waitFor(async () => {
      const audit = (await call('GET', '/audit-events?action=job.replan.calendar', undefined, admin)).json();
      const all = (audit.items as { summary: string }[]).map((e) => e.summary).join(' | ');
      return /now at risk: J-/.test(all) ? all : undefined;
    }, 'the re-plan naming the job at risk');
    expect(summaries).toContain('Nguyễn → Zoë Øster day');
  });
});
