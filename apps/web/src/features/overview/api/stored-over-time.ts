import type { MetricsDay as TimeseriesDay } from '@freezer/schema';

/**
 * The timeseries gives bytes written per day; "stored over time" is the running total. Counting back
 * from today's total keeps older backups (before the window) in the figure. Deletions are not replayed.
 */
export function storedOverTime(
  days: TimeseriesDay[],
  totalNow: number | undefined,
): { date: string; stored: number }[] {
  const out: { date: string; stored: number }[] = [];
  let after = 0;
  for (let i = days.length - 1; i >= 0; i -= 1) {
    const d = days[i];
    if (!d) continue;
    const total = totalNow ?? days.reduce((s, x) => s + x.bytes_stored, 0);
    out.push({ date: d.date, stored: Math.max(0, total - after) });
    after += d.bytes_stored;
  }
  return out.reverse();
}
