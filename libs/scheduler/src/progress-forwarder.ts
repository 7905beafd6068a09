import { type ProgressEvent, parseProgressInterval } from '@freezer/schema';

/** Sends one event; false means the API does not want more for this run (no such route, job gone). */
export type ProgressSend = (event: ProgressEvent) => Promise<boolean>;

/** The interval a run's progress is forwarded at until the API advises another (a stock API never does). */
export const PROGRESS_FORWARD_MS = 2000;

/**
 * Forwards an agent's progress to the API: at most one request per interval and one in flight, always
 * the latest event (older ones are worthless). The interval is the API's advice (`advise`, from a
 * `Freezer-Progress-Interval` header or a stream's control line; 1-60 s, junk ignored), the default
 * until it gives one. Some events go at once whatever the interval: a change of phase, 100 %, and the
 * last (`done`), so a bar moves to its next phase and ends at 100 % without waiting. Best-effort: a
 * failure drops that event, nothing is queued or retried, the run never waits on it.
 */
export class ProgressForwarder {
  private latest: ProgressEvent | undefined;
  private lastSent = -Infinity;
  private lastPhase: ProgressEvent['phase'] | undefined;
  private lastPercent = 0;
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private refused = false;
  private ended = false;
  private intervalMs: number;

  /**
   * `onEnd` runs once after close(), when the last send has finished (a stream is then ended).
   * `spread` (a fraction in [0, 1), e.g. Math.random) moves the next send up to that part of a newly
   * advised interval earlier, never later: the API advises every node at the same moment, and nodes
   * started together (a fleet's 02:00 cron) would otherwise keep sending in the same second.
   */
  constructor(
    private readonly send: ProgressSend,
    private readonly defaultIntervalMs = PROGRESS_FORWARD_MS,
    private readonly now: () => number = Date.now,
    private readonly onEnd?: () => void,
    private readonly spread: () => number = () => 0,
  ) {
    this.intervalMs = defaultIntervalMs;
  }

  /** The interval in force, ms: the API's latest valid advice, or the default. */
  get interval(): number {
    return this.intervalMs;
  }

  /** The API's advice, in seconds (a header's text or a control line's number); junk is ignored. */
  advise(seconds: unknown): void {
    const s = parseProgressInterval(seconds);
    if (s === undefined || s * 1000 === this.intervalMs) return;
    this.intervalMs = s * 1000;
    this.lastSent = Math.min(this.lastSent, this.now() - this.spread() * this.intervalMs);
    // A pending event waits for the new interval (sooner or later than the old one).
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
  }

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

  /** An event a dashboard must see without waiting for the interval. */
  private urgent(event: ProgressEvent): boolean {
    return (
      event.phase === 'done' ||
      (this.lastPhase !== undefined && event.phase !== this.lastPhase) ||
      (event.percent !== undefined && event.percent >= 100 && this.lastPercent < 100)
    );
  }

  private schedule(): void {
    if (this.inFlight || !this.latest) return;
    const wait = this.urgent(this.latest) ? 0 : this.lastSent + this.intervalMs - this.now();
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
    this.lastPhase = event.phase;
    this.lastPercent = event.percent ?? this.lastPercent;
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
