import { OpenStackError } from './errors.js';

/**
 * Polls `get` every second until `state(resource)` says done (returns it) or failed (throws that line),
 * or `timeoutMs` passes; `what` names the resource in the messages.
 */
export async function pollUntil<T extends { status: string }>(
  what: string,
  get: () => Promise<T>,
  state: (r: T) => 'done' | 'failed' | 'waiting',
  timeoutMs: number,
  detail: (r: T) => string = () => '',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await get();
    const s = state(r);
    if (s === 'done') return r;
    if (s === 'failed') throw new OpenStackError(`${what} went ${r.status}${detail(r)}`);
    if (Date.now() > end) throw new OpenStackError(`timed out waiting for ${what} (still ${r.status})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
