import { describe, expect, it } from 'vitest';
import {
  finishDate,
  forecastChain,
  hoursByDay,
  placeBackward,
  placeForward,
  planChainBackwards,
  type DayLoad,
  type HourCalendar,
} from './working-hours';

// Monday 7 December 2026 … ; 08:00–17:00 (9 h), Monday to Friday.
const cal = (holidays: string[] = []): HourCalendar => ({
  workingDays: [1, 2, 3, 4, 5],
  holidays: new Set(holidays),
  hoursPerDay: 9,
  dayStart: 8 * 60,
  dayEnd: 17 * 60,
});

describe('hour-level backward planning', () => {
  it('fits a short route into one day: ready the working day before the due date', () => {
    // 1 h + 6 h + 2 h, due Thursday: all on Wednesday, 08:00–17:00.
    const c = cal();
    const plan = planChainBackwards(
      [1, 6, 2].map((hours) => ({ hours, calendar: c })),
      '2026-12-10',
    );
    expect(plan.map((p) => [p.start, p.end])).toEqual([
      ['2026-12-09T08:00', '2026-12-09T09:00'],
      ['2026-12-09T09:00', '2026-12-09T15:00'],
      ['2026-12-09T15:00', '2026-12-09T17:00'],
    ]);
  });

  it('splits a stage across the evening and skips the weekend', () => {
    // Due Monday 14th: ready by Friday 11th 17:00. 4 h then 12 h: Friday 17:00 back 9 h to 08:00, 3 h on Thursday.
    const c = cal();
    const plan = planChainBackwards(
      [4, 12].map((hours) => ({ hours, calendar: c })),
      '2026-12-14',
    );
    expect(plan[1]!.slots).toEqual([
      { start: '2026-12-10T14:00', end: '2026-12-10T17:00' },
      { start: '2026-12-11T08:00', end: '2026-12-11T17:00' },
    ]);
    expect(plan[0]).toMatchObject({ start: '2026-12-10T10:00', end: '2026-12-10T14:00' });
  });

  it('skips holidays both ways', () => {
    const c = cal(['2026-12-24', '2026-12-25']);
    const back = placeBackward(10, '2026-12-28', c);
    // Due Monday 28th; Friday 25th and Thursday 24th closed: Wednesday 23rd 9 h, Tuesday 22nd 1 h.
    expect(back.slots).toEqual([
      { start: '2026-12-22T16:00', end: '2026-12-22T17:00' },
      { start: '2026-12-23T08:00', end: '2026-12-23T17:00' },
    ]);
    const fwd = placeForward(10, '2026-12-23T12:00', c);
    expect(fwd.end).toBe('2026-12-28T13:00');
    expect([...hoursByDay(fwd.slots)]).toEqual([
      ['2026-12-23', 5],
      ['2026-12-28', 5],
    ]);
  });

  it('counts fractions of an hour', () => {
    const p = placeForward(0.25, '2026-12-07', cal());
    expect(p).toMatchObject({ start: '2026-12-07T08:00', end: '2026-12-07T08:15' });
    expect(finishDate('2026-12-08T00:00')).toBe('2026-12-07');
  });

  it('respects each department’s own window', () => {
    const late: HourCalendar = { ...cal(), dayStart: 14 * 60, dayEnd: 22 * 60, hoursPerDay: 8 };
    const plan = planChainBackwards(
      [
        { hours: 2, calendar: cal() },
        { hours: 3, calendar: late },
      ],
      '2026-12-10',
    );
    expect(plan[1]).toMatchObject({ start: '2026-12-09T19:00', end: '2026-12-09T22:00' });
    expect(plan[0]).toMatchObject({ start: '2026-12-09T15:00', end: '2026-12-09T17:00' });
  });
});

describe('capacity placement', () => {
  it('lands two jobs competing for one press one after the other', () => {
    const c = cal();
    const press: DayLoad = new Map();
    const first = planChainBackwards([{ hours: 6, calendar: c, load: press }], '2026-12-10');
    const second = planChainBackwards([{ hours: 6, calendar: c, load: press }], '2026-12-10');
    expect(first[0]).toMatchObject({ start: '2026-12-09T11:00', end: '2026-12-09T17:00' });
    // 3 h left on Wednesday morning, the other 3 h at the end of Tuesday.
    expect(second[0]!.slots).toEqual([
      { start: '2026-12-08T14:00', end: '2026-12-08T17:00' },
      { start: '2026-12-09T08:00', end: '2026-12-09T11:00' },
    ]);
    expect(press.get('2026-12-09')).toHaveLength(2);
  });

  it('forecasts forwards around what is already booked', () => {
    const c = cal();
    const press: DayLoad = new Map([['2026-12-07', [[8 * 60, 17 * 60]]]]);
    expect(forecastChain([{ hours: 2, calendar: c, load: press }], '2026-12-07')).toBe('2026-12-08T10:00');
    expect(forecastChain([{ hours: 2, calendar: c }], '2026-12-07')).toBe('2026-12-07T10:00');
  });

  it('starts a pinned stage on its day and moves the later stages after it', () => {
    const c = cal();
    const plan = planChainBackwards(
      [
        { hours: 1, calendar: c },
        { hours: 4, calendar: c, pinnedOn: '2026-12-10' },
        { hours: 2, calendar: c },
      ],
      '2026-12-10',
    );
    expect(plan.map((p) => [p.start, p.end])).toEqual([
      ['2026-12-09T16:00', '2026-12-09T17:00'],
      ['2026-12-10T08:00', '2026-12-10T12:00'],
      ['2026-12-10T12:00', '2026-12-10T14:00'],
    ]);
  });
});
