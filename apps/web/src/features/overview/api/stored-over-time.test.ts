import { describe, expect, it } from 'vitest';
import { storedOverTime } from './stored-over-time';

const day = (date: string, bytes: number) => ({
  date,
  bytes_stored: bytes,
  backups_success: 0,
  backups_fail: 0,
  runs_success: 0,
  runs_fail: 0,
});

describe('storedOverTime', () => {
  it('ends at the current total and steps back by each day’s writes', () => {
    const days = [day('d1', 100), day('d2', 0), day('d3', 50)];
    expect(storedOverTime(days, 1000)).toEqual([
      { date: 'd1', stored: 950 },
      { date: 'd2', stored: 950 },
      { date: 'd3', stored: 1000 },
    ]);
  });

  it('without a known total, counts only the window', () => {
    expect(storedOverTime([day('d1', 10), day('d2', 5)], undefined)).toEqual([
      { date: 'd1', stored: 10 },
      { date: 'd2', stored: 15 },
    ]);
  });
});
