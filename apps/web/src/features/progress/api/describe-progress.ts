import type { JobProgress } from '@freezer/schema';

/** `42 % · 210.0 MB of 500.0 MB · 50.0 MB/s · 6 s left` (compact: percent, rate and time left). */
export function describeProgress(p: JobProgress, bytes: (n: number) => string, compact = false): string {
  const parts: string[] = [];
  if (p.percent !== undefined) parts.push(`${p.percent >= 100 ? 100 : p.percent.toFixed(1)} %`);
  if (!compact || p.percent === undefined)
    parts.push(
      p.bytes_total === undefined ? bytes(p.bytes_read) : `${bytes(p.bytes_read)} of ${bytes(p.bytes_total)}`,
    );
  if (p.phase === 'done') {
    parts.push('done');
    return parts.join(' · ');
  }
  parts.push(`${bytes(p.rate)}/s`);
  if (p.eta_seconds !== undefined) parts.push(`${formatEta(p.eta_seconds)} left`);
  return parts.join(' · ');
}

export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
