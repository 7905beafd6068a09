import type { Store } from '@freezer/store';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store over the database the replicas share: one atomic upsert per request,
 * so two replicas count one caller's requests together. Fixed windows, like the plugin's own stores.
 */
export function sharedRateStore(store: Store) {
  return class SharedRateStore {
    incr(key: string, cb: Callback, timeWindow: number): void {
      store.limits.hit(key, timeWindow).then(
        (h) => cb(null, { current: h.hits, ttl: h.resetsInMs }),
        (err: unknown) => cb(err as Error),
      );
    }

    child(): SharedRateStore {
      return new SharedRateStore();
    }
  };
}
