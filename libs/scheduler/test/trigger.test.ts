import { describe, expect, it } from 'vitest';
import { createTrigger, parseInterval, parseScheduleDate } from '@freezer/scheduler';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0); // Monday 2026-01-05 10:00:00Z
const ctx = { armedAt: T0, zone: 'UTC' };

describe('schedule triggers', () => {
  it('parses intervals in every unit and rejects junk', () => {
    expect(parseInterval('3 weeks')).toBe(3 * 7 * 86_400_000);
    expect(parseInterval('2 days')).toBe(2 * 86_400_000);
    expect(parseInterval('5 hours')).toBe(5 * 3_600_000);
    expect(parseInterval('10 minutes')).toBe(600_000);
    expect(parseInterval('7 seconds')).toBe(7000);
    expect(parseInterval('continuous')).toBe(1000);
    expect(() => parseInterval('5 mins')).toThrow(/bad schedule_interval/);
    expect(() => parseInterval('0 seconds')).toThrow(/positive/);
  });

  it('reads naive dates in the given zone and absolute ones as written', () => {
    expect(parseScheduleDate('2026-07-01T12:00:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 10));
    expect(parseScheduleDate('2026-01-01T12:00:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 0, 1, 11));
    expect(parseScheduleDate('2026-01-01T12:00:00Z', 'Europe/Berlin')).toBe(Date.UTC(2026, 0, 1, 12));
    expect(parseScheduleDate('2026-01-01T12:00:00-05:00', 'UTC')).toBe(Date.UTC(2026, 0, 1, 17));
    expect(() => parseScheduleDate('yesterday', 'UTC')).toThrow(/bad date/);
  });

  it('schedule_date fires once', () => {
    const t = createTrigger({ schedule_date: '2026-01-05T11:00:00' }, ctx);
    expect(t.nextAfter(T0)).toBe(T0 + 3_600_000);
    expect(t.nextAfter(T0 + 3_600_000)).toBeNull();
  });

  it('an empty schedule runs once two seconds after arming', () => {
    const t = createTrigger({}, ctx);
    expect(t.kind).toBe('soon');
    expect(t.nextAfter(T0 - 1)).toBe(T0 + 2000);
    expect(t.nextAfter(T0 + 2000)).toBeNull();
  });

  it('interval runs from the start date every period and stops at the end date', () => {
    const t = createTrigger(
      {
        schedule_interval: '10 minutes',
        schedule_start_date: '2026-01-05T10:30:00',
        schedule_end_date: '2026-01-05T11:00:00',
      },
      ctx,
    );
    const slots: number[] = [];
    for (let s = t.nextAfter(T0); s !== null; s = t.nextAfter(s)) slots.push(s);
    expect(slots.map((s) => new Date(s).toISOString().slice(11, 16))).toEqual([
      '10:30',
      '10:40',
      '10:50',
      '11:00',
    ]);
  });

  it('interval with a past start date starts two seconds after arming (stock)', () => {
    const t = createTrigger(
      { schedule_interval: '1 hours', schedule_start_date: '2020-01-01T00:00:00' },
      ctx,
    );
    expect(t.nextAfter(T0 - 1)).toBe(T0 + 2000);
    expect(t.nextAfter(T0 + 2000)).toBe(T0 + 2000 + 3_600_000);
  });

  it('cron fields default like APScheduler (finer fields to their minimum) in an explicit zone', () => {
    const t = createTrigger({ schedule_hour: '3' }, { armedAt: T0, zone: 'America/New_York' });
    // 03:00:00 New York = 08:00Z in January
    expect(new Date(t.nextAfter(T0) ?? 0).toISOString()).toBe('2026-01-06T08:00:00.000Z');
    const every2 = createTrigger({ schedule_minute: '*/2' }, ctx);
    expect(every2.nextAfter(T0)).toBe(T0 + 120_000);
    expect(every2.nextAfter(T0 + 1)).toBe(T0 + 120_000);
  });

  it('cron day_of_week uses APScheduler numbering (0 = Monday)', () => {
    const t = createTrigger({ schedule_day_of_week: '0', schedule_hour: '9' }, ctx);
    // T0 is Monday 10:00 -> next Monday 09:00
    expect(new Date(t.nextAfter(T0) ?? 0).toISOString()).toBe('2026-01-12T09:00:00.000Z');
    const fri = createTrigger({ schedule_day_of_week: 'fri', schedule_hour: '0' }, ctx);
    expect(new Date(fri.nextAfter(T0) ?? 0).toISOString()).toBe('2026-01-09T00:00:00.000Z');
  });

  it('cron year and ISO week filter, and the end date bounds cron', () => {
    const y = createTrigger({ schedule_year: '2027', schedule_month: '1', schedule_day: '1' }, ctx);
    expect(new Date(y.nextAfter(T0) ?? 0).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    const w = createTrigger({ schedule_week: '3', schedule_day_of_week: '2', schedule_hour: '0' }, ctx);
    expect(new Date(w.nextAfter(T0) ?? 0).toISOString()).toBe('2026-01-14T00:00:00.000Z');
    const bounded = createTrigger({ schedule_hour: '*', schedule_end_date: '2026-01-05T11:30:00' }, ctx);
    expect(bounded.nextAfter(T0)).toBe(T0 + 3_600_000);
    expect(bounded.nextAfter(T0 + 3_600_000)).toBeNull();
  });
});
