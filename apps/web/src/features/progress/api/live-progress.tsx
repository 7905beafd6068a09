import type { JobProgress } from '@freezer/schema';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { apiClient } from '../../../lib/api';
import { LIVE_INTERVAL_MS } from '../../../lib/live';
import { useProject } from '../../../lib/project';

/** A job's latest progress and when this page got it (browser clock: the server's may differ). */
export interface SeenProgress {
  progress: JobProgress;
  seenAt: number;
}

/** How long a finished action's 100 % stays on screen, and a silent job's bar at all. */
export const PROGRESS_SHOWN_MS = 60_000;
/** A stream not open by then is taken as buffered by a proxy: the page polls instead. */
const SSE_OPEN_WAIT_MS = 5000;

const LiveProgressContext = createContext<ReadonlyMap<string, SeenProgress>>(new Map());

/**
 * Keeps every running job's latest progress of the current project: server-sent events
 * (GET /v2/{project}/events) while the stream is open, else a poll of GET /v2/{project}/progress
 * every few seconds (a proxy that buffers responses never lets the stream open).
 */
export function LiveProgressProvider({ children }: { children: ReactNode }) {
  const { project } = useProject();
  const [seen, setSeen] = useState<ReadonlyMap<string, SeenProgress>>(new Map());

  useEffect(() => {
    setSeen(new Map());
    let stopped = false;
    let poll: ReturnType<typeof setInterval> | undefined;
    const take = (list: JobProgress[]) => {
      if (stopped || list.length === 0) return;
      const now = Date.now();
      setSeen((old) => {
        const next = new Map(old);
        for (const p of list) next.set(p.job_id, { progress: p, seenAt: now });
        for (const [id, s] of next) if (now - s.seenAt > PROGRESS_SHOWN_MS) next.delete(id);
        return next;
      });
    };
    const startPolling = () => {
      if (poll || stopped) return;
      const once = () => {
        void apiClient(project)
          .listProgress()
          .then(take)
          .catch(() => undefined);
      };
      once();
      poll = setInterval(once, LIVE_INTERVAL_MS);
    };
    const stopPolling = () => {
      clearInterval(poll);
      poll = undefined;
    };

    const source =
      typeof EventSource === 'function'
        ? new EventSource(`/v2/${encodeURIComponent(project)}/events`)
        : undefined;
    if (!source) startPolling();
    const fallback = setTimeout(() => {
      if (source?.readyState !== EventSource.OPEN) startPolling();
    }, SSE_OPEN_WAIT_MS);
    source?.addEventListener('open', stopPolling);
    // The browser reconnects by itself; meanwhile the poll keeps the bars moving.
    source?.addEventListener('error', startPolling);
    source?.addEventListener('progress', (e) => {
      try {
        take([JSON.parse((e as MessageEvent<string>).data) as JobProgress]);
      } catch {
        // a torn event: the next one replaces it
      }
    });
    return () => {
      stopped = true;
      clearTimeout(fallback);
      stopPolling();
      source?.close();
    };
  }, [project]);

  return <LiveProgressContext.Provider value={seen}>{children}</LiveProgressContext.Provider>;
}

/**
 * The progress to show for a job: while it runs, and a finished action's last state (100 %) for a
 * minute after, so the end is seen even when the job's status changes first.
 */
export function useJobProgress(jobId: string, status: string | undefined): SeenProgress | undefined {
  const seen = useContext(LiveProgressContext).get(jobId);
  if (!seen) return undefined;
  if (status === 'running') return seen;
  return seen.progress.phase === 'done' && Date.now() - seen.seenAt < PROGRESS_SHOWN_MS ? seen : undefined;
}

/** Every job with progress to show, newest update first (the overview's "Running now"). */
export function useAllProgress(): SeenProgress[] {
  const seen = useContext(LiveProgressContext);
  return [...seen.values()].sort((a, b) => b.seenAt - a.seenAt);
}
