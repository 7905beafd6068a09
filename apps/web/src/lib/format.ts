import { wallClock } from '@freezer/schema';
import { displayZone } from './display-zone';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return '—';
  let v = n;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${UNITS[i]}`;
}

/**
 * `YYYY-MM-DD HH:MM:SS ZONE` in `zone` (default: the zone the operator chose to see times in), so a
 * time never stands without its zone.
 */
export function formatDate(d: Date | null | undefined, zone: string = displayZone()): string {
  if (!d || Number.isNaN(d.getTime())) return '—';
  const w = wallClock(d.getTime(), zone, true);
  const get = (t: string) => w[t] ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${get('timeZoneName')}`;
}

/** Freezer times are epoch seconds with -1 meaning "not set". */
export function formatEpoch(sec: number | null | undefined, zone?: string): string {
  if (sec === null || sec === undefined || sec < 0 || !Number.isFinite(sec)) return '—';
  return formatDate(new Date(sec * 1000), zone);
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const pct = ratio <= 1 ? ratio * 100 : ratio;
  return `${pct.toFixed(pct % 1 === 0 ? 0 : 1)}%`;
}

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec) || sec < 0) return '—';
  if (sec < 60) return `${Math.round(sec)} s`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ${Math.round(sec % 60)} s`;
  return `${Math.floor(sec / 3600)} h ${Math.round((sec % 3600) / 60)} min`;
}

/** Like formatDuration, with hundredths below 10 s: a drill's restore of a small backup takes 0.3 s. */
export function formatSeconds(sec: number | null | undefined): string {
  if (typeof sec === 'number' && Number.isFinite(sec) && sec >= 0 && sec < 10) return `${sec.toFixed(2)} s`;
  return formatDuration(sec);
}
