import { type QuietHours, zoneOffsetMs } from '@freezer/schema';

const DAY_MIN = 1440;

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Minutes since local midnight in `zone` at `nowMs`. */
function localMinute(nowMs: number, zone: string): number {
  const local = nowMs + zoneOffsetMs(nowMs, zone);
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
}

/**
 * When the quiet hours that hold at `nowMs` end (epoch ms), or null when it is not quiet now.
 * A window may wrap midnight (22:00-07:00); start equal to end means no quiet hours.
 */
export function quietUntil(q: QuietHours | null, nowMs: number): number | null {
  if (q === null) return null;
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (start === end) return null;
  const now = localMinute(nowMs, q.time_zone);
  const quiet = start < end ? now >= start && now < end : now >= start || now < end;
  if (!quiet) return null;
  const wait = (end - now + DAY_MIN) % DAY_MIN;
  const minuteStart = nowMs - (nowMs % 60_000);
  return minuteStart + wait * 60_000;
}
