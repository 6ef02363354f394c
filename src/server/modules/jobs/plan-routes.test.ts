import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { buildAccount } from '../../factories';
import { todayIn } from '../../platform/clock';
import { addDays, onOrAfter } from '../../platform/calendar/working-days';

// "When can we deliver?", a department's load, and a planner moving a stage to another day.
let t: TestApp;
let am: Session;
const today = todayIn('UTC');
const weekdays = { workingDays: [1, 2, 3, 4, 5], holidays: new Set<string>(), hoursPerDay: 9 };
const workingDay = (n: number) => {
  let d = onOrAfter(today, weekdays);
  for (let i = 0; i < n; i++) d = onOrAfter(addDays(d, 1), weekdays);
  return d;
};
const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, s = am) =>
  t.request({ method, url: `/api/v1${url}`, payload, headers: s.headers });

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  am = await t.signIn('account_manager');
});
afterAll(() => t.close());

type Stage = {
  id: string;
  department: { id: string; code: string };
  plannedStart: string;
  plannedEnd: string;
};

describe('delivery estimate', () => {
  it('answers the earliest due date a draft route fits, and refuses nonsense', async () => {
    const res = await call('POST', '/planning/delivery-estimate', {
      items: [{ productType: 'postcard', quantity: 500 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json();
    // 1 h + 4 h + 2 h + 1 h fits the first working day: deliverable the working day after.
    expect(e.stages.map((s: { department: { code: string } }) => s.department.code)).toEqual([
      'prepress',
      'press',
      'bindery',
      'shipping',
    ]);
    expect(e.readyAt.slice(0, 10)).toBe(workingDay(0));
    expect(e.earliestDueDate).toBe(workingDay(1));
    const bad = await call('POST', '/planning/delivery-estimate', {
      items: [{ productType: 'x', quantity: 0 }],
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('moving a stage on the board', () => {
  it('puts the stage on the chosen day; the job, its risk and the load follow', async () => {
    const account = await buildAccount(t.db, { ownerId: am.userId });
    const due = workingDay(6);
    const job = (
      await call('POST', '/jobs', {
        accountId: account.id,
        title: 'Board move',
        dueDate: due,
        items: [{ productType: 'postcard', quantity: 1000 }],
      })
    ).json() as { id: string; risk: string; stages: Stage[] };
    expect(job.risk).toBe('on_track');
    const print = job.stages.find((s) => s.department.code === 'press')!;
    const load = async (from: string) =>
      (await call('GET', `/departments/${print.department.id}/load?from=${from}&days=10`)).json().days as {
        date: string;
        bookedHours: number;
      }[];
    const hoursOn = (days: { date: string; bookedHours: number }[], d: string) =>
      days.find((x) => x.date === d)!.bookedHours;
    const before = await load(today);
    expect(hoursOn(before, print.plannedStart)).toBeGreaterThanOrEqual(4);

    // Earlier: the print moves to the first working day, the load with it, still on track.
    const early = workingDay(1);
    const moved = await call('PUT', `/jobs/${job.id}/stages/${print.id}/plan`, { pinnedOn: early });
    expect(moved.statusCode, moved.body).toBe(200);
    const m = moved.json();
    expect(m.stages.find((s: Stage) => s.id === print.id).plannedStart).toBe(early);
    expect(m.risk).toBe('on_track');
    const after = await load(today);
    expect(hoursOn(after, early)).toBe(hoursOn(before, early) + 4);

    // Onto the due date itself: the stages after it follow, and the job is at risk.
    const late = await call('PUT', `/jobs/${job.id}/stages/${print.id}/plan`, { pinnedOn: due });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json().risk).toBe('at_risk');
    expect(late.json().stages.at(-1).plannedEnd >= due).toBe(true);

    // Wrong input: a day in the past, a weekend day; and a client-facing role without job.edit.
    const past = await call('PUT', `/jobs/${job.id}/stages/${print.id}/plan`, {
      pinnedOn: addDays(today, -1),
    });
    expect(past.statusCode).toBe(400);
    let sat = today;
    while (new Date(`${sat}T00:00:00Z`).getUTCDay() !== 6) sat = addDays(sat, 1);
    expect((await call('PUT', `/jobs/${job.id}/stages/${print.id}/plan`, { pinnedOn: sat })).statusCode).toBe(
      400,
    );
    const production = await t.signIn('production', { department: 'press' });
    const denied = await call(
      'PUT',
      `/jobs/${job.id}/stages/${print.id}/plan`,
      { pinnedOn: early },
      production,
    );
    expect(denied.statusCode).toBe(403);

    // Null hands it back to planning: on track again.
    const back = await call('PUT', `/jobs/${job.id}/stages/${print.id}/plan`, { pinnedOn: null });
    expect(back.json().risk).toBe('on_track');
  });
});
