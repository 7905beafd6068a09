import { PROGRESS_INTERVAL_MAX_S, PROGRESS_INTERVAL_MIN_S } from '@freezer/schema';
import { type ProgressHub, WATCH_NOTICE_MS } from './progress-hub.js';

export interface ProgressPacingOptions {
  /**
   * Progress events per second the API accepts from the whole deployment while dashboards watch:
   * with R nodes reporting, each is asked for one every R / budget seconds (never under `watchedS`).
   */
  budget?: number;
  /** The interval asked for while a dashboard watches and the budget allows it (the agent's own pace). */
  watchedS?: number;
  /** The interval asked for while nobody watches the project: the bar is then only for late-comers. */
  unwatchedS?: number;
  /** A dashboard that polled the project's progress this recently still counts as watching it. */
  pollMemoryMs?: number;
  /** A node counts as reporting when its latest event is this recent (at least the longest interval). */
  reporterWindowMs?: number;
  now?: () => number;
  /**
   * Tells the other replicas that a dashboard watches the project here (a poll), at most once per
   * WATCH_NOTICE_MS per project. Open event streams are announced by the app on the same period.
   */
  announce?: (project: string) => void;
}

export const DEFAULT_PROGRESS_BUDGET = 100;
/** The reporter count is taken again at most this often: an answer must not walk the jobs each time. */
const RECOUNT_MS = 1000;

/**
 * Server-advised pacing (the API tells each reporting node how often to report, as telemetry
 * collectors do): a bare HTTP server already spends ~0.125 ms per event on this machine, so the API's
 * cost stays bounded only if fewer events arrive (docs/benchmarks.md, Live progress). The interval is
 * whole seconds, in [PROGRESS_INTERVAL_MIN_S, PROGRESS_INTERVAL_MAX_S].
 */
export class ProgressPacing {
  readonly budget: number;
  private readonly watchedS: number;
  private readonly unwatchedS: number;
  private readonly pollMemoryMs: number;
  private readonly reporterWindowMs: number;
  private readonly now: () => number;
  private readonly polledAt = new Map<string, number>();
  private readonly announcedAt = new Map<string, number>();
  private readonly announce: ((project: string) => void) | undefined;
  private counted = { at: -Infinity, reporters: 0 };
  /** Per project: the open progress streams, told at once when a dashboard starts watching. */
  private readonly followers = new Map<string, Set<() => void>>();

  constructor(
    private readonly hub: Pick<ProgressHub, 'watched' | 'reportersSince' | 'onWatch'>,
    options: ProgressPacingOptions = {},
  ) {
    this.budget = options.budget ?? DEFAULT_PROGRESS_BUDGET;
    if (!(this.budget > 0))
      throw new Error('the progress budget must be a positive number of events per second');
    this.watchedS = options.watchedS ?? 2;
    this.unwatchedS = options.unwatchedS ?? 30;
    this.pollMemoryMs = options.pollMemoryMs ?? 30_000;
    this.reporterWindowMs = options.reporterWindowMs ?? PROGRESS_INTERVAL_MAX_S * 1000;
    this.now = options.now ?? Date.now;
    this.announce = options.announce;
    hub.onWatch((project) => this.startedWatching(project));
  }

  /** A dashboard read the project's progress (the poll it falls back to without server-sent events). */
  polled(project: string): void {
    const was = this.watched(project);
    const now = this.now();
    this.polledAt.set(project, now);
    if (!was) this.startedWatching(project);
    if (this.announce && now - (this.announcedAt.get(project) ?? -Infinity) >= WATCH_NOTICE_MS) {
      this.announcedAt.set(project, now);
      this.announce(project);
    }
  }

  /**
   * `onWatch` runs when a dashboard starts watching the project (an open progress stream then sends
   * its node the shorter interval at once instead of at its next event, up to 30 s later).
   */
  follow(project: string, onWatch: () => void): () => void {
    let set = this.followers.get(project);
    if (!set) this.followers.set(project, (set = new Set()));
    set.add(onWatch);
    return () => {
      set.delete(onWatch);
      if (set.size === 0 && this.followers.get(project) === set) this.followers.delete(project);
    };
  }

  private startedWatching(project: string): void {
    for (const onWatch of this.followers.get(project) ?? []) onWatch();
  }

  /** Whether a dashboard watches the project now: an open event stream, or a recent poll. */
  watched(project: string): boolean {
    if (this.hub.watched(project)) return true;
    const at = this.polledAt.get(project);
    if (at === undefined) return false;
    if (this.now() - at <= this.pollMemoryMs) return true;
    this.polledAt.delete(project);
    return false;
  }

  /** Nodes reporting in the last window, deployment-wide (recounted at most once a second). */
  reporters(): number {
    const now = this.now();
    if (now - this.counted.at >= RECOUNT_MS) {
      this.counted = { at: now, reporters: this.hub.reportersSince(now - this.reporterWindowMs) };
    }
    return this.counted.reporters;
  }

  /** The interval, in seconds, to ask of a node reporting for this project now. */
  intervalFor(project: string): number {
    const byBudget = this.reporters() / this.budget;
    const floor = this.watched(project) ? this.watchedS : this.unwatchedS;
    const seconds = Math.ceil(Math.max(floor, byBudget));
    return Math.min(PROGRESS_INTERVAL_MAX_S, Math.max(PROGRESS_INTERVAL_MIN_S, seconds));
  }
}
