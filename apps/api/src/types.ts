import type { Store } from '@freezer/store';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}
