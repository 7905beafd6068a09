import { Cron } from 'croner';
import type { JobSchedule } from '@freezer/api-client';
import { isTimeZone, localTimeZone, parseScheduleDate } from '@freezer/schema';

/** `now`: an empty job_schedule, which the scheduler runs once as soon as it sees (or is started). */
export type ScheduleKind = 'now' | 'once' | 'interval' | 'cron';
export const INTERVAL_UNITS = ['minutes', 'hours', 'days', 'weeks', 'seconds'] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/** The wizard's editable view of a job_schedule. Dates are `YYYY-MM-DDTHH:MM[:SS]` local time. */
export interface ScheduleForm {
  kind: ScheduleKind;
  date: string;
  intervalValue: string;
  intervalUnit: IntervalUnit;
  continuous: boolean;
  cron: string;
  startDate: string;
  endDate: string;
  /** `schedule_timezone`: IANA zone of the cron fields and naive dates; '' = the node's zone. */
  timezone: string;
}

export type ScheduleErrors = Partial<
  Record<'date' | 'intervalValue' | 'cron' | 'startDate' | 'endDate' | 'timezone', string>
>;

export const emptyScheduleForm: ScheduleForm = {
  kind: 'interval',
  date: '',
  intervalValue: '1',
  intervalUnit: 'days',
  continuous: false,
  cron: '0 3 * * *',
  startDate: '',
  endDate: '',
  timezone: '',
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const INTERVAL_RE = /^(continuous|(\d+) +(weeks|days|hours|minutes|seconds))$/;
const UNIT_SECONDS: Record<IntervalUnit, number> = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86400,
  weeks: 604800,
};
// Standard cron counts Sunday as 0 (and 7); APScheduler, which the stock scheduler uses, counts Monday as 0.
// Writing names keeps both readings the same.
const DOW_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The API wants seconds (`…T03:00:00`); datetime-local inputs may omit them. */
export function normalizeDate(v: string): string {
  return /T\d{2}:\d{2}$/.test(v) ? `${v}:00` : v;
}

function parseLocal(v: string): Date | null {
  if (!DATE_RE.test(v)) return null;
  const d = new Date(normalizeDate(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

function dowToNames(field: string): string {
  return field.replace(/\d+/g, (n) => DOW_NAMES[Number(n)] ?? n);
}

function cronFields(expr: string): string[] | null {
  const parts = expr.trim().split(/\s+/);
  return parts.length === 5 ? parts : null;
}

function cronPatternOf(s: JobSchedule): string | null {
  const f = [s.schedule_minute, s.schedule_hour, s.schedule_day, s.schedule_month, s.schedule_day_of_week];
  if (f.every((x) => x === undefined || x === '')) return null;
  return f.map((x) => x || '*').join(' ');
}

export function validateSchedule(f: ScheduleForm): ScheduleErrors {
  const errors: ScheduleErrors = {};
  if (f.kind === 'once') {
    if (!f.date) errors.date = 'Choose the date and time of the run.';
    else if (!parseLocal(f.date)) errors.date = 'Use the format YYYY-MM-DDTHH:MM:SS.';
  }
  if (f.kind === 'interval' && !f.continuous) {
    const n = Number(f.intervalValue);
    if (!/^\d+$/.test(f.intervalValue.trim()) || n < 1)
      errors.intervalValue = 'The interval must be a whole number ≥ 1.';
  }
  if (f.kind === 'cron') {
    const fields = cronFields(f.cron);
    if (!fields) errors.cron = 'A cron expression has 5 fields: minute hour day month day-of-week.';
    else {
      try {
        new Cron(fields.join(' '), { paused: true });
      } catch (err) {
        errors.cron = `Invalid cron expression: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
  }
  if (f.kind === 'interval' || f.kind === 'cron') {
    const start = f.startDate ? parseLocal(f.startDate) : null;
    const end = f.endDate ? parseLocal(f.endDate) : null;
    if (f.startDate && !start) errors.startDate = 'Use the format YYYY-MM-DDTHH:MM:SS.';
    if (f.endDate && !end) errors.endDate = 'Use the format YYYY-MM-DDTHH:MM:SS.';
    if (start && end && end <= start) errors.endDate = 'The end must be after the start.';
  }
  const zone = f.timezone.trim();
  if (zone && f.kind !== 'now' && !isTimeZone(zone))
    errors.timezone = 'Use an IANA time zone such as Europe/Paris or UTC.';
  return errors;
}

/** Builds the job_schedule keys the stock scheduler reads (date, interval, or cron fields). */
export function toJobSchedule(f: ScheduleForm): JobSchedule {
  const zone = f.timezone.trim();
  const s = scheduleKeys(f);
  return zone && f.kind !== 'now' ? { ...s, schedule_timezone: zone } : s;
}

function scheduleKeys(f: ScheduleForm): JobSchedule {
  const bounds: JobSchedule = {};
  if (f.startDate) bounds.schedule_start_date = normalizeDate(f.startDate);
  if (f.endDate) bounds.schedule_end_date = normalizeDate(f.endDate);
  if (f.kind === 'now') return {};
  if (f.kind === 'once') return { schedule_date: normalizeDate(f.date) };
  if (f.kind === 'interval') {
    const interval = f.continuous ? 'continuous' : `${Number(f.intervalValue)} ${f.intervalUnit}`;
    return { schedule_interval: interval, ...bounds };
  }
  const [minute = '*', hour = '*', day = '*', month = '*', dow = '*'] = cronFields(f.cron) ?? [];
  const out: JobSchedule = { ...bounds };
  if (minute !== '*') out.schedule_minute = minute;
  if (hour !== '*') out.schedule_hour = hour;
  if (day !== '*') out.schedule_day = day;
  if (month !== '*') out.schedule_month = month;
  if (dow !== '*') out.schedule_day_of_week = dowToNames(dow);
  // An all-"*" cron would be an empty schedule, which the scheduler reads as "run once now".
  if (Object.keys(out).every((k) => k.startsWith('schedule_start') || k.startsWith('schedule_end')))
    out.schedule_minute = '*';
  return out;
}

export function fromJobSchedule(s: JobSchedule | undefined): ScheduleForm {
  const base: ScheduleForm = {
    ...emptyScheduleForm,
    startDate: s?.schedule_start_date ?? '',
    endDate: s?.schedule_end_date ?? '',
    timezone: s?.schedule_timezone ?? '',
  };
  if (!s) return base;
  if (s.schedule_date) return { ...base, kind: 'once', date: s.schedule_date };
  const m = s.schedule_interval ? INTERVAL_RE.exec(s.schedule_interval) : null;
  if (m) {
    if (m[1] === 'continuous') return { ...base, kind: 'interval', continuous: true };
    return {
      ...base,
      kind: 'interval',
      intervalValue: m[2] ?? '1',
      intervalUnit: (m[3] as IntervalUnit) ?? 'days',
    };
  }
  const cron = cronPatternOf(s);
  if (cron) return { ...base, kind: 'cron', cron };
  return { ...base, kind: 'now' };
}

/** The zone a job's slots are computed in: its own, else its node's (unknown here: `nodeZone`). */
export function scheduleZone(s: JobSchedule, nodeZone: string = localTimeZone()): string {
  return s.schedule_timezone || nodeZone;
}

function parseIn(v: string, zone: string): Date | null {
  try {
    return new Date(parseScheduleDate(normalizeDate(v), zone));
  } catch {
    return null;
  }
}

/**
 * The next `count` run times after `now`, as the scheduler fires them (naive dates and cron fields in
 * the job's zone, else `nodeZone`); [] if none are known.
 */
export function nextRuns(s: JobSchedule, now: Date, count = 5, nodeZone?: string): Date[] {
  const zoneName = scheduleZone(s, nodeZone);
  const start = s.schedule_start_date ? parseIn(s.schedule_start_date, zoneName) : null;
  const end = s.schedule_end_date ? parseIn(s.schedule_end_date, zoneName) : null;
  const inWindow = (d: Date) => !end || d <= end;
  if (s.schedule_date) {
    const d = parseIn(s.schedule_date, zoneName);
    return d && d > now ? [d] : [];
  }
  const m = s.schedule_interval ? INTERVAL_RE.exec(s.schedule_interval) : null;
  if (m) {
    const stepMs = m[1] === 'continuous' ? 1000 : Number(m[2]) * UNIT_SECONDS[m[3] as IntervalUnit] * 1000;
    if (!(stepMs > 0)) return [];
    // Anchor on the last start when known, so the preview matches when the scheduler really fires.
    const last = (s.time_started ?? -1) > 0 ? (s.time_started ?? 0) * 1000 : null;
    let first = start && start > now ? start.getTime() : now.getTime() + stepMs;
    if (last !== null && !(start && start > now))
      first = last + Math.max(1, Math.ceil((now.getTime() - last) / stepMs)) * stepMs;
    const out: Date[] = [];
    for (let i = 0; out.length < count; i += 1) {
      const d = new Date(first + i * stepMs);
      if (!inWindow(d)) break;
      out.push(d);
    }
    return out;
  }
  const pattern = cronPatternOf(s);
  if (pattern) {
    try {
      const from = start && start > now ? new Date(start.getTime() - 1000) : now;
      return new Cron(pattern, { paused: true, timezone: zoneName }).nextRuns(count, from).filter(inWindow);
    } catch {
      return [];
    }
  }
  return [];
}

export function describeSchedule(s: JobSchedule | undefined): string {
  const text = describeSlots(s);
  return s?.schedule_timezone && text !== 'once, now' ? `${text} (${s.schedule_timezone})` : text;
}

function describeSlots(s: JobSchedule | undefined): string {
  if (!s) return 'once, now';
  if (s.schedule_date) return `once at ${s.schedule_date.replace('T', ' ')}`;
  if (s.schedule_interval)
    return s.schedule_interval === 'continuous' ? 'continuous' : `every ${s.schedule_interval}`;
  const cron = cronPatternOf(s);
  if (cron) return `cron ${cron}`;
  return 'once, now';
}
