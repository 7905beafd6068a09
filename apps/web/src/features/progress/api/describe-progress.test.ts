import type { JobProgress } from '@freezer/schema';
import { describe, expect, it } from 'vitest';
import { describeProgress, formatEta } from './describe-progress';

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
const running: JobProgress = {
  job_id: 'j',
  received_at: 0,
  phase: 'backup',
  files_done: 3,
  bytes_read: 210e6,
  bytes_total: 500e6,
  bytes_stored: 200e6,
  rate: 50e6,
  percent: 42,
  eta_seconds: 6,
  elapsed_seconds: 4.2,
};

describe('describeProgress', () => {
  it('says percent, bytes of the total, rate and time left while running', () => {
    expect(describeProgress(running, mb)).toBe('42.0 % · 210 MB of 500 MB · 50 MB/s · 6 s left');
    expect(describeProgress(running, mb, true)).toBe('42.0 % · 50 MB/s · 6 s left');
  });

  it('shows bytes alone while the total is unknown, and "done" at the end', () => {
    const { percent: _p, bytes_total: _t, eta_seconds: _e, ...unknown } = running;
    expect(describeProgress(unknown, mb, true)).toBe('210 MB · 50 MB/s');
    const done = { ...running, phase: 'done' as const, percent: 100, bytes_read: 500e6, eta_seconds: 0 };
    expect(describeProgress(done, mb)).toBe('100 % · 500 MB of 500 MB · done');
  });

  it('formats the time left in s, min and h', () => {
    expect(formatEta(5.4)).toBe('5 s');
    expect(formatEta(125)).toBe('2 min 5 s');
    expect(formatEta(7380)).toBe('2 h 3 min');
  });
});
