import type { Store } from '@freezer/store';
import type { ProgressFeed } from './progress/progress-feed.js';
import type { ProgressHub } from './progress/progress-hub.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    progressHub: ProgressHub;
    progressFeed: ProgressFeed;
  }
}
