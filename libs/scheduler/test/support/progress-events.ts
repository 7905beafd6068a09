import type { ProgressEvent } from '@freezer/schema';
import { afterEach, expect } from 'vitest';

/** A progress event that has read `bytes` (its identity in the tests), in `phase`, at `percent` if given. */
export const progressAt = (
  bytes: number,
  phase: ProgressEvent['phase'] = 'backup',
  percent: number | undefined = undefined,
): ProgressEvent => ({
  phase,
  files_done: 0,
  bytes_read: bytes,
  bytes_stored: 0,
  rate: 0,
  elapsed_seconds: 0,
  ...(percent === undefined ? {} : { percent }),
});

/**
 * Waits until `check` holds, then asserts it. Generous: against the real API the first answer waits for
 * its start under a loaded CI machine.
 */
export async function until(check: () => boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

/** Servers a test started, closed after each test of the file that calls this. */
export function closedAfterEach(): (() => Promise<void>)[] {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });
  return closers;
}
