import { describe, expect, it } from 'vitest';
import { assessRisk, forecastFinish, planBackwards, type Calendar } from './working-days';

const weekdays: Calendar = { workingDays: [1, 2, 3, 4, 5], holidays: new Set(), hoursPerDay: 8 };
const withHoliday = (...dates: string[]): Calendar => ({ ...weekdays, holidays: new Set(dates) });
// 2026-12-07 is a Monday.

describe('planBackwards', () => {
  it('ends the last stage the working day before the due date and chains stages back', () => {
    const plan = planBackwards(
      [
        { hours: 4, calendar: weekdays },
        { hours: 16, calendar: weekdays },
        { hours: 8, calendar: weekdays },
      ],
      '2026-12-11', // Friday
    );
    expect(plan).toEqual([
      { plannedStart: '2026-12-07', plannedEnd: '2026-12-07' },
      { plannedStart: '2026-12-08', plannedEnd: '2026-12-09' },
      { plannedStart: '2026-12-10', plannedEnd: '2026-12-10' },
    ]);
  });

  it('skips weekends', () => {
    const plan = planBackwards(
      [
        { hours: 8, calendar: weekdays },
        { hours: 8, calendar: weekdays },
      ],
      '2026-12-07',
    );
    expect(plan).toEqual([
      { plannedStart: '2026-12-03', plannedEnd: '2026-12-03' },
      { plannedStart: '2026-12-04', plannedEnd: '2026-12-04' },
    ]);
  });

  it('skips shop holidays', () => {
    const cal = withHoliday('2026-12-24', '2026-12-25');
    const plan = planBackwards(
      [
        { hours: 8, calendar: cal },
        { hours: 8, calendar: cal },
      ],
      '2026-12-28',
    );
    expect(plan).toEqual([
      { plannedStart: '2026-12-22', plannedEnd: '2026-12-22' },
      { plannedStart: '2026-12-23', plannedEnd: '2026-12-23' },
    ]);
  });

  it("uses each department's own working days", () => {
    const sixDays: Calendar = { workingDays: [1, 2, 3, 4, 5, 6], holidays: new Set(), hoursPerDay: 10 };
    const plan = planBackwards(
      [
        { hours: 8, calendar: weekdays },
        { hours: 20, calendar: sixDays },
      ],
      '2026-12-14',
    );
    expect(plan).toEqual([
      { plannedStart: '2026-12-10', plannedEnd: '2026-12-10' },
      { plannedStart: '2026-12-11', plannedEnd: '2026-12-12' },
    ]);
  });
});

describe('risk', () => {
  const stages = [
    { hours: 8, calendar: weekdays },
    { hours: 16, calendar: weekdays },
  ];

  it('is on track when the forecast finishes before the due date', () => {
    expect(forecastFinish(stages, '2026-12-07')).toBe('2026-12-09');
    expect(assessRisk({ dueDate: '2026-12-11', today: '2026-12-07', remaining: stages })).toBe('on_track');
  });

  it('is at risk when a due date is too close for the standard durations', () => {
    expect(assessRisk({ dueDate: '2026-12-09', today: '2026-12-07', remaining: stages })).toBe('at_risk');
    // starting on a Saturday moves the start to Monday
    expect(assessRisk({ dueDate: '2026-12-09', today: '2026-12-05', remaining: stages })).toBe('at_risk');
  });

  it('is late past the due date while work remains, and on track when nothing remains', () => {
    expect(assessRisk({ dueDate: '2026-12-04', today: '2026-12-07', remaining: stages })).toBe('late');
    expect(assessRisk({ dueDate: '2026-12-04', today: '2026-12-07', remaining: [] })).toBe('on_track');
  });

  it('counts only what is left of a stage in progress', () => {
    const inProgress = [{ hours: 24, calendar: weekdays, startedOn: '2026-12-07' }];
    expect(forecastFinish(inProgress, '2026-12-09')).toBe('2026-12-09');
    expect(forecastFinish([{ hours: 24, calendar: weekdays }], '2026-12-09')).toBe('2026-12-11');
  });
});
