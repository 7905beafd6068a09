import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressForwarder } from '../src/progress-forwarder.js';
import { progressAt } from './support/progress-events.js';

const at = progressAt;

/** A forwarder on fake timers (2 s interval) whose sends record the bytes read and succeed. */
function recording() {
  vi.useFakeTimers({ now: 0 });
  const sent: number[] = [];
  const f = new ProgressForwarder(async (e) => {
    sent.push(e.bytes_read);
    return true;
  }, 2000);
  return { f, sent };
}

describe('ProgressForwarder', () => {
  afterEach(() => vi.useRealTimers());

  it('sends the first event at once, then the latest at most every interval, and the last at once', async () => {
    const { f, sent } = recording();
    // An event a second for 5 s, as the agent writes them.
    for (let s = 0; s < 5; s++) {
      f.push(at(s * 100));
      await vi.advanceTimersByTimeAsync(1000);
    }
    f.push(at(999, 'done'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([0, 100, 300, 999]);
    f.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toEqual([0, 100, 300, 999]);
  });

  it('keeps one request in flight and sends only the newest afterwards', async () => {
    vi.useFakeTimers({ now: 0 });
    const sent: number[] = [];
    let release: (() => void) | undefined;
    const f = new ProgressForwarder((e) => {
      sent.push(e.bytes_read);
      return new Promise<boolean>((resolve) => (release = () => resolve(true)));
    }, 2000);
    f.push(at(1));
    for (let i = 2; i <= 9; i++) {
      f.push(at(i));
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(sent).toEqual([1]);
    release?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([1, 9]);
  });

  it('stops for the run when the API says no, and swallows failures', async () => {
    vi.useFakeTimers({ now: 0 });
    let calls = 0;
    const refused = new ProgressForwarder(async () => {
      calls++;
      return false;
    }, 10);
    refused.push(at(1));
    await vi.advanceTimersByTimeAsync(100);
    refused.push(at(2, 'done'));
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(1);

    const sent: number[] = [];
    const failing = new ProgressForwarder(async (e) => {
      sent.push(e.bytes_read);
      throw new Error('API unreachable');
    }, 10);
    failing.push(at(1));
    await vi.advanceTimersByTimeAsync(100);
    failing.push(at(2, 'done'));
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([1, 2]);
  });

  it('drops a pending update when the agent ends without a last event', async () => {
    const { f, sent } = recording();
    f.push(at(1));
    await vi.advanceTimersByTimeAsync(0);
    f.push(at(2));
    f.close();
    f.push(at(3));
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([1]);
  });

  it('calls its end hook once, after the last event went out', async () => {
    vi.useFakeTimers({ now: 0 });
    const log: string[] = [];
    let release: (() => void) | undefined;
    const f = new ProgressForwarder(
      (e) => {
        log.push(`send ${e.bytes_read}`);
        return new Promise<boolean>((resolve) => (release = () => resolve(true)));
      },
      2000,
      Date.now,
      () => log.push('end'),
    );
    f.push(at(1));
    f.push(at(2, 'done'));
    f.close();
    expect(log).toEqual(['send 1']);
    release?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['send 1', 'send 2']);
    release?.();
    await vi.advanceTimersByTimeAsync(0);
    f.close();
    expect(log).toEqual(['send 1', 'send 2', 'end']);
  });
});
