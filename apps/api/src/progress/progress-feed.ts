import { JobProgress } from '@freezer/schema';
import type { Store } from '@freezer/store';
import type { ProgressHub } from './progress-hub.js';

/** How a received progress event reaches the dashboards of every replica. */
export interface ProgressFeed {
  publish(project: string, progress: JobProgress): void;
  close(): Promise<void>;
}

const CHANNEL = 'freezer_progress';

/**
 * SQLite (one process): straight into this process's hub. PostgreSQL (replicas behind a balancer): a
 * NOTIFY that every replica LISTENs to, so a dashboard sees a node's progress whichever replica each
 * of them talks to. Best-effort both ways: a failed NOTIFY drops one event, the next replaces it.
 */
export async function openProgressFeed(store: Store, hub: ProgressHub): Promise<ProgressFeed> {
  const notifications = store.notifications;
  if (!notifications) {
    return { publish: (project, progress) => hub.put(project, progress), close: async () => undefined };
  }
  const listening = await notifications.listen(CHANNEL, (payload) => {
    const cut = payload.indexOf('\n');
    const parsed = JobProgress.safeParse(safeJson(payload.slice(cut + 1)));
    if (cut > 0 && parsed.success) hub.put(payload.slice(0, cut), parsed.data);
  });
  return {
    publish(project, progress) {
      void notifications.notify(CHANNEL, `${project}\n${JSON.stringify(progress)}`).catch(() => undefined);
    },
    close: () => listening.close(),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
