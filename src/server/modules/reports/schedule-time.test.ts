import { describe, expect, it } from 'vitest';
import { describeTiming, nextRunAfter, zonedInstant, type Timing } from './schedule-time';
import { resolvePeriod } from './definition';

const chicago = (t: Omit<Timing, 'timeZone'>): Timing => ({ ...t, timeZone: 'America/Chicago' });
const iso = (d: Date) => d.toISOString();

describe('schedule timing', () => {
  it('runs daily at a local time, across the autumn clock change', () => {
    const t = chicago({ frequency: 'daily', time: '07:00' });
    expect(iso(nextRunAfter(t, new Date('2026-10-31T11:00:00Z')))).toBe('2026-10-31T12:00:00.000Z'); // CDT
    expect(iso(nextRunAfter(t, new Date('2026-10-31T12:00:00Z')))).toBe('2026-11-01T13:00:00.000Z'); // CST
    expect(describeTiming(t)).toBe('Every day at 07:00 (America/Chicago)');
  });

  it('runs weekly on a weekday, never twice for the same moment', () => {
    const t = chicago({ frequency: 'weekly', time: '06:30', weekday: 1 });
    const first = nextRunAfter(t, new Date('2026-11-25T00:00:00Z')); // a Wednesday
    expect(iso(first)).toBe('2026-11-30T12:30:00.000Z');
    expect(iso(nextRunAfter(t, first))).toBe('2026-12-07T12:30:00.000Z');
    expect(describeTiming(t)).toBe('Every Monday at 06:30 (America/Chicago)');
  });

  it('runs monthly on day N (the last day when the month is shorter), the last day or the last business day', () => {
    const on31 = chicago({ frequency: 'monthly', time: '08:00', monthDay: 31 });
    expect(iso(nextRunAfter(on31, new Date('2027-02-01T00:00:00Z')))).toBe('2027-02-28T14:00:00.000Z');
    const last = chicago({ frequency: 'monthly', time: '08:00', monthDay: 'last' });
    expect(iso(nextRunAfter(last, new Date('2026-11-05T00:00:00Z')))).toBe('2026-11-30T14:00:00.000Z');
    const business = chicago({ frequency: 'monthly', time: '08:00', monthDay: 'last_business' });
    // 31 January 2027 is a Sunday: the last business day is Friday the 29th.
    expect(iso(nextRunAfter(business, new Date('2027-01-02T00:00:00Z')))).toBe('2027-01-29T14:00:00.000Z');
    expect(describeTiming(business)).toBe('Monthly on the last business day at 08:00 (America/Chicago)');
  });

  it('finds the instant of a local time in another zone', () => {
    expect(iso(zonedInstant('2026-07-01', '09:15', 'Europe/Berlin'))).toBe('2026-07-01T07:15:00.000Z');
    expect(iso(zonedInstant('2026-01-15', '00:00', 'UTC'))).toBe('2026-01-15T00:00:00.000Z');
  });
});

describe('report periods', () => {
  it('resolves relative periods against the day the report runs', () => {
    const today = '2026-11-29'; // a Sunday
    expect(resolvePeriod({ period: 'last_7_days' }, today)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(resolvePeriod({ period: 'last_full_week' }, today)).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
    });
    expect(resolvePeriod({ period: 'last_full_month' }, today)).toEqual({
      from: '2026-10-01',
      to: '2026-10-31',
    });
    expect(resolvePeriod({ period: 'last_12_months' }, today)).toEqual({
      from: '2025-12-01',
      to: '2026-11-29',
    });
    expect(resolvePeriod({ period: 'last_full_month' }, '2027-01-03')).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
    });
  });
});
