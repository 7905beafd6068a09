import { JobProgress } from '@freezer/schema';
import { randomUUID } from 'node:crypto';
import type { Store } from '@freezer/store';
import type { ProgressHub } from './progress-hub.js';

/** How a received progress event reaches the dashboards of every replica. */
export interface ProgressFeed {
  publish(project: string, progress: JobProgress): void;
  /**
   * A dashboard watches the project on this replica: the other replicas then ask their nodes for the
   * watched pace too (a node's stream and a dashboard may reach different replicas behind a balancer).
   */
  announceWatch(project: string): void;
  /** Whether other replicas share this feed (then watching must be announced). */
  readonly shared: boolean;
  close(): Promise<void>;
}

const CHANNEL = 'freezer_progress';
/**
 * The body of a watch notice: a JSON string naming the replica that sent it (it hears its own notices
 * too), never a valid JobProgress (older replicas ignore it).
 */
const WATCH_NOTICE = '"watching ';
/** Events waiting for their NOTIFY at most (memory stays bounded when the database lags). */
const MAX_QUEUED_NOTICES = 5000;

/**
 * SQLite (one process): straight into this process's hub. PostgreSQL (replicas behind a balancer): a
 * NOTIFY that every replica LISTENs to, so a dashboard sees a node's progress whichever replica each
 * of them talks to. Best-effort both ways: a failed NOTIFY drops one event, the next replaces it.
 * The NOTIFYs go one at a time in the order of the events.
 */
export async function openProgressFeed(store: Store, hub: ProgressHub): Promise<ProgressFeed> {
  const notifications = store.notifications;
  if (!notifications) {
    return {
      publish: (project, progress) => hub.put(project, progress),
      announceWatch: () => undefined,
      shared: false,
      close: async () => undefined,
    };
  }
  const replica = randomUUID();
  const ownNotice = `${WATCH_NOTICE}${replica}"`;
  const listening = await notifications.listen(CHANNEL, (payload) => {
    const cut = payload.indexOf('\n');
    if (cut > 0 && payload.startsWith(WATCH_NOTICE, cut + 1)) {
      if (payload.slice(cut + 1) !== ownNotice) hub.watchedElsewhere(payload.slice(0, cut));
      return;
    }
    const parsed = JobProgress.safeParse(safeJson(payload.slice(cut + 1)));
    if (cut > 0 && parsed.success) hub.put(payload.slice(0, cut), parsed.data);
  });
  // One NOTIFY at a time, in order: sent in parallel over the pool's connections, a job's last two
  // events could arrive swapped and leave the older one as its latest.
  const queue: string[] = [];
  let draining = false;
  const drain = async () => {
    draining = true;
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      await notifications.notify(CHANNEL, next).catch(() => undefined);
    }
    draining = false;
  };
  const send = (payload: string) => {
    // A database slower than the events: the oldest waiting goes (each job's newer one replaces it).
    if (queue.length >= MAX_QUEUED_NOTICES) queue.shift();
    queue.push(payload);
    if (!draining) void drain();
  };
  return {
    publish: (project, progress) => send(`${project}\n${JSON.stringify(progress)}`),
    announceWatch: (project) => send(`${project}\n${ownNotice}`),
    shared: true,
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
