import { describe, expect, it } from 'vitest';
import {
  describeSchedule,
  fromJobSchedule,
  nextRuns,
  scheduleZone,
  toJobSchedule,
  validateSchedule,
  emptyScheduleForm,
} from './schedule';
import { formatDate } from '../../../lib/format';

const at = (s: string) => new Date(s);

describe('schedule form ↔ job_schedule', () => {
  it('writes an interval the stock scheduler accepts and reads it back', () => {
    const s = toJobSchedule({
      ...emptyScheduleForm,
      kind: 'interval',
      intervalValue: '6',
      intervalUnit: 'hours',
    });
    expect(s).toEqual({ schedule_interval: '6 hours' });
    expect(s.schedule_interval).toMatch(/^(continuous|(\d+ +(weeks|days|hours|minutes|seconds)))$/);
    expect(fromJobSchedule(s)).toMatchObject({ kind: 'interval', intervalValue: '6', intervalUnit: 'hours' });
  });

  it('adds seconds to datetime-local values because the API pattern needs them', () => {
    const s = toJobSchedule({ ...emptyScheduleForm, kind: 'once', date: '2030-01-02T03:04' });
    expect(s).toEqual({ schedule_date: '2030-01-02T03:04:00' });
  });

  it('maps cron fields to APScheduler keys with day names so Sunday stays Sunday', () => {
    const s = toJobSchedule({ ...emptyScheduleForm, kind: 'cron', cron: '30 2 * * 0,1-5' });
    expect(s).toEqual({ schedule_minute: '30', schedule_hour: '2', schedule_day_of_week: 'sun,mon-fri' });
    expect(fromJobSchedule(s)).toMatchObject({ kind: 'cron', cron: '30 2 * * sun,mon-fri' });
    expect(describeSchedule(s)).toBe('cron 30 2 * * sun,mon-fri');
  });
});

describe('validateSchedule', () => {
  it('names the field that is wrong', () => {
    expect(validateSchedule({ ...emptyScheduleForm, kind: 'once', date: '' }).date).toMatch(/date/);
    expect(
      validateSchedule({ ...emptyScheduleForm, kind: 'interval', intervalValue: '0' }).intervalValue,
    ).toMatch(/≥ 1/);
    expect(
      validateSchedule({ ...emptyScheduleForm, kind: 'interval', intervalValue: 'abc' }).intervalValue,
    ).toBeDefined();
    expect(validateSchedule({ ...emptyScheduleForm, kind: 'cron', cron: '* * *' }).cron).toMatch(/5 fields/);
    expect(validateSchedule({ ...emptyScheduleForm, kind: 'cron', cron: '99 * * * *' }).cron).toMatch(
      /Invalid cron/,
    );
    expect(
      validateSchedule({ ...emptyScheduleForm, startDate: '2030-01-02T00:00', endDate: '2030-01-01T00:00' })
        .endDate,
    ).toMatch(/after the start/);
    expect(validateSchedule({ ...emptyScheduleForm })).toEqual({});
  });
});

describe('nextRuns', () => {
  const now = at('2030-01-01T10:00:00');

  it('steps an interval from a future start and stops at the end date', () => {
    const runs = nextRuns(
      {
        schedule_interval: '1 days',
        schedule_start_date: '2030-01-03T00:00:00',
        schedule_end_date: '2030-01-05T00:00:00',
      },
      now,
    );
    expect(runs.map((d) => d.toISOString())).toEqual(
      ['2030-01-03T00:00:00', '2030-01-04T00:00:00', '2030-01-05T00:00:00'].map((s) => at(s).toISOString()),
    );
  });

  it('gives five cron times after now', () => {
    const runs = nextRuns({ schedule_minute: '0', schedule_hour: '3' }, now);
    expect(runs).toHaveLength(5);
    expect(runs[0]?.toISOString()).toBe(at('2030-01-02T03:00:00').toISOString());
    expect(runs[4]?.toISOString()).toBe(at('2030-01-06T03:00:00').toISOString());
  });

  it('gives one run for a future one-shot date and none for a past one', () => {
    expect(nextRuns({ schedule_date: '2030-02-01T00:00:00' }, now)).toHaveLength(1);
    expect(nextRuns({ schedule_date: '2020-02-01T00:00:00' }, now)).toHaveLength(0);
  });
});

describe('nextRuns anchored on the last start', () => {
  it('continues the interval from time_started instead of from now', () => {
    const now = at('2030-01-01T10:00:00');
    const lastStart = at('2030-01-01T09:30:00').getTime() / 1000;
    const runs = nextRuns({ schedule_interval: '1 hours', time_started: lastStart }, now, 2);
    expect(runs.map((d) => d.toISOString())).toEqual(
      [at('2030-01-01T10:30:00'), at('2030-01-01T11:30:00')].map((d) => d.toISOString()),
    );
  });
});

describe('schedule_timezone', () => {
  it('is kept when a job is edited, and sent only with a schedule that uses it', () => {
    const stored = { schedule_hour: '2', schedule_minute: '30', schedule_timezone: 'Asia/Tokyo' };
    const form = fromJobSchedule(stored);
    expect(form).toMatchObject({ kind: 'cron', timezone: 'Asia/Tokyo' });
    expect(toJobSchedule(form)).toEqual(stored);
    expect(toJobSchedule({ ...form, kind: 'now' })).toEqual({});
  });

  it('refuses a zone the scheduler would not know', () => {
    expect(validateSchedule({ ...emptyScheduleForm, timezone: 'Mars/Olympus' }).timezone).toMatch(/IANA/);
    expect(validateSchedule({ ...emptyScheduleForm, timezone: 'Europe/Paris' })).toEqual({});
  });

  it('previews cron slots in the zone of the job', () => {
    const runs = nextRuns(
      { schedule_hour: '3', schedule_minute: '0', schedule_timezone: 'Asia/Tokyo' },
      at('2030-01-01T00:00:00Z'),
      1,
    );
    expect(runs[0]?.toISOString()).toBe('2030-01-01T18:00:00.000Z');
  });
});

describe('schedule zones', () => {
  const now = new Date('2027-01-10T00:00:00Z');

  it('previews cron slots in the job zone, whatever the browser zone', () => {
    const s = { schedule_hour: '3', schedule_minute: '0', schedule_timezone: 'America/New_York' };
    const runs = nextRuns(s, now, 2, 'Asia/Tokyo');
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2027-01-10T08:00:00.000Z',
      '2027-01-11T08:00:00.000Z',
    ]);
    expect(formatDate(runs[0], 'America/New_York')).toBe('2027-01-10 03:00:00 EST');
    expect(formatDate(runs[0], 'UTC')).toBe('2027-01-10 08:00:00 UTC');
  });

  it("reads a naive date in the job zone, else in the node's zone; an explicit offset wins", () => {
    expect(
      nextRuns(
        { schedule_date: '2027-07-01T09:30:00', schedule_timezone: 'America/New_York' },
        now,
      )[0]?.toISOString(),
    ).toBe('2027-07-01T13:30:00.000Z');
    expect(nextRuns({ schedule_date: '2027-07-01T09:30:00' }, now, 1, 'Europe/Paris')[0]?.toISOString()).toBe(
      '2027-07-01T07:30:00.000Z',
    );
    expect(
      nextRuns(
        { schedule_date: '2027-07-01T09:30:00Z', schedule_timezone: 'Asia/Tokyo' },
        now,
      )[0]?.toISOString(),
    ).toBe('2027-07-01T09:30:00.000Z');
    expect(scheduleZone({}, 'Europe/Paris')).toBe('Europe/Paris');
    expect(scheduleZone({ schedule_timezone: 'UTC' }, 'Europe/Paris')).toBe('UTC');
  });

  it('a cron slot across the DST change keeps its wall-clock hour', () => {
    const s = { schedule_hour: '3', schedule_minute: '0', schedule_timezone: 'America/New_York' };
    const runs = nextRuns(s, new Date('2027-03-13T00:00:00Z'), 2);
    expect(runs.map((d) => formatDate(d, 'America/New_York'))).toEqual([
      '2027-03-13 03:00:00 EST',
      '2027-03-14 03:00:00 EDT',
    ]);
  });
});
