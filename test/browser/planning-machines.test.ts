import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildUser } from '../../src/server/factories';
import { addDays, onOrAfter } from '../../src/server/platform/calendar/working-days';
import { todayIn } from '../../src/server/platform/clock';
import { versant } from '../helpers/estimating';
import { signIn, staffApi, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const weekdays = { workingDays: [1, 2, 3, 4, 5], holidays: new Set<string>(), hoursPerDay: 9 };
const today = todayIn('UTC');
const workingDay = (n: number) => {
  let d = onOrAfter(today, weekdays);
  for (let i = 0; i < n; i++) d = onOrAfter(addDays(d, 1), weekdays);
  return d;
};

type Stage = {
  id: string;
  department: { id: string; code: string };
  machineId: string | null;
  plannedSlots: { start: string }[];
};

describe('machines on the press board', () => {
  it('a planner moves a print stage to the other press: both presses’ load bars change', async () => {
    const password = 'correct horse battery';
    await buildUser(h.ctx.db, {
      email: 'planner@machines.test',
      name: 'Zoë Planner',
      role: 'admin',
      password,
    });
    const account = await buildAccount(h.ctx.db, { name: 'Nguyễn → Zoë Øster Prints' });
    const page = await signIn(h, 'planner@machines.test', password);
    const departments = (await staffApi(h, page, 'GET', '/departments')).json().items as {
      id: string;
      code: string;
    }[];
    const press = departments.find((d) => d.code === 'press')!;
    const ids: Record<string, string> = {};
    for (const name of ['Indigo East', 'Indigo West']) {
      const res = await staffApi(h, page, 'POST', '/presses', { ...versant, name, departmentId: press.id });
      expect(res.statusCode, res.body).toBe(201);
      ids[name] = res.json().id;
    }
    const created = await staffApi(h, page, 'POST', '/jobs', {
      accountId: account.id,
      title: 'Harbour postcards',
      dueDate: workingDay(6),
      items: [
        {
          productType: 'postcard',
          quantity: 20_000,
          spec: { flatSize: { width: 6, height: 4, unit: 'in' }, inks: { front: 4, back: 4, spots: [] } },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const job = created.json() as { id: string; number: string; stages: Stage[] };
    const print = job.stages.find((s) => s.department.code === 'press')!;
    const day = print.plannedSlots[0]!.start.slice(0, 10);
    const from = Object.entries(ids).find(([, id]) => id === print.machineId)![0];
    const to = Object.keys(ids).find((n) => n !== from)!;

    await page.goto(`${h.base}/boards/${press.id}`);
    const bar = (machine: string) =>
      page.getByRole('list', { name: `Load of ${machine}` }).locator(`[data-machine-date="${day}"]`);
    const booked = async (machine: string) => Number(await bar(machine).getAttribute('data-booked'));
    await bar(from).waitFor();
    const fromBefore = await booked(from);
    const toBefore = await booked(to);
    expect(fromBefore).toBeGreaterThan(0);
    const card = page.getByLabel(`${job.number} Print`, { exact: true });
    await card.getByText(`on ${from}`).waitFor();

    // With the keyboard: pick the other press from the card's machine list.
    const select = page.getByLabel(`Move ${job.number} Print to a machine`);
    await select.focus();
    await select.selectOption({ label: to });
    await card.getByText(`on ${to}`).waitFor();
    await expect.poll(() => booked(to)).toBeGreaterThan(toBefore);
    await expect.poll(() => booked(from)).toBeLessThan(fromBefore);
    const now = (await staffApi(h, page, 'GET', `/jobs/${job.id}`)).json();
    expect(now.stages.find((s: Stage) => s.id === print.id).machineId).toBe(ids[to]);
    await page.screenshot({ path: 'docs/screenshots/planning-machines.png', fullPage: true });

    // By mouse: drag the card back onto the first press's day; it moves there.
    await card.dragTo(bar(from));
    await card.getByText(`on ${from}`).waitFor();
    await expect.poll(() => booked(from)).toBeGreaterThan(0);
  });
});
