/**
 * Time source for triggers and waits. Tests run the daemon on a scaled clock (e.g. 60× real time, starting
 * at a chosen instant) so cron minutes and retry intervals pass in seconds without changing any logic.
 */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` of clock time, or early when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: realSleep,
};

/** A clock that starts at `startAt` (default: now) and runs `speed` times faster than real time. */
export function scaledClock(speed: number, startAt?: number): Clock {
  if (!(speed > 0)) throw new Error(`clock speed must be positive, got ${speed}`);
  const realStart = Date.now();
  const fakeStart = startAt ?? realStart;
  return {
    now: () => fakeStart + (Date.now() - realStart) * speed,
    sleep: (ms, signal) => realSleep(ms / speed, signal),
  };
}
