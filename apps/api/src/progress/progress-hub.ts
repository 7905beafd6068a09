import type { JobProgress } from '@freezer/schema';
import { sseFrame } from './sse-frame.js';

/** One dashboard's event stream: `send` writes ready frames (or skips them for a slow client). */
export interface ProgressSubscriber {
  send(frames: Buffer): void;
  end(): void;
}

/**
 * Streams written per turn of the event loop. A batch is ~100 KB with 1,000 jobs: fifty writes at
 * once held the loop for milliseconds and delayed the nodes' polls behind them.
 */
const STREAMS_PER_TURN = 8;
/** Another replica's watch notice holds this long; replicas repeat it every WATCH_NOTICE_MS. */
export const REMOTE_WATCH_MS = 30_000;
export const WATCH_NOTICE_MS = 10_000;

interface Entry {
  project: string;
  progress: JobProgress;
}

export interface ProgressHubOptions {
  /** Jobs remembered at most (the oldest update goes first): memory stays bounded whatever is posted. */
  maxJobs?: number;
  /** A job not heard from for this long is dropped (its run ended or its node went away). */
  ttlMs?: number;
  /**
   * Updates go out to the streams in batches this often: with 1,000 nodes and 50 dashboards, one
   * write per stream per batch instead of 25,000 small writes a second.
   */
  batchMs?: number;
  now?: () => number;
}

/**
 * The latest progress of each running job, in memory: a progress event is worth something only
 * while it is fresh, so it is never written to the database. Each update is framed once and written
 * to the project's open event streams.
 */
export class ProgressHub {
  private readonly latest = new Map<string, Entry>();
  private readonly streams = new Map<string, Set<ProgressSubscriber>>();
  /** Per project with open streams: the jobs updated since the last batch, latest only. */
  private readonly pending = new Map<string, Map<string, JobProgress>>();
  private batchTimer: NodeJS.Timeout | undefined;
  private readonly watchListeners: ((project: string) => void)[] = [];
  private readonly remoteWatch = new Map<string, number>();
  private readonly maxJobs: number;
  private readonly ttlMs: number;
  private readonly batchMs: number;
  private readonly now: () => number;

  constructor(options: ProgressHubOptions = {}) {
    this.maxJobs = options.maxJobs ?? 20_000;
    this.ttlMs = options.ttlMs ?? 120_000;
    this.batchMs = options.batchMs ?? 500;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.latest.size;
  }

  /**
   * Whether a dashboard holds an event stream of this project open on this replica, or another
   * replica said one of its dashboards watches it within the last REMOTE_WATCH_MS.
   */
  watched(project: string): boolean {
    if (this.streams.has(project)) return true;
    const at = this.remoteWatch.get(project);
    if (at === undefined) return false;
    if (this.now() - at <= REMOTE_WATCH_MS) return true;
    this.remoteWatch.delete(project);
    return false;
  }

  /** Projects with an event stream open on this replica (announced to the others). */
  streamedProjects(): string[] {
    return [...this.streams.keys()];
  }

  /** Another replica's dashboard watches this project (its notice, repeated while it watches). */
  watchedElsewhere(project: string): void {
    const was = this.watched(project);
    this.remoteWatch.set(project, this.now());
    if (!was) for (const listener of this.watchListeners) listener(project);
  }

  /**
   * Jobs whose latest update arrived at or after `cutoff`: the nodes reporting now, deployment-wide
   * (with PostgreSQL every replica's events reach this hub). Counts from the newest end by skipping
   * the older ones: the map is in order of last update.
   */
  reportersSince(cutoff: number): number {
    let stale = 0;
    for (const entry of this.latest.values()) {
      if (entry.progress.received_at >= cutoff) break;
      stale++;
    }
    return this.latest.size - stale;
  }

  /** Whether this job of this project has posted recently (then its existence needs no new lookup). */
  knows(project: string, jobId: string): boolean {
    return this.latest.has(key(project, jobId));
  }

  put(project: string, progress: JobProgress): void {
    const k = key(project, progress.job_id);
    // Delete then set: the Map's order becomes the order of last update, oldest first.
    this.latest.delete(k);
    this.latest.set(k, { project, progress });
    if (this.latest.size > this.maxJobs) {
      const oldest = this.latest.keys().next().value as string;
      this.latest.delete(oldest);
    }
    if (!this.streams.has(project)) return;
    let jobs = this.pending.get(project);
    if (!jobs) this.pending.set(project, (jobs = new Map()));
    jobs.set(progress.job_id, progress);
    if (!this.batchTimer) {
      this.batchTimer = setTimeout(() => this.flush(), this.batchMs);
      this.batchTimer.unref();
    }
  }

  /**
   * Sends the pending updates: framed and encoded once per project, the same bytes written to each
   * stream, a few streams per turn of the event loop (the first few at once).
   */
  flush(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    for (const [project, jobs] of this.pending) {
      const subscribers = this.streams.get(project);
      if (!subscribers) continue;
      let batch = '';
      for (const p of jobs.values()) batch += sseFrame('progress', JSON.stringify(p));
      this.fanOut(Buffer.from(batch), subscribers, [...subscribers], 0);
    }
    this.pending.clear();
  }

  private fanOut(frames: Buffer, live: Set<ProgressSubscriber>, targets: ProgressSubscriber[], from: number) {
    const end = Math.min(from + STREAMS_PER_TURN, targets.length);
    // A stream closed since the batch was cut has left `live`: it gets nothing.
    for (let i = from; i < end; i++) if (live.has(targets[i] as ProgressSubscriber)) targets[i]?.send(frames);
    if (end < targets.length) setImmediate(() => this.fanOut(frames, live, targets, end));
  }

  /** The project's fresh progress, oldest update first; stale entries are dropped on the way. */
  list(project: string): JobProgress[] {
    this.prune();
    const out: JobProgress[] = [];
    for (const entry of this.latest.values()) if (entry.project === project) out.push(entry.progress);
    return out;
  }

  subscribe(project: string, subscriber: ProgressSubscriber): () => void {
    let set = this.streams.get(project);
    const first = !this.watched(project);
    if (!set) this.streams.set(project, (set = new Set()));
    set.add(subscriber);
    if (first) for (const listener of this.watchListeners) listener(project);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.streams.get(project) === set) {
        this.streams.delete(project);
        this.pending.delete(project);
      }
    };
  }

  /**
   * `listener` runs when a project becomes watched: its first open event stream here, or another
   * replica's notice while none was open here.
   */
  onWatch(listener: (project: string) => void): void {
    this.watchListeners.push(listener);
  }

  /** Every open stream, to end them when the server stops. */
  subscribers(): ProgressSubscriber[] {
    return [...this.streams.values()].flatMap((set) => [...set]);
  }

  private prune(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [k, entry] of this.latest) {
      // Oldest first: the first fresh entry ends the sweep.
      if (entry.progress.received_at >= cutoff) break;
      this.latest.delete(k);
    }
  }
}

function key(project: string, jobId: string): string {
  return `${project}\u0000${jobId}`;
}
