import { Cron } from 'croner';
import type { JobSchedule } from '@freezer/api-client';
import { parseScheduleDate } from './zoned-time.js';

/**
 * When a job fires. Slots are absolute epoch-ms instants; a slot is the identity of one scheduled run,
 * which is what is persisted so a restarted daemon never runs the same slot twice.
 */
export interface Trigger {
  readonly kind: 'date' | 'interval' | 'cron' | 'soon';
  /** The first slot strictly after `after` (epoch ms), or null when the trigger is exhausted. */
  nextAfter(after: number): number | null;
}

/** Stock APScheduler runs a late slot if it is at most this late (freezer passes misfire_grace_time=3600). */
export const MISFIRE_GRACE_MS = 3_600_000;
/** Stock schedules "no schedule" and past start dates 2 s from now. */
export const SOON_MS = 2_000;

const UNIT_MS: Record<string, number> = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
};

const CRON_KEYS = ['second', 'minute', 'hour', 'day', 'month', 'day_of_week', 'week', 'year'] as const;
type CronKey = (typeof CRON_KEYS)[number];

export function parseInterval(text: string): number {
  if (text === 'continuous') return 1_000;
  const m = /^(\d+) +(weeks|days|hours|minutes|seconds)$/.exec(text.trim());
  if (!m)
    throw new Error(
      `bad schedule_interval "${text}": expected "continuous" or "N weeks|days|hours|minutes|seconds"`,
    );
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  if (ms <= 0) throw new Error(`bad schedule_interval "${text}": must be positive`);
  return ms;
}

export interface TriggerContext {
  /** Clock time when the job was armed (a start event or first sight). */
  armedAt: number;
  /** IANA zone for naive dates and cron fields. */
  zone: string;
}

function cronFields(s: JobSchedule): Partial<Record<CronKey, string>> {
  const out: Partial<Record<CronKey, string>> = {};
  for (const k of CRON_KEYS) {
    const v = s[`schedule_${k}`];
    if (v !== undefined && v !== null && String(v).trim() !== '') out[k] = String(v).trim();
  }
  return out;
}

/** APScheduler day_of_week numbers are mon=0..sun=6; cron's are sun=0..sat=6. Names pass through. */
function apsDayOfWeekToCron(expr: string): string {
  return expr.replace(
    /(^|[,-])(\d)(?=$|[,/-])/g,
    (_m, pre: string, d: string) => `${pre}${(Number(d) + 1) % 7}`,
  );
}

/** ISO-8601 week number of an instant in `zone`. */
function isoWeek(epochMs: number, zone: string): number {
  const p = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(new Date(epochMs))
    .split('-')
    .map(Number);
  const d = new Date(Date.UTC(p[0] ?? 1970, (p[1] ?? 1) - 1, p[2] ?? 1));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

function yearIn(epochMs: number, zone: string): number {
  return Number(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric' }).format(new Date(epochMs)),
  );
}

function matchesList(expr: string, value: number): boolean {
  if (expr === '*') return true;
  return expr.split(',').some((part) => {
    const step = /^\*\/(\d+)$/.exec(part);
    if (step) return value % Number(step[1]) === 0;
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) return value >= Number(range[1]) && value <= Number(range[2]);
    return Number(part) === value;
  });
}

function cronTrigger(
  fields: Partial<Record<CronKey, string>>,
  zone: string,
  start?: number,
  end?: number,
): Trigger {
  // APScheduler semantics: fields finer than the finest given one default to their minimum, coarser to '*'.
  const order: CronKey[] = ['year', 'month', 'day', 'hour', 'minute', 'second'];
  const finest = Math.max(...order.map((k, i) => (fields[k] !== undefined ? i : -1)));
  const pick = (k: CronKey, min: string): string => {
    const v = fields[k];
    if (v !== undefined) return v;
    return order.indexOf(k) > finest ? min : '*';
  };
  const dow = fields.day_of_week !== undefined ? apsDayOfWeekToCron(fields.day_of_week) : '*';
  const pattern = [
    pick('second', '0'),
    pick('minute', '0'),
    pick('hour', '0'),
    pick('day', '1'),
    pick('month', '1'),
    dow,
  ].join(' ');
  // APScheduler ANDs day-of-month and day-of-week; Vixie cron (croner default) ORs them.
  const cron = new Cron(pattern, { timezone: zone, paused: true, domAndDow: true });
  const extra = (t: number): boolean =>
    (fields.year === undefined || matchesList(fields.year, yearIn(t, zone))) &&
    (fields.week === undefined || matchesList(fields.week, isoWeek(t, zone)));
  return {
    kind: 'cron',
    nextAfter(after) {
      let from = Math.max(after, start !== undefined ? start - 1 : after);
      for (let guard = 0; guard < 5000; guard++) {
        const next = cron.nextRun(new Date(from))?.getTime();
        if (next === undefined || (end !== undefined && next > end)) return null;
        if (extra(next)) return next;
        from = next;
      }
      return null;
    },
  };
}

/**
 * Builds the trigger of a job schedule, in the stock order of precedence: schedule_date, then
 * schedule_interval (bounded by start/end dates), then cron fields, else "once, soon".
 */
export function createTrigger(s: JobSchedule, ctx: TriggerContext): Trigger {
  const zone =
    typeof s.schedule_timezone === 'string' && s.schedule_timezone ? s.schedule_timezone : ctx.zone;
  let start = s.schedule_start_date ? parseScheduleDate(s.schedule_start_date, zone) : undefined;
  let end = s.schedule_end_date ? parseScheduleDate(s.schedule_end_date, zone) : undefined;
  // Stock: an end date before the start date is ignored.
  if (start !== undefined && end !== undefined && end < start) end = undefined;

  if (s.schedule_date) {
    const at = parseScheduleDate(s.schedule_date, zone);
    return { kind: 'date', nextAfter: (after) => (at > after ? at : null) };
  }
  if (s.schedule_interval) {
    const period = parseInterval(s.schedule_interval);
    // Stock: a start date in the past becomes "now + 2 s"; none means the same.
    if (start === undefined || start < ctx.armedAt) start = ctx.armedAt + SOON_MS;
    const anchor = start;
    return {
      kind: 'interval',
      nextAfter(after) {
        const k = after < anchor ? 0 : Math.floor((after - anchor) / period) + 1;
        const next = anchor + k * period;
        return end !== undefined && next > end ? null : next;
      },
    };
  }
  const fields = cronFields(s);
  if (Object.keys(fields).length > 0) return cronTrigger(fields, zone, start, end);
  const at = ctx.armedAt + SOON_MS;
  return { kind: 'soon', nextAfter: (after) => (at > after ? at : null) };
}

/** True when the schedule makes a repeating trigger (interval or cron). */
export function isRepeating(t: Trigger): boolean {
  return t.kind === 'interval' || t.kind === 'cron';
}
