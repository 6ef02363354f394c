import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app';
import { versant } from '../../../../test/helpers/estimating';
import { buildAccount } from '../../factories';
import { todayIn } from '../../platform/clock';
import { addDays, onOrAfter } from '../../platform/calendar/working-days';

// Machines as resources: a department with two presses plans work on both at once, never twice on one.
let t: TestApp;
let am: Session;
let admin: Session;
let pressDept: { id: string };
let pressA: { id: string };
let pressB: { id: string };
const today = todayIn('UTC');
const weekdays = { workingDays: [1, 2, 3, 4, 5], holidays: new Set<string>(), hoursPerDay: 9 };
function workingDaysAhead(n: number) {
  let d = onOrAfter(today, weekdays);
  for (let i = 0; i < n; i++) d = onOrAfter(addDays(d, 1), weekdays);
  return d;
}

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, s = am) =>
  t.request({ method, url: `/api/v1${url}`, payload, headers: s.headers });

type Slot = { start: string; end: string };
type Stage = {
  id: string;
  department: { code: string };
  machineId: string | null;
  machinePinned: boolean;
  standardHours: number;
  plannedSlots: Slot[];
};
type Job = { id: string; risk: string; stages: Stage[] };
type Load = {
  days: { date: string; bookedHours: number; capacityHours: number }[];
  machines: { id: string | null; name: string; days: { date: string; bookedHours: number }[] }[];
};

beforeAll(async () => {
  t = await createTestApp({ JOBJACKET_TIMEZONE: 'UTC' });
  am = await t.signIn('account_manager');
  admin = await t.signIn('admin');
  const departments = (await call('GET', '/departments')).json().items;
  pressDept = departments.find((d: { code: string }) => d.code === 'press');
  await t.ctx.queue.work();
  for (const name of ['Versant A', 'Versant B']) {
    const res = await call('POST', '/presses', { ...versant, name, departmentId: pressDept.id }, admin);
    expect(res.statusCode, res.body).toBe(201);
    if (name.endsWith('A')) pressA = res.json();
    else pressB = res.json();
  }
});
afterAll(() => t.close());

async function postcards(quantity: number, dueDate: string): Promise<Job> {
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
  return res.json();
}

const printOf = (j: Job) => j.stages.find((s) => s.department.code === 'press')!;
const overlaps = (a: Slot[], b: Slot[]) => a.some((x) => b.some((y) => x.start < y.end && y.start < x.end));

/** Every open print stage's slots, by machine: no two may overlap on one machine. */
async function expectNoDoubleBooking() {
  const rows = (await t.db.execute(
    `select machine_id, planned_slots from job_stages where machine_id is not null and status <> 'done'`,
  )) as unknown as { rows: { machine_id: string; planned_slots: Slot[] }[] };
  const byMachine = new Map<string, Slot[][]>();
  for (const r of rows.rows)
    byMachine.set(r.machine_id, [...(byMachine.get(r.machine_id) ?? []), r.planned_slots]);
  for (const stages of byMachine.values())
    for (let i = 0; i < stages.length; i++)
      for (let j = i + 1; j < stages.length; j++) expect(overlaps(stages[i]!, stages[j]!)).toBe(false);
}

describe('machines as resources', () => {
  it('lands two jobs competing for a department with two presses in parallel, one on each', async () => {
    const due = workingDaysAhead(10);
    const a = printOf(await postcards(40_000, due));
    const b = printOf(await postcards(40_000, due));
    expect(new Set([a.machineId, b.machineId])).toEqual(new Set([pressA.id, pressB.id]));
    // Same hours, side by side: the two prints overlap in time because they are on different presses.
    expect(overlaps(a.plannedSlots, b.plannedSlots)).toBe(true);
    await expectNoDoubleBooking();
  });

  it('never double-books a machine when plans are placed at once', async () => {
    // Four jobs on different days, then all moved to one due date at the same moment: each re-plan must see
    // what the others took (new jobs are numbered one at a time, so moving dates is what really races).
    const jobs = [];
    for (const n of [20, 21, 22, 23]) jobs.push(await postcards(30_000, workingDaysAhead(n)));
    const due = workingDaysAhead(6);
    const moved = await Promise.all(jobs.map((j) => call('PATCH', `/jobs/${j.id}`, { dueDate: due })));
    for (const r of moved) expect(r.statusCode, r.body).toBe(200);
    expect(new Set(moved.map((r) => printOf(r.json()).machineId)).size).toBe(2);
    await expectNoDoubleBooking();
  });

  it('moves a stage to the other press: the stage stays there and both loads follow', async () => {
    const due = workingDaysAhead(15);
    const job = await postcards(20_000, due);
    const print = printOf(job);
    const other = print.machineId === pressA.id ? pressB.id : pressA.id;
    const day = print.plannedSlots[0]!.start.slice(0, 10);
    const load = async () =>
      (await call('GET', `/departments/${pressDept.id}/load?from=${day}&days=1`)).json() as Load;
    const before = await load();
    const hoursOn = (l: Load, id: string) => l.machines.find((m) => m.id === id)!.days[0]!.bookedHours;
    expect(before.machines.map((m) => m.name)).toEqual(['Versant A', 'Versant B']);
    expect(before.days[0]!.capacityHours).toBe(18);

    const res = await call('PUT', `/jobs/${job.id}/stages/${print.id}/plan`, { machineId: other });
    expect(res.statusCode, res.body).toBe(200);
    const moved = printOf(res.json());
    expect(moved.machineId).toBe(other);
    expect(moved.machinePinned).toBe(true);
    const after = await load();
    expect(hoursOn(after, other)).toBeGreaterThan(hoursOn(before, other));
    expect(hoursOn(after, print.machineId!)).toBeLessThan(hoursOn(before, print.machineId!));
    // The department's bar is the sum of its machines.
    expect(after.days[0]!.bookedHours).toBeCloseTo(hoursOn(after, pressA.id) + hoursOn(after, pressB.id), 1);
    await expectNoDoubleBooking();

    // A machine of another department (or none at all) is refused, naming the field.
    const bad = await call('PUT', `/jobs/${job.id}/stages/${job.stages[0]!.id}/plan`, { machineId: other });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('machineId');
    expect((await call('PUT', `/jobs/${job.id}/stages/${print.id}/plan`, {})).statusCode).toBe(400);
  });

  it('re-derives unstarted stage times when the quantity or the press speed changes, and re-plans', async () => {
    const job = await postcards(10_000, workingDaysAhead(25));
    const before = printOf(job).standardHours;
    const item = (await call('GET', `/jobs/${job.id}`)).json().items[0];
    const bigger = await call('PATCH', `/jobs/${job.id}/items/${item.id}`, { quantity: 30_000 });
    expect(bigger.statusCode, bigger.body).toBe(200);
    const afterQuantity = printOf((await call('GET', `/jobs/${job.id}`)).json()).standardHours;
    expect(afterQuantity).toBeGreaterThan(before * 2);
    // Both presses at half speed: the re-plan (queued as its department's calendar change) follows.
    for (const [p, name] of [
      [pressA, 'Versant A'],
      [pressB, 'Versant B'],
    ] as const) {
      const res = await call(
        'PUT',
        `/presses/${p.id}`,
        { ...versant, name, departmentId: pressDept.id, sheetsPerHour: versant.sheetsPerHour / 2 },
        admin,
      );
      expect(res.statusCode, res.body).toBe(200);
    }
    // The event's flow queues the re-plan; the test's queue worker (polling) runs it a moment later.
    let slower = afterQuantity;
    for (const deadline = Date.now() + 30_000; slower <= afterQuantity * 1.5 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      slower = printOf((await call('GET', `/jobs/${job.id}`)).json()).standardHours;
    }
    expect(slower).toBeGreaterThan(afterQuantity * 1.5);
  });

  it('gives a press its own hours a day', async () => {
    const res = await call(
      'PUT',
      `/presses/${pressB.id}`,
      { ...versant, name: 'Versant B', departmentId: pressDept.id, hoursPerDay: 4 },
      admin,
    );
    expect(res.statusCode, res.body).toBe(200);
    const day = workingDaysAhead(30);
    const load = (await call('GET', `/departments/${pressDept.id}/load?from=${day}&days=1`)).json() as Load;
    expect(load.days[0]!.capacityHours).toBe(13);
  });
});
