import type { Store } from '@freezer/store';
import type { ProgressFeed } from './progress/progress-feed.js';
import type { ProgressHub } from './progress/progress-hub.js';
import type { ProgressLane } from './progress/progress-lane.js';
import type { ProgressPacing } from './progress/progress-pacing.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    progressHub: ProgressHub;
    progressFeed: ProgressFeed;
    /** The interval each reporting node is asked for (server-advised pacing). */
    progressPacing: ProgressPacing;
    /** Set when progress posts may skip the framework (no auth, no rate limit, no debug log). */
    progressLane: ProgressLane | undefined;
  }
}
