import type { Transport } from '@freezer/api-client';

/**
 * What a reverse proxy in front of several replicas does, on the client side: requests alternate
 * between the replicas, and one that gets no answer at all (refused, reset) is sent to the next.
 * Like nginx with `proxy_next_upstream error non_idempotent`, a POST whose answer was lost may be
 * delivered twice, so the API must take repeats of the same result once.
 */
export function failoverTransport(origins: string[], inner: Transport): Transport {
  let next = 0;
  return async (req) => {
    const { pathname, search } = new URL(req.url);
    const first = next++;
    let lastError: unknown;
    for (let attempt = 0; attempt < origins.length; attempt++) {
      const origin = origins[(first + attempt) % origins.length];
      try {
        return await inner({ ...req, url: `${origin}${pathname}${search}` });
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  };
}
