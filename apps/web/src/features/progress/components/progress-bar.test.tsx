import type { JobProgress } from '@freezer/schema';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from './progress-bar';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const progress = (phase: JobProgress['phase']): JobProgress => ({
  job_id: 'j1',
  phase,
  files_done: 3,
  bytes_read: 2_000_000,
  bytes_total: 4_000_000,
  bytes_stored: 1_000_000,
  rate: 1_000_000,
  percent: phase === 'done' ? 100 : 50,
  elapsed_seconds: 2,
  received_at: 0,
});

const text = () => screen.getByRole('progressbar').nextElementSibling?.textContent ?? '';

describe('ProgressBar', () => {
  it('says when a running bar last moved once that is 5 s ago, counting up by itself', () => {
    vi.useFakeTimers({ now: 100_000 });
    render(<ProgressBar progress={progress('backup')} seenAt={100_000} />);
    expect(text()).not.toMatch(/updated/);
    act(() => vi.advanceTimersByTime(5000));
    expect(text()).toMatch(/ · updated 5 s ago$/);
    act(() => vi.advanceTimersByTime(7000));
    expect(text()).toMatch(/ · updated 12 s ago$/);
  });

  it('never says it for a finished action or without a time seen', () => {
    vi.useFakeTimers({ now: 100_000 });
    render(<ProgressBar progress={progress('done')} seenAt={50_000} />);
    expect(text()).toMatch(/done$/);
    cleanup();
    render(<ProgressBar progress={progress('backup')} />);
    act(() => vi.advanceTimersByTime(60_000));
    expect(text()).not.toMatch(/updated/);
  });
});
