import type { ProgressEvent } from '@freezer/schema';

/** Sends one event; false means the API does not want more for this run (no such route, job gone). */
export type ProgressSend = (event: ProgressEvent) => Promise<boolean>;

export const PROGRESS_FORWARD_MS = 2000;

/**
 * Forwards an agent's progress to the API: at most one request per interval and one in flight, always
 * the latest event (older ones are worthless), the last (`done`) at once. Best-effort: a failure drops
 * that event, nothing is queued or retried, the run never waits on it.
 */
export class ProgressForwarder {
  private latest: ProgressEvent | undefined;
  private lastSent = -Infinity;
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private refused = false;
  private ended = false;

  /** `onEnd` runs once after close(), when the last send has finished (a stream is then ended). */
  constructor(
    private readonly send: ProgressSend,
    private readonly intervalMs = PROGRESS_FORWARD_MS,
    private readonly now: () => number = Date.now,
    private readonly onEnd?: () => void,
  ) {}

  push(event: ProgressEvent): void {
    if (this.closed || this.refused) return;
    this.latest = event;
    this.schedule();
  }

  /** The agent ended: nothing more is taken, and only a pending last (`done`) event still goes. */
  close(): void {
    this.closed = true;
    if (this.latest?.phase !== 'done') {
      this.latest = undefined;
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.endIfIdle();
  }

  private endIfIdle(): void {
    if (!this.closed || this.ended || this.inFlight || this.latest) return;
    this.ended = true;
    this.onEnd?.();
  }

  private schedule(): void {
    if (this.inFlight || !this.latest) return;
    const wait = this.latest.phase === 'done' ? 0 : this.lastSent + this.intervalMs - this.now();
    if (this.timer) {
      if (wait > 0) return;
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
    this.timer.unref();
  }

  private flush(): void {
    const event = this.latest;
    if (!event || this.refused) return;
    this.latest = undefined;
    this.inFlight = true;
    this.lastSent = this.now();
    this.send(event)
      .then((wanted) => {
        if (!wanted) this.refused = true;
      })
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
        this.schedule();
        this.endIfIdle();
      });
  }
}
