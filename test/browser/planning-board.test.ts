import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildUser } from '../../src/server/factories';
import { addDays, onOrAfter } from '../../src/server/platform/calendar/working-days';
import { todayIn } from '../../src/server/platform/clock';
import { signIn, staffApi, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const weekdays = { workingDays: [1, 2, 3, 4, 5], holidays: new Set<string>(), hoursPerDay: 9 };
// The browser's today: the board's strip starts there (the harness runs in UTC like the shop).
const today = todayIn('UTC');
const workingDay = (n: number) => {
  let d = onOrAfter(today, weekdays);
  for (let i = 0; i < n; i++) d = onOrAfter(addDays(d, 1), weekdays);
  return d;
};

type Stage = { id: string; department: { id: string; code: string }; plannedStart: string };

describe('the press board', () => {
  it('a planner moves a print stage to another day: the plan, the risk and the load bars follow', async () => {
    const password = 'correct horse battery';
    await buildUser(h.ctx.db, {
      email: 'planner@board.test',
      name: 'Nguyễn Planner',
      role: 'manager',
      password,
    });
    const account = await buildAccount(h.ctx.db, { name: 'Zoë Øster Prints' });
    const page = await signIn(h, 'planner@board.test', password);
    const due = workingDay(6);
    const created = await staffApi(h, page, 'POST', '/jobs', {
      accountId: account.id,
      title: 'Harbour postcards',
      dueDate: due,
      items: [{ productType: 'postcard', quantity: 1000 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const job = created.json() as { id: string; number: string; stages: Stage[] };
    const print = job.stages.find((s) => s.department.code === 'press')!;
    const jobNow = async () => (await staffApi(h, page, 'GET', `/jobs/${job.id}`)).json();

    await page.goto(`${h.base}/boards/${print.department.id}`);
    const bar = (date: string) => page.locator(`[role="listitem"][data-date="${date}"]`);
    const booked = async (date: string) => Number(await bar(date).getAttribute('data-booked'));
    await bar(print.plannedStart).waitFor();
    expect(await booked(print.plannedStart)).toBeGreaterThanOrEqual(4);
    const card = page.getByLabel(`${job.number} Print`, { exact: true });
    await card.getByText('On track').waitFor();

    // With the keyboard: pick the first working day from the card's day list.
    const early = workingDay(1);
    const before = await booked(early);
    const select = page.getByLabel(`Move ${job.number} Print to a day`);
    await select.focus();
    await select.selectOption(early);
    await page.waitForFunction(
      ([d, n]) =>
        Number(document.querySelector(`[data-date="${d}"]`)?.getAttribute('data-booked')) > Number(n),
      [early, before] as const,
    );
    expect(await booked(early)).toBe(before + 4);
    const afterKeys = await jobNow();
    expect(afterKeys.stages.find((s: Stage) => s.id === print.id).plannedStart).toBe(early);
    expect(afterKeys.risk).toBe('on_track');

    // By mouse: drag the card onto the due date; the stages after it follow and the job is at risk.
    await card.dragTo(bar(due));
    await card.getByText('At risk').waitFor();
    const dropped = await jobNow();
    expect(dropped.stages.find((s: Stage) => s.id === print.id).plannedStart).toBe(due);
    expect(dropped.risk).toBe('at_risk');
    await page.waitForFunction(
      ([d]) => Number(document.querySelector(`[data-date="${d}"]`)?.getAttribute('data-booked')) >= 4,
      [due] as const,
    );
    expect(await booked(early)).toBe(before);
    await page.screenshot({ path: 'docs/screenshots/planning-board.png' });
  });

  it('an AM entering a job sees the earliest delivery date before promising one', async () => {
    const password = 'correct horse battery';
    await buildUser(h.ctx.db, { email: 'am@board.test', name: 'Jo AM', role: 'account_manager', password });
    const account = await buildAccount(h.ctx.db, { name: 'Lakeside Florist' });
    const page = await signIn(h, 'am@board.test', password);
    await page.goto(`${h.base}/jobs/new?accountId=${account.id}`);
    await page.getByLabel('Due date').fill(today);
    await page.getByLabel('Product').first().click();
    await page.getByRole('option', { name: 'Postcard' }).click();
    await page.getByLabel('Quantity').first().fill('500');
    const hint = page.getByRole('status', { name: 'Earliest delivery' });
    await hint.getByText(/Earliest delivery with today’s load: \d{4}-\d{2}-\d{2}/).waitFor();
    expect(await hint.textContent()).toContain('would start at risk');
    const earliest = /(\d{4}-\d{2}-\d{2})/.exec((await hint.textContent())!)![1]!;
    await page.getByLabel('Due date').fill(earliest);
    await expect.poll(async () => hint.textContent()).not.toContain('would start at risk');
  });
});
